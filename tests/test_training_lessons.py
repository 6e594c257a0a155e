"""The two training lessons, run as a learner would (quick real runs on real MNIST)."""
import ast
import errno
import json
import os
import re
import signal
import subprocess
import sys
import time

from pathlib import Path

import numpy as np
import pytest

from conftest import REPO, run_script

LESSONS = {  # script -> output name, flags of a quick run (1 epoch), its minimum test accuracy, steps
    "MNISTSoftmax.py": ("mnist_softmax", ("--train-limit", 3000), 0.85, 11),  # chance is 0.10
    "MNISTCNN.py": ("mnist_cnn", ("--train-limit", 5000, "--batch-size", 32), 0.90, 13),
}
FIGURES = {"mnist_softmax": ("history", "label_counts", "confusion_matrix", "misclassified"),
           "mnist_cnn": ("history", "label_counts", "confusion_matrix", "misclassified", "structure",
                         "feature_maps")}


def quick_flags(script):
    return ("--epochs", 1, *LESSONS[script][1], "--no-show")


@pytest.fixture(scope="module", params=sorted(LESSONS))
def quick_run(request, tmp_path_factory):
    """One quick real run of a lesson (1 epoch on a few thousand images): its outputs and its output."""
    script = request.param
    output_dir = tmp_path_factory.mktemp(LESSONS[script][0])
    result = run_script(script, *quick_flags(script), "--output-dir", output_dir)
    assert result.returncode == 0, result.stderr
    return script, LESSONS[script][0], output_dir, result


def test_quick_run_writes_every_output(quick_run, mnist_dir):
    script, name, output_dir, result = quick_run
    # Step 1 says which copy of MNIST was read, and what it holds.
    assert f"MNIST 读取自 / read from {mnist_dir}\ntraining images (60000, 28, 28), test images (10000, 28, 28)\n" \
        in result.stdout
    expected = [f"{name}.h5", f"{name}_report.json", *(f"{name}_{figure}.png" for figure in FIGURES[name])]
    for file_name in expected:
        path = output_dir / file_name
        assert path.is_file() and path.stat().st_size > 1000, file_name
        if file_name.endswith(".png"):
            assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            assert str(path) in result.stdout  # the lesson says where each figure is
    # Nothing else: no backup left behind by a finished run, no temporary file, no lock.
    assert sorted(path.name for path in output_dir.iterdir()) == sorted(expected)
    steps = re.findall(r"^=== (\d+)\. .+ ===$", result.stdout, re.MULTILINE)
    assert steps == [str(number) for number in range(1, LESSONS[script][3] + 1)]
    assert "Classified correctly count:" in result.stdout
    assert "Traceback" not in result.stderr and "port.cc" not in result.stderr
    assert "Warning" not in result.stderr, result.stderr


def test_report_agrees_with_predictions_of_reloaded_model(quick_run, mnist_dir):
    """Reload the .h5 in this (fresh) process, predict, and recompute every number of the report."""
    from mnist_course.cli import import_keras
    from mnist_course.data import load_mnist

    keras = import_keras()
    script, name, output_dir, _ = quick_run
    report = json.loads((output_dir / f"{name}_report.json").read_text())
    model = keras.models.load_model(output_dir / f"{name}.h5")
    _, (x_test, y_test) = load_mnist(mnist_dir)
    images = x_test.reshape(-1, *model.input_shape[1:]).astype("float32") / 255
    probabilities = model.predict(images, verbose=0)
    predicted = probabilities.argmax(axis=1)

    confusion = np.zeros((10, 10), dtype=int)
    np.add.at(confusion, (y_test, predicted), 1)
    assert report["confusion_matrix"] == confusion.tolist()
    assert report["correct"] == int(np.sum(predicted == y_test))
    assert report["incorrect"] == 10000 - report["correct"]
    assert report["test_accuracy"] == pytest.approx(report["correct"] / 10000)
    assert report["test_accuracy"] >= LESSONS[script][2]
    cross_entropy = -np.mean(np.log(np.clip(probabilities[np.arange(10000), y_test], 1e-7, 1)))
    assert report["test_loss"] == pytest.approx(cross_entropy, rel=0.02)
    for digit in range(10):
        scores = report["per_class"][str(digit)]
        assert scores["support"] == int(np.sum(y_test == digit))
        assert scores["recall"] == pytest.approx(confusion[digit, digit] / confusion[digit].sum(), abs=1e-4)
        assert scores["precision"] == pytest.approx(confusion[digit, digit] / confusion[:, digit].sum(),
                                                    abs=1e-4)
        precision, recall = scores["precision"], scores["recall"]
        assert scores["f1"] == pytest.approx(2 * precision * recall / (precision + recall), abs=1e-3)


