"""Recognize your own handwritten digits: any photo or drawing, prepared the way MNIST was made.

识别你自己的手写数字：照片、画图软件、画布导出都可以。图片先按 MNIST 的制作方法处理
（反色成白字黑底、去掉纸张背景和噪声、裁到笔迹、最长边缩到 20 像素、按质心放进 28x28），
再交给训练好的模型。步骤见 mnist_course/digits.py 和 README。

Run:    python MNISTPredict.py my_digit.png photo.jpg [--model output/mnist_cnn.h5] [--verbose]
Expect: one line per image, "my_digit.png: 7 (99.2%)"; --verbose adds the top 3.
        --save-preprocessed DIR writes the 28x28 images the model actually saw.
Train a model first: python MNISTCNN.py (or MNISTSoftmax.py, then --model output/mnist_softmax.h5).
"""
import argparse
import sys
from pathlib import Path

import numpy as np

from mnist_course import CourseError, cli, digits, open_regular
from mnist_course.saving import replacing

DEFAULT_MODEL = Path("output") / "mnist_cnn.h5"
ZIP_START = b"PK\x03\x04"  # a .keras file is a zip archive
HDF5_START = b"\x89HDF\r\n\x1a\n"  # the signature an .h5 file starts with


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False,
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("images", nargs="+", metavar="IMAGE",
                        help="image files (PNG, JPEG, BMP, GIF, ...), one digit each")
    parser.add_argument("--model", default=str(DEFAULT_MODEL),
                        help="a Keras model trained on MNIST (.h5 or .keras)")
    parser.add_argument("--verbose", action="store_true", help="also show the top 3 guesses")
    parser.add_argument("--save-preprocessed", metavar="DIR", type=Path,
                        help="write the 28x28 images the model saw to DIR, to look at them")
    args = parser.parse_args()

    # 1. The model: its input shape says whether it wants 28x28x1 (CNN) or 784 numbers (softmax).
    #    模型：输入形状决定给它 28x28x1（卷积网络）还是 784 个数（softmax）。
    model = load_model(args.model, default=args.model == str(DEFAULT_MODEL))

    # 2. Each image, prepared like MNIST. A bad image is reported and skipped, not fatal.
    #    逐张预处理；坏图片报一行错误后跳过，其余图片照常识别。
    names, prepared, failures = [], [], 0
    saved_names = set()
    for name in args.images:
        try:
            image = digits.preprocess(name)
        except CourseError as error:
            print(f"error: {error}", file=sys.stderr, flush=True)
            failures += 1
            continue
        names.append(name)
        prepared.append(image)
        if args.save_preprocessed:
            try:
                save_preprocessed(image, name, args.save_preprocessed, saved_names, args.images)
            except CourseError as error:
                print(f"error: {error}", file=sys.stderr, flush=True)
                failures += 1

    # 3. One prediction per image: the most probable digit and how sure the model is.
    #    每张图一行：最可能的数字和模型给出的概率。
    if prepared:
        probabilities = predict(model, np.stack(prepared))
        for name, chances in zip(names, probabilities):
            print(answer_line(name, chances, args.verbose))

    if failures:
        raise CourseError(f"{failures} problem(s) with {len(args.images)} image(s), see above")


def load_model(path, default=False):
    """Load a Keras model safely and check it takes MNIST-shaped input and gives 10 classes.

    safe_mode=True refuses Lambda layers with pickled Python code, and no custom objects are
    passed: loading someone else's model file cannot run code. compile=False: we only predict.
    """
    path = Path(path)
    if not path.exists():
        hint = " (train it first: python MNISTCNN.py)" if default else ""
        raise CourseError(f"{path}: model file not found{hint}")
    check_model_format(path)
    keras = cli.import_keras()
    try:
        model = keras.models.load_model(path, compile=False, safe_mode=True)
    except Exception as error:  # h5py, zipfile and Keras raise many kinds; all mean "not a model"
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0].split(". ")[0]
        raise CourseError(f"{path}: not a Keras model we can load safely ({reason[:160]})")
    input_shape = tuple(model.input_shape[1:]) if not isinstance(model.input_shape, list) else None
    if input_shape not in ((28, 28, 1), (28, 28), (784,)):
        raise CourseError(f"{path}: model input shape {input_shape} does not fit 28x28 MNIST "
                          f"images; expected (28, 28, 1), (28, 28) or (784,)")
    if tuple(model.output_shape[1:]) != (10,):
        raise CourseError(f"{path}: model output shape {model.output_shape[1:]} is not 10 digits")
    return model


def check_model_format(path):
    """Keras picks the format by the name's ending; the first bytes say what the file really is."""
    with open_regular(path) as file:  # a named pipe or a device would make Keras wait forever
        start = file.read(8)
    if start.startswith(ZIP_START):
        kind, endings = "a .keras (zip) model file", (".keras",)
    elif start == HDF5_START:
        kind, endings = "an HDF5 (.h5) model file", (".h5", ".hdf5")
    else:
        raise CourseError(f"{path}: not a Keras model file (neither a .keras zip archive nor an HDF5 file)")
    if not path.name.endswith(endings):
        named = f"named {path.suffix}" if path.suffix else "named without an ending"
        raise CourseError(f"{path}: {kind} {named}; rename it to end in {endings[0]}")


def predict(model, images):
    """Probabilities (n, 10) for 28x28 images in [0, 1], reshaped to the model's input."""
    batch = images.reshape((len(images), *model.input_shape[1:])).astype(np.float32)
    return np.asarray(model.predict(batch, verbose=0))


def answer_line(name, chances, verbose=False):
    """PATH: DIGIT (PROBABILITY%), and the top 3 with --verbose."""
    best = int(np.argmax(chances))
    line = f"{name}: {best} ({chances[best]:.1%})"
    if verbose:
        top = np.argsort(chances)[::-1][:3]
        line += "   top 3: " + ", ".join(f"{digit} {chances[digit]:.1%}" for digit in top)
    return line


def save_preprocessed(image, name, folder, used_names, inputs):
    """Write the 28x28 image as FOLDER/<name>_28x28.png without ever replacing an input image."""
    inputs = {Path(path).resolve() for path in inputs}
    stem = Path(name).stem + "_28x28"
    target = folder / f"{stem}.png"
    number = 2
    while target.name in used_names or target.resolve() in inputs:
        target = folder / f"{stem}-{number}.png"
        number += 1
    used_names.add(target.name)
    try:
        with replacing(target) as temporary:
            digits.to_png(image, temporary)
    except OSError as error:
        raise CourseError(f"{target}: cannot save the preprocessed image ({error.strerror or error})")


if __name__ == "__main__":
    cli.run(main)
