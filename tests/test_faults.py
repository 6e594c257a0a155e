"""Faults a learner's run can meet: a full disk, a kill during a save, a planted link, an odd terminal."""
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import REPO, run_script

QUICK = ("--epochs", 2, "--train-limit", 2000, "--no-show")


@pytest.fixture
def small_disk(tmp_path):
    """A 200 KB file system (tmpfs): room for the first figure, not for the training backup."""
    mount_point = tmp_path / "small_disk"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mount_point)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {mounted.stderr.strip()}")
    yield mount_point
    subprocess.run(["umount", str(mount_point)], check=True)


def test_full_disk_during_the_backup_is_one_line_and_the_next_run_works(small_disk):
    result = run_script("MNISTSoftmax.py", *QUICK, "--output-dir", small_disk)
    assert result.returncode == 1, result.stderr  # not a crash (139) and not a success
    assert result.stderr == (f"error: {small_disk}/mnist_softmax_backup/epoch-1.weights.h5: no space left on the "
                             "device; free some space and run again (the earlier file, if any, is unchanged)\n")
    # The learner frees space (here: the file system grows) and runs the same command again.
    subprocess.run(["mount", "-o", "remount,size=64m", str(small_disk)], check=True)
    again = run_script("MNISTSoftmax.py", *QUICK, "--output-dir", small_disk)
    assert again.returncode == 0, again.stderr
    assert "set aside" not in again.stdout and "already done" not in again.stdout  # nothing half-made was kept
    assert (small_disk / "mnist_softmax.h5").stat().st_size > 1_000_000


def test_killed_while_writing_the_backup_then_resumed(tmp_path):
    """SIGKILL (a power cut) in the middle of a backup write: the next run resumes from the last whole epoch."""
    command = [sys.executable, str(REPO / "MNISTSoftmax.py"), "--epochs", "6", "--train-limit", "3000",
               "--no-show", "--output-dir", str(tmp_path)]
    backup = tmp_path / "mnist_softmax_backup"
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    caught = False
    while process.poll() is None and time.monotonic() < deadline:
        names = os.listdir(backup) if backup.is_dir() else []
        # A hidden temporary weights file beside a finished epoch's state: a save is under way.
        if "state.json" in names and any(name.startswith(".") and name.endswith(".weights.h5") for name in names):
            process.send_signal(signal.SIGKILL)
            caught = True
            break
    process.wait()
    assert caught, "the run ended before a backup write could be interrupted"

    resumed = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert "epoch(s) already done" in resumed.stdout and "set aside" not in resumed.stdout
    assert not backup.exists() and (tmp_path / "mnist_softmax.h5").is_file()


def test_no_write_follows_a_link_planted_at_an_output_name(tmp_path):
    elsewhere = tmp_path / "precious.txt"
    elsewhere.write_text("not yours to overwrite")
    output_dir = tmp_path / "output"
    output_dir.mkdir()
    for name in ("mnist_softmax_history.png", "mnist_softmax_report.json", "mnist_softmax.h5"):
        (output_dir / name).symlink_to(elsewhere)
    result = run_script("MNISTSoftmax.py", "--epochs", 1, "--train-limit", 1000, "--no-show",
                        "--output-dir", output_dir)
    assert result.returncode == 0, result.stderr
    assert elsewhere.read_text() == "not yours to overwrite"
    for name in ("mnist_softmax_history.png", "mnist_softmax_report.json", "mnist_softmax.h5"):
        assert not (output_dir / name).is_symlink() and (output_dir / name).stat().st_size > 100


def test_a_link_planted_at_the_lock_is_refused(tmp_path):
    elsewhere = tmp_path / "precious.txt"
    elsewhere.write_text("not yours to overwrite")
    output_dir = tmp_path / "output"
    output_dir.mkdir()
    (output_dir / ".IntroduceMNISTKeras.lock").symlink_to(elsewhere)
    result = run_script("IntroduceMNISTKeras.py", "--no-show", "--output-dir", output_dir)
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {output_dir}: cannot use it as the output folder")
    assert len(result.stderr.splitlines()) == 1 and elsewhere.read_text() == "not yours to overwrite"