def test_report_scores_of_a_hand_worked_example():
    """Four test images, worked out by hand: F1 is the harmonic mean, not precision or recall."""
    from mnist_course import report

    probabilities = np.eye(10)[[0, 1, 1, 1]]  # the model's answers: 0, 1, 1, 1
    built = report.build(np.array([0, 0, 1, 1]), probabilities, test_loss=0.5)
    assert (built["correct"], built["incorrect"], built["test_accuracy"]) == (3, 1, 0.75)
    assert built["per_class"]["0"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2}
    assert built["per_class"]["1"] == {"precision": 0.6667, "recall": 1.0, "f1": 0.8, "support": 2}
    assert built["per_class"]["2"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}


def test_same_seed_gives_same_results(quick_run, tmp_path):
    script, name, output_dir, _ = quick_run
    again = run_script(script, *quick_flags(script), "--output-dir", tmp_path)
    assert again.returncode == 0, again.stderr
    first = json.loads((output_dir / f"{name}_report.json").read_text())
    second = json.loads((tmp_path / f"{name}_report.json").read_text())
    assert second["confusion_matrix"] == first["confusion_matrix"]
    assert second["test_loss"] == first["test_loss"]


def interrupt_after_first_epoch(command, backup):
    """Start a lesson, press Ctrl-C once an epoch is backed up; return (stdout, stderr, return code)."""
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while not (backup / "state.json").exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=300)
    return stdout, stderr, process.returncode


def softmax_command(output_dir, *flags):
    return [sys.executable, str(REPO / "MNISTSoftmax.py"), "--epochs", "5", "--train-limit", "3000",
            "--no-show", "--output-dir", str(output_dir), *flags]


def test_interrupted_training_resumes_at_next_epoch(tmp_path):
    """Ctrl-C after an epoch: exit 130 with one line naming the command; that command continues."""
    command = softmax_command(tmp_path)
    backup = tmp_path / "mnist_softmax_backup"
    # Started with --restart: the command that continues it must not set the backup aside again.
    stdout, stderr, code = interrupt_after_first_epoch([*command, "--restart"], backup)
    assert code == 130, f"not interrupted during training: {stdout[-500:]} {stderr}"
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1, stderr
    assert stderr.strip().endswith("run the same command: python " + " ".join(command[1:]))
    done = json.loads((backup / "state.json").read_text())["epochs_done"]
    assert 1 <= done < 5
    assert not (tmp_path / "mnist_softmax.h5").exists()

    resumed = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{done} epoch(s) already done" in resumed.stdout
    assert f"Epoch {done + 1}/5" in resumed.stdout and f"Epoch {done}/5" not in resumed.stdout
    assert not backup.exists()
    history = json.loads((tmp_path / "mnist_softmax_report.json").read_text())["training"]["history"]
    assert len(history["loss"]) == len(history["val_accuracy"]) == 5  # the plot covers every epoch


def test_interrupted_after_the_last_epoch_loses_no_training(tmp_path):
    """Ctrl-C while the trained model is being plotted or saved: the backup is still there."""
    command = [sys.executable, str(REPO / "MNISTSoftmax.py"), "--epochs", "1", "--train-limit", "3000",
               "--no-show", "--output-dir", str(tmp_path)]
    backup = tmp_path / "mnist_softmax_backup"
    stdout, stderr, code = interrupt_after_first_epoch(command, backup)
    assert code == 130, f"not interrupted after training: {stdout[-500:]} {stderr}"
    assert json.loads((backup / "state.json").read_text())["epochs_done"] == 1
    resumed = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert "1 epoch(s) already done" in resumed.stdout and "Epoch 1/1" not in resumed.stdout
    assert (tmp_path / "mnist_softmax.h5").is_file() and not backup.exists()
    history = json.loads((tmp_path / "mnist_softmax_report.json").read_text())["training"]["history"]
    assert len(history["loss"]) == 1  # the epoch of the interrupted run


def fake_backup(folder, settings, epochs_done=3):
    """A whole backup as an interrupted run leaves it (the weights need not be real to be compared)."""
    import hashlib

    folder.mkdir()
    weights = folder / f"epoch-{epochs_done}.weights.h5"
    weights.write_bytes(b"weights of an earlier run")
    (folder / "state.json").write_text(json.dumps({
        "command": "python MNISTSoftmax.py --epochs 10", "settings": settings, "epochs_done": epochs_done,
        "weights": weights.name, "sha256": hashlib.sha256(weights.read_bytes()).hexdigest(), "history": {}}))
    return sorted(path.name for path in folder.iterdir())


