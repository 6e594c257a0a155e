"""The original course's CNN recipe, the baseline of benchmarks/benchmark.py.

原课程的训练方法（同一个网络）：普通数组、Adam 0.001、batch 128、float32，并且像原课程一样用测试集做验证。
The same network as MNISTCNN.py, trained as the original course (TF 1.13 / Keras 2.2) trained it:
all 60,000 training images, reshuffled every epoch, Adam at 0.001, batch size 128, float32, and the
test set as validation data (the lessons do not do that, README 3.3). Prints one JSON line at the end.
The batches are what fit(x, y, batch_size=128) would make of plain arrays, but from a tf.data
pipeline without autotuning: in TensorFlow 2.21 Keras's own pipeline for arrays waits idly for its
tuning thread between epochs (README 5.3), which would make the original look slower than it is.

Run: python benchmarks/original_recipe.py [--epochs 1]
"""
import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # mnist_course, from anywhere

from mnist_course import cli  # noqa: E402
from mnist_course.data import load_mnist  # noqa: E402

keras = cli.import_keras()
import tensorflow as tf  # noqa: E402  (already imported, quietly, by the line above)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("--epochs", type=cli.count(cli.MAX_EPOCHS), default=1,
                        help=f"at most {cli.MAX_EPOCHS:,}, as in the lessons")
    parser.add_argument("--data-dir")
    args = parser.parse_args()

    keras.utils.set_random_seed(42)
    (x_train, y_train), (x_test, y_test) = load_mnist(args.data_dir)
    x_train = x_train.reshape(-1, 28, 28, 1).astype("float32") / 255
    x_test = x_test.reshape(-1, 28, 28, 1).astype("float32") / 255
    y_train, y_test = keras.utils.to_categorical(y_train, 10), keras.utils.to_categorical(y_test, 10)

    layers = keras.layers
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
        layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Dropout(0.25),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dropout(0.5),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(1e-3), metrics=["accuracy"])
    epoch_seconds = []
    timer = keras.callbacks.LambdaCallback(
        on_epoch_begin=lambda epoch, logs: epoch_seconds.append(-time.perf_counter()),
        on_epoch_end=lambda epoch, logs: epoch_seconds.__setitem__(-1, epoch_seconds[-1] + time.perf_counter()))
    options = tf.data.Options()
    options.autotune.enabled = False
    batches = (tf.data.Dataset.from_tensor_slices((x_train, y_train))
               .shuffle(len(x_train), seed=42, reshuffle_each_iteration=True)
               .batch(128).prefetch(2).with_options(options))
    model.fit(batches, epochs=args.epochs, verbose=2, validation_data=(x_test, y_test), callbacks=[timer])
    _, test_accuracy = model.evaluate(x_test, y_test, verbose=0)
    print(json.dumps({"epochs": args.epochs, "epoch_seconds": epoch_seconds, "test_accuracy": test_accuracy}))


if __name__ == "__main__":
    cli.run(main)