def test_a_lock_file_removed_by_the_run_before_is_not_shared(tmp_path, monkeypatch):
    """A run removes its lock file as it ends. Another run that opened that file just before must not
    go on holding the removed file: a third run would lock a new one beside it, and both would write."""
    from mnist_course import saving

    real_open = os.open

    def open_then_removed(path, *args):
        descriptor = real_open(path, *args)
        monkeypatch.setattr(os, "open", real_open)  # only this first open() races
        os.remove(path)  # the run before ends between this run's open() and its lock
        return descriptor

    monkeypatch.setattr(os, "open", open_then_removed)
    monkeypatch.setattr(saving, "_claimed", {})
    saving.claim(tmp_path, "MNISTSoftmax")
    lock_path = tmp_path / ".MNISTSoftmax.lock"
    [held] = saving._claimed.values()
    assert os.path.samestat(os.fstat(held.fileno()), os.stat(lock_path))  # the file others will find
    assert lock_path.read_text() == f"{os.getpid()}\n"
    saving.release_claims()
    assert list(tmp_path.iterdir()) == [] and held.closed


@pytest.mark.parametrize("script, flags", [("IntroduceMNISTKeras.py", ()),
                                           ("MNISTSoftmax.py", ("--epochs", 1, "--train-limit", 1000))])
def test_a_terminal_that_is_not_utf8_gets_question_marks_not_a_crash(script, flags, tmp_path):
    result = run_script(script, *flags, "--no-show", "--output-dir", tmp_path, env={"PYTHONIOENCODING": "cp1252"})
    assert result.returncode == 0, result.stderr
    assert "=== 1. ?? MNIST / Load MNIST ===" in result.stdout  # 加载 cannot be shown in cp1252
    assert "Traceback" not in result.stderr


def test_a_ctrl_c_lost_inside_tensorflow_still_stops_training(tmp_path, monkeypatch):
    """TensorFlow's C++ code calls back into Python and throws away any exception raised there; a
    Ctrl-C landing just then must not be lost: the lesson's handler remembers it, and training
    stops after that step."""
    import numpy as np

    from mnist_course import cli, training

    keras = cli.import_keras()

    class SwallowsOneCtrlC(keras.callbacks.Callback):  # as TensorFlow's op fast path does
        steps = 0

        def on_train_batch_begin(self, batch, logs=None):
            self.steps += 1
            if batch == 2:
                try:
                    os.kill(os.getpid(), signal.SIGINT)
                    time.sleep(5)  # the handler runs here and raises KeyboardInterrupt
                except KeyboardInterrupt:
                    pass

    monkeypatch.setattr(cli, "ctrl_c_pressed", False)
    monkeypatch.setattr(cli, "stopped_by", KeyboardInterrupt)
    monkeypatch.setattr(sys, "argv", ["MNISTSoftmax.py", "--no-show", "--output-dir", str(tmp_path)])
    previous_handler, previous_hook = signal.getsignal(signal.SIGINT), sys.excepthook
    try:
        options = cli.lesson_options("MNISTSoftmax.py", "test", epochs=1, batch_size=8)
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
        model.compile(loss="categorical_crossentropy", optimizer="sgd")
        swallower = SwallowsOneCtrlC()
        backup = training.Backup(tmp_path / "backup", options, 80)
        with pytest.raises(KeyboardInterrupt):
            model.fit(np.zeros((80, 4)), np.eye(2)[np.zeros(80, int)], batch_size=8, epochs=1,
                      callbacks=[swallower, backup], verbose=0)
    finally:
        signal.signal(signal.SIGINT, previous_handler)
        sys.excepthook = previous_hook
    assert swallower.steps == 3  # stopped right after the step during which Ctrl-C was pressed


@pytest.mark.parametrize("name", ["plain.png", "with space.png", "a\nb.png", "\x1b[2J\x1b[31mred", "it's\x07",
                                  "caf\udce9.png", "中文\u202e.png", "tab\there"])
def test_a_shown_name_is_one_printable_line_a_shell_reads_back_as_the_name(name):
    """shown() against a reference: bash reads the printed form back as exactly the original name
    (\\udce9 is how Python hands over a name holding the byte 0xE9, which is not UTF-8)."""
    from mnist_course import shell_quoted, shown

    printed = shown(name)
    assert printed.isprintable()
    if name.isprintable():
        assert printed == name  # names without control characters are printed as they are
    quoted = shell_quoted(name)  # for a command line: the same as shown() when that escapes
    assert quoted == printed or name.isprintable()
    read_back = subprocess.run(["bash", "-c", f"printf %s {quoted}"], capture_output=True).stdout
    assert read_back == name.encode("utf-8", "surrogateescape")


def test_an_output_folder_named_with_a_newline_is_one_line(tmp_path):
    not_a_folder = tmp_path / "out\nput"
    not_a_folder.write_text("mine")
    result = run_script("IntroduceMNISTKeras.py", "--no-show", "--output-dir", not_a_folder)
    assert result.returncode == 1
    assert result.stderr == f"error: {tmp_path}/out$'\\n'put: cannot use it as the output folder (File exists)\n"
    assert not_a_folder.read_text() == "mine"


