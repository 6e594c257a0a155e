"""Recognize your own handwritten digits: any photo or drawing, prepared the way MNIST was made.

识别你自己的手写数字：照片（也可以是写在横线本、方格本上的）、画图软件、画布导出都可以。
图片先按 MNIST 的制作方法处理（反色成白字黑底、去掉纸张背景和噪声、去掉本子上的横线与方格线、
只留下数字的笔画、裁到笔迹、最长边缩到 20 像素、按质心放进 28x28），再交给训练好的模型。
步骤见 mnist_course/digits.py 和 README 6.1。

Run:    python MNISTPredict.py my_digit.png photo.jpg [--model output/mnist_cnn.h5] [--verbose]
Expect: one line per image, "my_digit.png: 7 (99.2%)"; --verbose adds the top 3.
        --save-preprocessed DIR writes the 28x28 images the model actually saw.
Train a model first: python MNISTCNN.py (or MNISTSoftmax.py, then --model output/mnist_softmax.h5).
"""
import argparse
import sys
from pathlib import Path

import numpy as np

from mnist_course import CourseError, cli, digits, shown
from mnist_course.models import check_probabilities, load_model, model_input  # shared with MNISTDraw.py
from mnist_course.saving import replacing

DEFAULT_MODEL = Path("output") / "mnist_cnn.h5"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False,
                                     formatter_class=cli.HelpFormatter)
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
        probabilities = check_probabilities(predict(model, np.stack(prepared)), args.model)
        for name, chances in zip(names, probabilities):
            print(answer_line(name, chances, args.verbose))

    if failures:
        raise CourseError(f"{failures} problem(s) with {len(args.images)} image(s), see above")


def predict(model, images):
    """Probabilities (n, 10) for 28x28 images in [0, 1], reshaped to the model's input."""
    return np.asarray(model.predict(model_input(model, images), verbose=0))


def answer_line(name, chances, verbose=False):
    """PATH: DIGIT (PROBABILITY%), and the top 3 with --verbose."""
    best = int(np.argmax(chances))
    line = f"{shown(name)}: {best} ({chances[best]:.1%})"
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
        raise CourseError(f"{shown(target)}: cannot save the preprocessed image ({error.strerror or error})")


if __name__ == "__main__":
    cli.run(main)
