"""The two training lessons, run as a learner would (quick real runs on real MNIST)."""
import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from conftest import REPO, run_script

LESSONS = {  # script -> output name, flags of a quick run (1 epoch), its minimum test accuracy
    "MNISTSoftmax.py": ("mnist_softmax", ("--train-limit", 3000), 0.85),  # chance is 0.10
    "MNISTCNN.py": ("mnist_cnn", ("--train-limit", 5000, "--batch-size", 32), 0.90),
}


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


def test_quick_run_writes_every_output(quick_run):
    script, name, output_dir, result = quick_run
    for file_name in (f"{name}.h5", f"{name}_report.json", f"{name}_history.png", f"{name}_label_counts.png",
                      f"{name}_confusion_matrix.png", f"{name}_misclassified.png"):
        path = output_dir / file_name
        assert path.is_file() and path.stat().st_size > 1000, file_name
        if file_name.endswith(".png"):
            assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not (output_dir / f"{name}_backup").exists(), "a finished run leaves no backup behind"
    assert not [path for path in output_dir.iterdir() if path.name.startswith(".")], "temporary files left"
    for number in range(1, 12):
        assert f"=== {number}. " in result.stdout
    assert "Classified correctly count:" in result.stdout
    assert "Traceback" not in result.stderr and "port.cc" not in result.stderr


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


def test_same_seed_gives_same_results(quick_run, tmp_path):
    script, name, output_dir, _ = quick_run
    again = run_script(script, *quick_flags(script), "--output-dir", tmp_path)
    assert again.returncode == 0, again.stderr
    first = json.loads((output_dir / f"{name}_report.json").read_text())
    second = json.loads((tmp_path / f"{name}_report.json").read_text())
    assert second["confusion_matrix"] == first["confusion_matrix"]
    assert second["test_loss"] == first["test_loss"]


def test_interrupted_training_resumes_at_next_epoch(tmp_path):
    """Ctrl-C after an epoch: exit 130 with one line; the same command continues at the next epoch."""
    command = [sys.executable, str(REPO / "MNISTSoftmax.py"), "--epochs", "5", "--train-limit", "3000",
               "--no-show", "--output-dir", str(tmp_path)]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    metadata = tmp_path / "mnist_softmax_backup" / "training_metadata.json"
    deadline = time.monotonic() + 300
    while not metadata.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 130, f"not interrupted during training: {stdout[-500:]} {stderr}"
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1, stderr
    done = json.loads(metadata.read_text())["epoch"]
    assert 1 <= done < 5
    assert not (tmp_path / "mnist_softmax.h5").exists()

    resumed = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{done} epoch(s) already done" in resumed.stdout
    assert f"Epoch {done + 1}/5" in resumed.stdout and f"Epoch {done}/5" not in resumed.stdout
    assert not (tmp_path / "mnist_softmax_backup").exists()
    history_rows = (tmp_path / "mnist_softmax_history.csv").read_text().strip().splitlines()
    assert [row.split(",")[0] for row in history_rows[1:]] == ["0", "1", "2", "3", "4"]  # every epoch


def test_backup_of_other_settings_is_not_resumed(tmp_path):
    """A backup left by a run with other flags is kept, and the learner is told what to do."""
    backup = tmp_path / "mnist_softmax_backup"
    backup.mkdir()
    (backup / "training_metadata.json").write_text('{"epoch": 3, "batch": 0}')
    (backup / "settings.json").write_text('{"epochs": 10}')
    result = run_script("MNISTSoftmax.py", "--epochs", 1, "--train-limit", 1000, "--no-show",
                        "--output-dir", tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {backup}: backup of an interrupted run with other settings")
    assert len(result.stderr.strip().splitlines()) == 1
    assert sorted(path.name for path in backup.iterdir()) == ["settings.json", "training_metadata.json"]


def test_existing_file_survives_a_failed_save(tmp_path):
    from mnist_course.saving import replacing

    model_path = tmp_path / "mnist_softmax.h5"
    model_path.write_bytes(b"the learner's earlier model")
    with pytest.raises(OSError):
        with replacing(model_path) as temporary:
            temporary.write_bytes(b"half a model")
            raise OSError("disk full")
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
])
def test_bad_flags_are_rejected(script, flags, complaint, tmp_path):
    result = run_script(script, *flags, "--output-dir", tmp_path)
    assert result.returncode == 2
    assert complaint in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


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


def test_cnn_diagram_is_drawn_from_the_model(tmp_path):
    diagram = tmp_path / "diagram.png"
    result = run_script("tools/draw_cnn_diagram.py", "--output", diagram)
    assert result.returncode == 0, result.stderr
    assert diagram.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and diagram.stat().st_size > 10000


def test_cnn_keeps_the_original_architecture():
    from MNISTCNN import build_model

    model = build_model()
    assert model.count_params() == 1_199_882
    shapes = [tuple(layer.output.shape[1:]) for layer in model.layers]
    assert shapes == [(26, 26, 32), (24, 24, 64), (12, 12, 64), (12, 12, 64), (9216,), (128,), (128,), (10,)]
