"""Benchmark the lessons' training: images/s, seconds per epoch, and the CNN's time to 99.0% / 99.2%.

Trains both lessons' models exactly as the lessons do (same model, optimizer, schedule, batches),
once in float32 and once in the lessons' default precision (--precision auto), in one run so
their ratio is fair on a shared, noisy machine. After every epoch the test accuracy is measured
(not timed) to find when each threshold is first reached. Not a test: it takes about 15 minutes.

Run:    python benchmarks/benchmark.py            (writes benchmarks/results.md)
"""
import argparse
import os
import platform
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from mnist_course import cli, training  # noqa: E402
from mnist_course.data import load_mnist  # noqa: E402
from mnist_course.saving import replacing  # noqa: E402

keras = cli.import_keras()
import tensorflow  # noqa: E402  (imported quietly by the line above; here for its version)
import MNISTCNN  # noqa: E402
import MNISTSoftmax  # noqa: E402

THRESHOLDS = (0.990, 0.992)


class TestAccuracyPerEpoch(training.EpochTimer):
    """After each epoch is timed, its test accuracy (outside the timing)."""

    def __init__(self, x_test, y_test):
        super().__init__()
        self.x_test, self.y_test = x_test, y_test
        self.accuracy = []

    def on_epoch_end(self, epoch, logs=None):
        super().on_epoch_end(epoch, logs)
        predicted = self.model.predict(self.x_test, batch_size=1000, verbose=0).argmax(axis=1)
        self.accuracy.append(float(np.mean(predicted == self.y_test)))
        print(f"  epoch {epoch + 1}: {self.seconds[-1]:.1f} s, test accuracy {self.accuracy[-1]:.2%}",
              flush=True)


def run(lesson, precision, epochs, batch_size, seed, arrays):
    (x_train, y_train), (x_val, y_val), (x_test, y_test) = arrays
    keras.mixed_precision.set_global_policy(precision)
    keras.utils.set_random_seed(seed)
    model = lesson.build_model()
    shape = model.input_shape[1:]
    x_train, x_val, x_test = (x.reshape(-1, *shape) for x in (x_train, x_val, x_test))
    y_train_onehot = keras.utils.to_categorical(y_train, 10)
    MNISTSoftmax.compile_model(model, len(x_train), batch_size, epochs, lesson.LEARNING_RATE)
    recorder = TestAccuracyPerEpoch(x_test, y_test)
    settings = dict(epochs=epochs, validation_data=(x_val, keras.utils.to_categorical(y_val, 10)),
                    callbacks=[recorder], verbose=0)
    if lesson is MNISTCNN:  # the CNN lesson trains on shifted batches
        model.fit(training.shifted_batches(x_train, y_train_onehot, batch_size, seed), shuffle=False,
                  **settings)
    else:
        model.fit(x_train, y_train_onehot, batch_size=batch_size, **settings)
    cumulative = np.cumsum(recorder.seconds)
    reached = {threshold: next((f"{cumulative[epoch]:.0f} s (epoch {epoch + 1})"
                                for epoch, accuracy in enumerate(recorder.accuracy) if accuracy >= threshold),
                               "not reached") for threshold in THRESHOLDS}
    seconds_per_epoch = float(np.median(recorder.seconds))
    return {"model": model.name, "precision": precision, "epochs": epochs, "batch": batch_size,
            "seconds_per_epoch": seconds_per_epoch, "images_per_second": len(x_train) / seconds_per_epoch,
            "fit_seconds": float(cumulative[-1]), "final_accuracy": recorder.accuracy[-1], "reached": reached}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False,
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--softmax-epochs", type=cli.positive_int,
                        default=MNISTSoftmax.TRAINING_DEFAULTS["epochs"])
    parser.add_argument("--cnn-epochs", type=cli.positive_int, default=MNISTCNN.TRAINING_DEFAULTS["epochs"])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--output", default=str(REPO / "benchmarks" / "results.md"))
    args = parser.parse_args()

    (x_train, y_train), (x_test, y_test) = load_mnist()
    x_train, x_test = x_train.astype("float32") / 255, x_test.astype("float32") / 255
    held_out = MNISTSoftmax.VALIDATION_SIZE  # the lessons' split: the last training images validate
    arrays = ((x_train[:-held_out], y_train[:-held_out]), (x_train[-held_out:], y_train[-held_out:]),
              (x_test, y_test))
    default_precision = "mixed_bfloat16" if training.cpu_supports_bfloat16() else "float32"
    results = []
    for lesson, defaults, epochs in ((MNISTSoftmax, MNISTSoftmax.TRAINING_DEFAULTS, args.softmax_epochs),
                                     (MNISTCNN, MNISTCNN.TRAINING_DEFAULTS, args.cnn_epochs)):
        for precision in dict.fromkeys(("float32", default_precision)):
            print(f"{lesson.__name__}, {precision}, {epochs} epochs:", flush=True)
            results.append(run(lesson, precision, epochs, defaults["batch_size"], args.seed, arrays))

    lines = [f"Measured by `python benchmarks/benchmark.py` on {platform.machine()}, "
             f"{len(os.sched_getaffinity(0))} cores, TensorFlow {tensorflow.__version__}, "
             f"Keras {keras.__version__}; seed {args.seed}. Times are per epoch, training plus "
             "the validation pass (test accuracy is measured after each epoch, outside the timing).", "",
             "| model | precision | epochs | batch | s/epoch | images/s | to 99.0% | to 99.2% | "
             "test accuracy | speed vs float32 |", "|---|---|---|---|---|---|---|---|---|---|"]
    for result in results:
        baseline = next(other for other in results if other["model"] == result["model"]
                        and other["precision"] == "float32")
        lines.append(f"| {result['model']} | {result['precision']} | {result['epochs']} | {result['batch']} | "
                     f"{result['seconds_per_epoch']:.1f} | {result['images_per_second']:,.0f} | "
                     f"{result['reached'][0.990]} | {result['reached'][0.992]} | "
                     f"{result['final_accuracy']:.2%} | "
                     f"{baseline['seconds_per_epoch'] / result['seconds_per_epoch']:.2f}x |")
    table = "\n".join(lines) + "\n"
    print("\n" + table)
    with replacing(args.output) as temporary:
        temporary.write_text(table, encoding="utf-8")
    print(f"Saved {args.output}")


if __name__ == "__main__":
    cli.run(main)
