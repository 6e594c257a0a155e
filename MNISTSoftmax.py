"""Lesson 3 — a softmax network (multi-layer perceptron) for MNIST, trained, saved, reloaded, tested.

第三课：实战 MNIST Softmax 网络 —— 训练、保存为 HDF5、重新加载、在测试集上报告结果。
Each image becomes 784 numbers; two Dense layers of 512 learn features; a softmax layer of 10
gives one probability per digit.

Run: python MNISTSoftmax.py               (model, figures and report land in output/)
Expect: about 98.5% test accuracy in under a minute on a 2-core laptop CPU (README, 3.2).
"""
import math
import shlex
import sys
import types
from pathlib import Path

import numpy as np

from mnist_course import CourseError, cli, plots, report, saving, training
from mnist_course.data import load_mnist

keras = cli.import_keras()

VALIDATION_SIZE = 5000  # the last 5,000 training images check progress; the test set waits till the end
TRAINING_DEFAULTS = {"epochs": 10, "batch_size": 128}
LEARNING_RATE = 1e-3  # Adam's usual start; it decays to 0 over the run


def prepare_data(args, image_shape, name):
    """Steps 1-4: load MNIST, scale pixels to [0, 1], count the labels, one-hot encode them."""
    output_dir = Path(args.output_dir)
    cli.step(1, "加载 MNIST / Load MNIST")
    (x_train, y_train), (x_test, y_test) = load_mnist(args.data_dir)
    print(f"training images {x_train.shape}, test images {x_test.shape}")

    cli.step(2, f"数据规范化 / Normalize: reshape to {image_shape}, float32 / 255 -> [0, 1]")
    x_train = x_train.reshape(-1, *image_shape).astype("float32") / 255
    x_test = x_test.reshape(-1, *image_shape).astype("float32") / 255
    # Validation comes from the training set: the test set must not steer training (README, 3.3).
    x_val, y_val = x_train[-VALIDATION_SIZE:], y_train[-VALIDATION_SIZE:]
    x_train, y_train = x_train[:-VALIDATION_SIZE], y_train[:-VALIDATION_SIZE]
    if args.train_limit:
        if args.train_limit > len(x_train):
            raise CourseError(f"--train-limit {args.train_limit}: at most {len(x_train)} training images")
        x_train, y_train = x_train[:args.train_limit], y_train[:args.train_limit]
    print(f"train {x_train.shape} {x_train.dtype}, validation {x_val.shape}, test {x_test.shape}; "
          f"pixels in [{x_train.min()}, {x_train.max()}]")

    cli.step(3, "统计标签 / Count the labels")
    counts = np.bincount(y_train, minlength=10)
    print("  ".join(f"{digit}: {count}" for digit, count in enumerate(counts)))
    plots.save(plots.label_counts(counts, f"Training labels ({len(y_train)} images)"),
               output_dir / f"{name}_label_counts.png")

    cli.step(4, "One-hot 编码 / One-hot encode the labels")
    y_train_onehot = keras.utils.to_categorical(y_train, 10)
    print(f"label {y_train[0]} -> {y_train_onehot[0].astype(int).tolist()}")
    return types.SimpleNamespace(
        x_train=x_train, y_train=y_train_onehot, x_val=x_val, y_val=keras.utils.to_categorical(y_val, 10),
        x_test=x_test, y_test=y_test, y_test_onehot=keras.utils.to_categorical(y_test, 10))


def build_model():
    """Step 5: 784 inputs -> Dense 512 relu -> Dense 512 relu -> Dense 10 softmax."""
    return keras.Sequential([
        keras.Input((784,)),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(512, activation="relu"),
        # float32 output: softmax probabilities need more precision than bfloat16's 3 digits
        keras.layers.Dense(10, activation="softmax", dtype="float32"),
    ], name="mnist_softmax")


def compile_model(model, training_images, batch_size, epochs, learning_rate):
    """Step 6, also used by benchmarks/benchmark.py so it measures exactly the lessons' training."""
    # Cosine decay: large steps first, then smaller and smaller ones to settle in a good minimum.
    steps = math.ceil(training_images / batch_size) * epochs
    schedule = keras.optimizers.schedules.CosineDecay(learning_rate, decay_steps=steps)
    model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(schedule),
                  metrics=["accuracy"])