def test_sigterm_during_the_model_save_leaves_no_half_model_and_the_next_run_works(tmp_path):
    command = [sys.executable, str(REPO / "MNISTSoftmax.py"), "--epochs", "1", "--train-limit", "1000",
               "--no-show", "--output-dir", str(tmp_path)]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    caught = False
    while process.poll() is None and time.monotonic() < deadline:
        if any(name.startswith(".") and name.endswith("-mnist_softmax.h5") for name in os.listdir(tmp_path)):
            process.send_signal(signal.SIGTERM)  # `kill PID`, a logout, a batch system's time limit
            caught = True
            break
    stderr = process.communicate(timeout=120)[1]
    assert caught, "the run ended before the model save could be interrupted"
    assert process.returncode == 143  # 128 + SIGTERM, as the shell reports it
    assert stderr.splitlines()[-1].startswith("Terminated (SIGTERM) 已终止. To continue from the last finished "
                                              "epoch, run the same command: python ")
    assert "Traceback" not in stderr
    leftovers = [path.name for path in tmp_path.rglob(".*") if not path.name.endswith(".lock")]
    assert leftovers == [] and not (tmp_path / "mnist_softmax.h5").exists()

    again = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "mnist_softmax.h5").is_file()


def test_a_later_save_removes_only_its_own_stale_temporaries(tmp_path):
    """What a run killed mid-save (SIGKILL, a power cut) left under the course's temporary name for
    the same file goes; everything else in the folder stays."""
    from mnist_course.saving import replacing

    stale = [".k3x9_q0a-model.h5", ".00000000-model.h5"]  # as tempfile.mkstemp names them
    others = [".notes-model.h5", ".K3X9Q0AB-model.h5", "k3x9_q0a-model.h5", ".k3x9_q0a-other.h5",
              ".k3x9_q0a-model.h5.bak", ".k3x9_q0ab-model.h5", "model.h5.txt", ".k3x9_q0a-model.h5 "]
    for name in stale + others:
        (tmp_path / name).write_text("mine")
    (tmp_path / ".link_q0a-model.h5").symlink_to(tmp_path / "model.h5.txt")
    with replacing(tmp_path / "model.h5") as temporary:
        temporary.write_text("the new model")
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(others + [".link_q0a-model.h5", "model.h5"])
    assert all((tmp_path / name).read_text() == "mine" for name in others)


def test_a_learners_own_files_in_the_backup_folder_survive(tmp_path):
    backup = tmp_path / "mnist_softmax_backup"
    backup.mkdir()
    (backup / ".notes").write_text("mine")  # a folder holding only hidden files was removed whole
    (backup / ".k3x9_q0a-epoch-1.weights.h5").write_text("half a backup")  # a killed run's temporary
    result = run_script("MNISTSoftmax.py", "--epochs", 1, "--train-limit", 1000, "--no-show", "--output-dir", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "set aside" not in result.stdout  # no backup there: nothing to set aside
    assert [path.name for path in backup.iterdir()] == [".notes"] and (backup / ".notes").read_text() == "mine"
    assert (tmp_path / "mnist_softmax.h5").is_file()


def test_removing_the_backup_removes_only_what_it_wrote(tmp_path):
    """finish() after the model is saved: a learner's files put in the backup folder meanwhile stay."""
    from types import SimpleNamespace

    from mnist_course import training

    options = SimpleNamespace(command="python MNISTSoftmax.py", epochs=3, batch_size=8, seed=1, restart=False)
    backup = training.Backup(tmp_path / "backup", options, 80)
    backup.folder.mkdir()
    for name in ("state.json", "epoch-3.weights.h5", ".k3x9_q0a-epoch-3.weights.h5", ".k3x9_q0a-state.json"):
        (backup.folder / name).write_text("the backup's")
    for name in (".notes", "notes.txt", "state.json.old", "epoch-3.weights.h5.copy"):
        (backup.folder / name).write_text("mine")
    backup.finish()
    assert sorted(path.name for path in backup.folder.iterdir()) == [
        ".notes", "epoch-3.weights.h5.copy", "notes.txt", "state.json.old"]
    assert all(path.read_text() == "mine" for path in backup.folder.iterdir())
    for path in backup.folder.iterdir():
        path.unlink()
    (backup.folder / "epoch-3.weights.h5").write_text("the backup's")
    backup.finish()  # with nothing but its own files in it, the folder goes too
    assert not backup.folder.exists()
