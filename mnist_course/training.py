"""Training plumbing: precision, progress display, epoch timing, resuming after Ctrl-C, shifted batches.

训练用的工具：计算精度、进度显示、每轮计时、中断后继续训练、平移数据增强。
"""
import csv
import json
import sys
import time
from pathlib import Path

from mnist_course import CourseError
from mnist_course.cli import import_keras

keras = import_keras()


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
    """Keras's progress bar in a terminal, one line per epoch in a log file (CI)."""
    return 1 if sys.stdout.isatty() else 2


class EpochTimer(keras.callbacks.Callback):
    """Records the wall time of each epoch (training plus validation)."""

    def on_train_begin(self, logs=None):
        self.seconds = []

    def on_epoch_begin(self, epoch, logs=None):
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self._start)


def resumable(output_dir, name, settings):
    """Callbacks that let an interrupted fit() continue where it stopped.

    BackupAndRestore saves the weights and optimizer after every epoch in a folder of its own and
    deletes it when training finishes; CSVLogger keeps the per-epoch history across the restart.
    `settings` (epochs, batch size, ...) are kept beside the backup: only the same command resumes.
    Returns (callbacks, path of the history CSV).
    """
    backup_dir = Path(output_dir) / f"{name}_backup"
    history_csv = Path(output_dir) / f"{name}_history.csv"
    metadata, settings_file = backup_dir / "training_metadata.json", backup_dir / "settings.json"
    resuming = metadata.is_file()
    if resuming:
        saved = json.loads(settings_file.read_text()) if settings_file.is_file() else None
        if saved != settings:
            raise CourseError(f"{backup_dir}: backup of an interrupted run with other settings "
                              f"({saved}); run that command again to finish it, or delete the folder")
        finished = json.loads(metadata.read_text())["epoch"]
        print(f"Resuming 继续训练: {finished} epoch(s) already done, backup in {backup_dir}/")
    else:
        backup_dir.mkdir(parents=True, exist_ok=True)
        settings_file.write_text(json.dumps(settings))
        print("Ctrl-C stops training; the same command then resumes from the last finished epoch.")
    callbacks = [keras.callbacks.BackupAndRestore(str(backup_dir), double_checkpoint=True),
                 keras.callbacks.CSVLogger(str(history_csv), append=resuming)]
    return callbacks, history_csv


def read_history(history_csv):
    """The whole training history from the CSV log, including epochs run before a restart."""
    with open(history_csv, newline="") as file:
        rows = list(csv.DictReader(file))
    return {key: [float(row[key]) for row in rows] for key in rows[0] if key != "epoch"}


def shifted_batches(images, labels, batch_size, seed, max_shift=2):
    """Training batches, reshuffled every epoch, each image moved up to max_shift pixels each way.

    Data augmentation: every epoch the network sees slightly different digits, as people write them
    off-centre, so it learns the shapes rather than the exact pixels. Done in tf.data, outside the
    model, so the saved model is exactly the course's network.
    """
    import tensorflow as tf

    fraction = max_shift / images.shape[1]
    shift = keras.layers.RandomTranslation(fraction, fraction, fill_mode="constant", seed=seed,
                                           dtype="float32")
    return (tf.data.Dataset.from_tensor_slices((images, labels))
            .shuffle(len(images), seed=seed, reshuffle_each_iteration=True)
            .batch(batch_size)
            # One batch at a time (no num_parallel_calls): parallel calls would draw the random
            # shifts in a different order each run, and the same --seed must give the same model.
            .map(lambda batch, batch_labels: (shift(batch, training=True), batch_labels))
            .prefetch(tf.data.AUTOTUNE))