def train_and_test(model, data, args, name, learning_rate=LEARNING_RATE, training_data=None):
    """Steps 6-11: compile, fit (resumable), plot history, save HDF5, load it back, test report.

    training_data: a tf.data pipeline to train on instead of (x_train, y_train), e.g. augmented.
    """
    output_dir = Path(args.output_dir)
    cli.step(6, "编译模型 / Compile: categorical cross-entropy, Adam, accuracy")
    compile_model(model, len(data.x_train), args.batch_size, args.epochs, learning_rate)
    print(f"Adam: learning rate {learning_rate}, decaying to 0 along a cosine over {args.epochs} epochs")

    cli.step(7, f"训练模型 / Train: fit() for {args.epochs} epochs, batch size {args.batch_size}")
    settings = {"epochs": args.epochs, "batch_size": args.batch_size, "training_images": len(data.x_train),
                "seed": args.seed, "precision": keras.mixed_precision.global_policy().name}
    resume_callbacks, history_csv = training.resumable(output_dir, name, settings)
    timer = training.EpochTimer()
    fit_options = dict(epochs=args.epochs, validation_data=(data.x_val, data.y_val),
                       callbacks=[*resume_callbacks, timer], verbose=training.progress_style())
    if training_data is None:  # arrays: fit() shuffles them and cuts them into batches itself
        history = model.fit(data.x_train, data.y_train, batch_size=args.batch_size, **fit_options)
    else:  # a tf.data pipeline that shuffles and batches on its own
        history = model.fit(training_data, shuffle=False, **fit_options)
    seconds_per_epoch = round(float(np.mean(timer.seconds)), 2) if timer.seconds else None
    print(f"history.history keys: {list(history.history)}; {seconds_per_epoch} s per epoch")

    cli.step(8, "训练过程 / Plot accuracy and loss, train vs validation")
    plots.save(plots.history(training.read_history(history_csv), f"{name}: training history"),
               output_dir / f"{name}_history.png")

    cli.step(9, "保存模型 / Save as HDF5")
    model_path = output_dir / f"{name}.h5"
    with saving.replacing(model_path) as temporary_path:  # an earlier model survives a crash here
        model.save(temporary_path)  # HDF5, because the file name ends in .h5
    print(f"Saved model 模型已保存: {model_path}")

    cli.step(10, "加载模型 / Load it back with keras.models.load_model")
    loaded_model = keras.models.load_model(model_path)
    print(f"Loaded {model_path}: {loaded_model.name}, {loaded_model.count_params():,} parameters")

    cli.step(11, "测试集结果 / Results on the test set (used once, now)")
    test_loss, test_accuracy = loaded_model.evaluate(data.x_test, data.y_test_onehot, verbose=0)
    probabilities = loaded_model.predict(data.x_test, verbose=0)
    results = report.build(data.y_test, probabilities, test_loss)
    print(f"Test loss: {test_loss:.4f}   Test accuracy: {test_accuracy:.2%}")
    print(f"Classified correctly count: {results['correct']}")
    print(f"Classified incorrectly count: {results['incorrect']}")
    results["training"] = {**settings, "seconds_per_epoch": seconds_per_epoch,
                           "command": shlex.join(["python", Path(sys.argv[0]).name, *sys.argv[1:]])}
    report.publish(results, data.x_test, data.y_test, probabilities, output_dir, name)
    plots.show_all()
    return results


def main():
    args = cli.lesson_parser(__doc__.splitlines()[0], TRAINING_DEFAULTS).parse_args()
    plots.configure(args.no_show)
    keras.utils.set_random_seed(args.seed)
    data = prepare_data(args, image_shape=(784,), name="mnist_softmax")

    cli.step(5, "定义模型 / Define the model: keras.Sequential")
    training.set_precision(args.precision)
    model = build_model()
    model.summary()
    train_and_test(model, data, args, "mnist_softmax")


if __name__ == "__main__":
    cli.run(main)
