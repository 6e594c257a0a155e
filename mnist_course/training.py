"""Training plumbing: precision, progress, a time estimate, resuming after Ctrl-C, shifted batches.

训练用的工具：计算精度、进度显示、预计用时、中断后继续训练、平移数据增强。
"""
import contextlib
import hashlib
import json
import re
import sys
import time
from pathlib import Path

from mnist_course import CourseError, cli, in_notebook, shown
from mnist_course.saving import replacing, write_json

keras = cli.import_keras()

# What a Backup writes into its folder: state.json and one weights file, and while writing them
# the temporaries of replacing(). Nothing else there is removed, whoever put it there.
BACKUP_FILE = re.compile(r"state\.json|epoch-[0-9]+\.weights\.h5")
BACKUP_TEMPORARY = re.compile(r"\.[a-z0-9_]{8}-(state\.json|epoch-[0-9]+\.weights\.h5)")


def cpu_supports_bfloat16():
    """True on CPUs with native bfloat16 instructions (AVX512-BF16 or AMX), where it is faster."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:  # not Linux: stay with float32, which every CPU runs well
        return False
    return any(flag in flags for flag in (" avx512_bf16", " amx_bf16"))


def set_precision(choice):
    """Apply --precision and say which one is used; 'auto' picks bfloat16 only where it is native."""
    if choice == "auto":
        choice = "mixed_bfloat16" if cpu_supports_bfloat16() else "float32"
        reason = "this CPU has bfloat16 instructions" if choice != "float32" else "no native bfloat16 here"
    else:
        reason = "chosen with --precision"
    keras.mixed_precision.set_global_policy(choice)
    print(f"Precision 计算精度: {choice} ({reason})")


def progress_style():
    """Keras's progress bar in a terminal; one line per epoch in a notebook or a log file (CI).

    A notebook keeps every redraw of the bar as an output of its own: hundreds per training cell.
    """
    return 1 if sys.stdout.isatty() and not in_notebook() else 2


class Timer(keras.callbacks.Callback):
    """Times each epoch, and after the first few dozen training steps says about how long fit() will take."""

    SKIPPED_STEPS = 20
    MEASURED_STEPS = 40

    def on_train_begin(self, logs=None):
        self.first_epoch, self.epoch_seconds = None, []

    def on_epoch_begin(self, epoch, logs=None):
        if self.first_epoch is None:
            self.first_epoch = epoch  # after a resume, not 0
        self.epoch_start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.epoch_seconds.append(time.perf_counter() - self.epoch_start)

    def on_train_batch_end(self, batch, logs=None):
        # The first steps also build the model and warm up the data pipeline: they are not timed.
        if len(self.epoch_seconds) or not self.params.get("steps"):
            return
        if batch == self.SKIPPED_STEPS:
            self.steps_start = time.perf_counter()
        elif batch == self.SKIPPED_STEPS + self.MEASURED_STEPS:
            seconds_per_step = (time.perf_counter() - self.steps_start) / self.MEASURED_STEPS
            steps_left = self.params["steps"] * (self.params["epochs"] - self.first_epoch)
            minutes = 1.05 * seconds_per_step * steps_left / 60  # about 5% more for validation
            text = f"about {minutes:.0f} min" if minutes >= 1.5 else f"about {minutes * 60:.0f} s"
            print(f"\nTraining will take {text} on this machine 本机预计训练时间 "
                  f"({seconds_per_step * 1000:.0f} ms per step, {steps_left:,} steps)", flush=True)

    def seconds_per_epoch(self):
        return round(sorted(self.epoch_seconds)[len(self.epoch_seconds) // 2], 2) if self.epoch_seconds else None


class Backup(keras.callbacks.Callback):
    """Keeps the training state after every epoch, so an interrupted run continues where it stopped.

    After each epoch the weights (with the optimizer's state) go to a new file, written under a
    temporary name and renamed, and then state.json, which names that file and its SHA-256, is
    replaced the same way. A power cut or a full disk during either write leaves the previous
    epoch's state whole; a damaged backup is recognised by its checksum and set aside, never
    trusted. `settings` (epochs, batch size, ...) are kept too: only the same command resumes.
    The lesson calls finish() once the trained model is saved: until then an interruption, even
    after the last epoch, loses no training.
    """

    def __init__(self, folder, options, training_images):
        super().__init__()
        self.folder, self.command = Path(folder), options.command
        self.settings = {"epochs": options.epochs, "batch_size": options.batch_size,
                         "training_images": training_images, "seed": options.seed,
                         "precision": keras.mixed_precision.global_policy().name}
        settings, command, restart = self.settings, options.command, options.restart
        self.epochs_done, self.earlier_history, self._weights = 0, {}, None
        self._history = {}  # every epoch so far, for state.json
        state = self._read_state()
        if state is None:
            pass
        elif restart:
            self._set_aside("--restart: training starts over")
        elif state["settings"] != settings:
            raise CourseError(
                f"{shown(self.folder)}: holds an interrupted run of `{shown(state['command'])}` "
                f"({state['epochs_done']} of {state['settings']['epochs']} epochs done); run that "
                f"command to finish it, or add --restart to set it aside and start this run")
        else:
            self.epochs_done, self.earlier_history = state["epochs_done"], state["history"]
            self._history = {key: list(values) for key, values in self.earlier_history.items()}
            self._weights = self.folder / state["weights"]
            print(f"Resuming 继续训练: {self.epochs_done} epoch(s) already done, "
                  f"backup in {shown(self.folder)}/")
        if in_notebook():  # there Ctrl-C is the kernel's interrupt, and "the command" is the cell
            if not self.epochs_done:
                print("Interrupting the kernel (■) stops training; run this cell again to resume from "
                      "the last finished epoch.")
            cli.interrupted_hint = "To continue from the last finished epoch, run the training cell again."
        else:
            if not self.epochs_done:
                print("Ctrl-C stops training; the same command then resumes from the last finished epoch.")
            cli.interrupted_hint = f"To continue from the last finished epoch, run the same command: {command}"

    def _read_state(self):
        """The saved state if the folder holds a whole, undamaged backup; None if there is none."""
        if not self.folder.exists():
            return None
        if not any(BACKUP_FILE.fullmatch(path.name) for path in self.folder.iterdir()):
            self._remove_own_files()  # at most a temporary file that was never finished: no backup at all
            return None
        try:
            state = json.loads((self.folder / "state.json").read_text(encoding="utf-8"))
            if Path(state["weights"]).name != state["weights"]:
                raise ValueError("the weights file must lie in the backup folder")
            weights = (self.folder / state["weights"]).read_bytes()
            if hashlib.sha256(weights).hexdigest() != state["sha256"]:
                raise ValueError("checksum differs")
            # Everything the lesson reads below, of the right kind, or the backup is not used.
            if not (isinstance(state["command"], str) and isinstance(state["epochs_done"], int)
                    and isinstance(state["settings"], dict) and isinstance(state["settings"].get("epochs"), int)
                    and all(isinstance(values, list) for values in state["history"].values())):
                raise ValueError("unexpected contents")
            return state
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            # Half a backup (power cut, full disk, edited by hand) must not be trusted.
            self._set_aside("it is incomplete or damaged; training starts over")
            return None

    def _set_aside(self, reason):
        aside = self.folder.with_name(f"{self.folder.name}-set-aside-{time.strftime('%Y%m%d-%H%M%S')}")
        self.folder.rename(aside)
        print(f"Backup {shown(self.folder)} set aside as {shown(aside)} ({reason}); "
              f"delete it when you no longer need it")

    def on_train_begin(self, logs=None):
        if self._weights:
            self.model.optimizer.build(self.model.trainable_variables)  # its state is in the file too
            self.model.load_weights(self._weights)

    def on_train_batch_end(self, batch, logs=None):
        cli.stop_if_ctrl_c_was_pressed()  # a Ctrl-C that TensorFlow swallowed still stops

    def on_epoch_end(self, epoch, logs=None):
        self.epochs_done = epoch + 1
        for key, value in (logs or {}).items():
            self._history.setdefault(key, []).append(float(value))
        weights = self.folder / f"epoch-{self.epochs_done}.weights.h5"
        with replacing(weights) as temporary:
            self.model.save_weights(temporary)
        digest = hashlib.sha256(weights.read_bytes()).hexdigest()
        write_json(self.folder / "state.json", {
            "command": self.command, "settings": self.settings, "epochs_done": self.epochs_done,
            "weights": weights.name, "sha256": digest, "history": self._history})
        if self._weights and self._weights != weights:
            self._weights.unlink(missing_ok=True)  # state.json now names the newer file
        self._weights = weights

    def finish(self):
        """The trained model is saved: the backup has done its job."""
        self._remove_own_files()
        cli.interrupted_hint = ""

    def _remove_own_files(self):
        """Remove the files this backup writes, then its folder if nothing else is in it (a learner's
        notes stay, and with them the folder)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.is_file() and (BACKUP_FILE.fullmatch(path.name) or BACKUP_TEMPORARY.fullmatch(path.name)):
                path.unlink()
        with contextlib.suppress(OSError):  # not empty: what is left is not the backup's
            self.folder.rmdir()

    def with_earlier_epochs(self, history):
        """fit()'s history.history with the epochs of an earlier, interrupted run put in front."""
        keys = history or self.earlier_history
        return {key: self.earlier_history.get(key, []) + list(history.get(key, [])) for key in keys}


def shifted_batches(images, labels, batch_size, seed, max_shift=1):
    """Training batches, reshuffled every epoch, each image moved by up to max_shift whole pixels
    each way (a different move each epoch).

    Data augmentation: people do not write in the exact centre, and a network that sees each digit
    a little off-centre every epoch learns shapes rather than exact pixels. Done in tf.data, outside
    the model, so the saved model is exactly the course's network. The moves come from stateless
    random numbers seeded per batch (a seed stream that is itself seeded), so batches are prepared
    in parallel with training and the same seed still gives exactly the same batches.
    """
    import tensorflow as tf

    batches = (tf.data.Dataset.from_tensor_slices((images, labels))
               .shuffle(len(images), seed=seed, reshuffle_each_iteration=True)
               .batch(batch_size))
    batch_seeds = tf.data.Dataset.random(seed=seed, rerandomize_each_iteration=True).batch(2)

    def shift(batch, batch_seed):
        batch_images, batch_labels = batch
        return shift_images(batch_images, batch_seed, max_shift), batch_labels

    options = tf.data.Options()
    # No autotuning: in TensorFlow 2.21, dropping an autotuned pipeline at the end of an epoch
    # waits for its tuning thread to wake, which stalled training for up to 20 s per epoch
    # (README 5.3). Two batches in the making at a time keep the two cores busy just as well.
    options.autotune.enabled = False
    return (tf.data.Dataset.zip(batches, batch_seeds)
            .map(shift, num_parallel_calls=2, deterministic=True)
            .prefetch(2)
            .with_options(options))


def shift_images(images, seed, max_shift):
    """Move each image of a batch by a random whole number of pixels, at most max_shift each way.

    Pads the batch with max_shift black pixels all round, then takes from each padded image the
    28 x 28 window at a random corner. The same seed (two integers) gives the same moves.
    """
    import tensorflow as tf

    size = images.shape[1]
    padded = tf.pad(images, [[0, 0], [max_shift, max_shift], [max_shift, max_shift], [0, 0]])
    corners = tf.random.stateless_uniform([tf.shape(images)[0], 2], seed, maxval=2 * max_shift + 1,
                                          dtype=tf.int32)
    rows = corners[:, :1] + tf.range(size)  # for each image, the padded rows its window takes
    columns = corners[:, 1:] + tf.range(size)
    images = tf.gather(padded, rows, axis=1, batch_dims=1)
    return tf.gather(images, columns, axis=2, batch_dims=1)