def test_backup_of_other_settings_is_not_resumed(tmp_path):
    """A backup left by a run with other flags is kept, and the learner is told what to do."""
    backup = tmp_path / "mnist_softmax_backup"
    files = fake_backup(backup, {"epochs": 10, "batch_size": 128, "training_images": 55000, "seed": 42,
                                 "precision": "float32"})
    result = run_script("MNISTSoftmax.py", "--epochs", 1, "--train-limit", 1000, "--no-show",
                        "--output-dir", tmp_path)
    assert result.returncode == 1
    assert result.stderr == (f"error: {backup}: holds an interrupted run of `python MNISTSoftmax.py --epochs 10` "
                             "(3 of 10 epochs done); run that command to finish it, or add --restart to set it "
                             "aside and start this run\n")
    assert sorted(path.name for path in backup.iterdir()) == files


@pytest.mark.parametrize("damage", ["truncated weights", "half a state file", "no state file",
                                    "edited state file", "weights outside the backup"])
def test_damaged_backup_is_set_aside_and_training_starts_over(tmp_path, damage):
    backup = tmp_path / "mnist_softmax_backup"
    fake_backup(backup, {"epochs": 1})
    state = json.loads((backup / "state.json").read_text())
    if damage == "truncated weights":
        (backup / "epoch-3.weights.h5").write_bytes(b"weights of an")
    elif damage == "half a state file":
        (backup / "state.json").write_text('{"command": "python MNISTSo')
    elif damage == "no state file":
        (backup / "state.json").unlink()
    elif damage == "edited state file":  # the checksum still matches, the rest does not make sense
        (backup / "state.json").write_text(json.dumps({**state, "epochs_done": "three", "history": []}))
    else:  # a state file naming a file elsewhere, which the next save would delete
        precious = tmp_path / "precious.h5"
        precious.write_bytes(b"weights of an earlier run")
        (backup / "state.json").write_text(json.dumps({**state, "weights": "../precious.h5"}))
    result = run_script("MNISTSoftmax.py", "--epochs", 1, "--train-limit", 1000, "--no-show",
                        "--output-dir", tmp_path)
    assert result.returncode == 0, result.stderr
    aside = [path for path in tmp_path.iterdir() if path.name.startswith("mnist_softmax_backup-set-aside-")]
    assert len(aside) == 1 and f"set aside as {aside[0]} (it is incomplete or damaged" in result.stdout
    assert (aside[0] / "epoch-3.weights.h5").exists() or damage == "no state file"
    assert "already done" not in result.stdout
    assert (tmp_path / "mnist_softmax.h5").is_file() and not backup.exists()
    assert damage != "weights outside the backup" or (tmp_path / "precious.h5").read_bytes() == b"weights of an earlier run"


def test_restart_sets_the_interrupted_run_aside(tmp_path):
    backup = tmp_path / "mnist_softmax_backup"
    files = fake_backup(backup, {"epochs": 10})
    result = run_script("MNISTSoftmax.py", "--epochs", 1, "--train-limit", 1000, "--no-show", "--restart",
                        "--output-dir", tmp_path)
    assert result.returncode == 0, result.stderr
    [aside] = [path for path in tmp_path.iterdir() if path.name.startswith("mnist_softmax_backup-set-aside-")]
    assert sorted(path.name for path in aside.iterdir()) == files  # kept whole, for the learner to delete
    assert "--restart: training starts over" in result.stdout
    assert "already done" not in result.stdout


def test_second_run_into_the_same_folder_is_refused(tmp_path):
    command = softmax_command(tmp_path)
    first = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not (tmp_path / ".MNISTSoftmax.lock").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        second = run_script("MNISTSoftmax.py", "--epochs", 1, "--no-show", "--output-dir", tmp_path)
    finally:
        first.kill()
        first.communicate()
    assert second.returncode == 1
    assert second.stderr == (f"error: {tmp_path}: another run of MNISTSoftmax (process {first.pid}, a terminal or "
                             "a notebook kernel) is writing into this folder; wait for it to finish, or choose "
                             "another one with --output-dir\n")
    # Another lesson may write into the same folder meanwhile: it has files of its own.
    other = run_script("IntroduceMNISTKeras.py", "--no-show", "--output-dir", tmp_path)
    assert other.returncode == 0, other.stderr
    # The first run was killed, not stopped politely: its lock must not block the next run.
    again = run_script("MNISTSoftmax.py", "--epochs", 1, "--train-limit", 1000, "--no-show", "--restart",
                       "--output-dir", tmp_path)
    assert again.returncode == 0, again.stderr


def test_existing_file_survives_a_failed_save(tmp_path):
    from mnist_course import CourseError
    from mnist_course.saving import replacing

    model_path = tmp_path / "mnist_softmax.h5"
    model_path.write_bytes(b"the learner's earlier model")
    with pytest.raises(CourseError, match=f"^{model_path}: no space left on the device"):
        with replacing(model_path) as temporary:
            temporary.write_bytes(b"half a model")
            raise OSError(errno.ENOSPC, "No space left on device")
    assert model_path.read_bytes() == b"the learner's earlier model"
    assert [path.name for path in tmp_path.iterdir()] == ["mnist_softmax.h5"]


def test_saved_files_get_the_usual_permissions(quick_run):
    _, name, output_dir, _ = quick_run
    umask = os.umask(0)
    os.umask(umask)
    for file_name in (f"{name}.h5", f"{name}_report.json", f"{name}_history.png"):
        assert (output_dir / file_name).stat().st_mode & 0o777 == 0o666 & ~umask, file_name


@pytest.mark.parametrize("script", sorted(LESSONS))
@pytest.mark.parametrize("flags, complaint", [
    (("--epochs", "0"), "--epochs: 0 must be at least 1"),
    (("--batch-size", "-1"), "--batch-size: -1 must be at least 1"),
    (("--train-limit", "0"), "--train-limit: 0 must be at least 1"),
    (("--epochs", "two"), "--epochs: 'two' is not a whole number"),
    (("--precision", "float8"), "--precision: invalid choice"),
    (("--seed", "-1"), "--seed: -1 must be between 0 and 4294967295"),
    (("--batch-size", "99999999999999999999"),  # was a TensorFlow traceback at step 8
     "--batch-size: 99999999999999999999 is over the limit of 4,096 (--help says why)"),
    (("--epochs", "99999999999999999999"), "--epochs: 99999999999999999999 is over the limit of 1,000"),
    (("--train-limit", "60001"), "--train-limit: 60001 is over the limit of 60,000"),
    (("--epoch", "1"), "unrecognized arguments: --epoch 1"),  # a typo is not taken for --epochs
])
def test_bad_flags_are_rejected(script, flags, complaint, tmp_path):
    result = run_script(script, *flags, "--output-dir", tmp_path)
    assert result.returncode == 2
    assert complaint in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("script", sorted(LESSONS))
def test_every_count_option_says_its_limit_and_why_in_the_help(script):
    help_text = " ".join(run_script(script, "--help").stdout.split())  # argparse wraps the lines
    assert "at most 1,000 (1,000 CNN epochs take about 4 hours)" in help_text
    assert "at most 4,096 (each image of a batch holds about 0.5 MB of memory while the CNN trains)" in help_text
    assert "at most 60,000, MNIST's training set" in help_text


def test_output_dir_that_is_a_file_is_one_line_error(tmp_path):
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("mine")
    result = run_script("MNISTSoftmax.py", "--epochs", 1, "--train-limit", 1000, "--no-show",
                        "--output-dir", not_a_folder)
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {not_a_folder}") and len(result.stderr.splitlines()) == 1
    assert not_a_folder.read_text() == "mine"


@pytest.mark.parametrize("script", sorted(LESSONS))
def test_train_limit_larger_than_training_set(script, tmp_path):
    result = run_script(script, "--train-limit", 55001, "--no-show", "--output-dir", tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == "error: --train-limit 55001: at most 55000 training images"


@pytest.mark.parametrize("quick_run", ["MNISTCNN.py"], indirect=True)  # only the CNN draws it
def test_committed_cnn_diagram_is_what_the_lesson_draws(quick_run):
    """README's Data/MNISTCNN示意图.PNG is a copy of the lesson's structure step: it must not drift."""
    import matplotlib.image

    script, name, output_dir, _ = quick_run
    drawn = matplotlib.image.imread(output_dir / "mnist_cnn_structure.png")
    committed = matplotlib.image.imread(REPO / "Data" / "MNISTCNN示意图.PNG")
    assert drawn.shape == committed.shape and np.abs(drawn - committed).max() < 0.05, \
        "the CNN changed: copy output/mnist_cnn_structure.png to Data/MNISTCNN示意图.PNG"


@pytest.mark.parametrize("quick_run", ["MNISTCNN.py"], indirect=True)
def test_cnn_keeps_the_original_architecture(quick_run):
    from mnist_course.cli import import_keras

    script, name, output_dir, _ = quick_run
    model = import_keras().models.load_model(output_dir / "mnist_cnn.h5")
    assert model.count_params() == 1_199_882
    shapes = [tuple(layer.output.shape[1:]) for layer in model.layers]
    assert shapes == [(26, 26, 32), (24, 24, 64), (12, 12, 64), (12, 12, 64), (9216,), (128,), (128,), (10,)]


LESSON_FILES = ("IntroduceMNIST.py", "IntroduceMNISTKeras.py", "MNISTSoftmax.py", "MNISTCNN.py", "MNISTPredict.py",
                "MNISTDraw.py")


@pytest.mark.parametrize("lesson", LESSON_FILES)
def test_no_lesson_imports_another(lesson):
    tree = ast.parse((REPO / lesson).read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    others = {Path(name).stem for name in LESSON_FILES} | {path.stem for path in REPO.glob("MNIST*.py")}
    assert not imported & others, f"{lesson} imports {imported & others}"
