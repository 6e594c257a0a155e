"""Recognize your own handwriting: a digit or a whole number, in any photo or drawing, prepared the way MNIST was made.

识别你自己的手写数字：一个数字或一个多位数都可以；照片（也可以是写在横线本、方格本上的、模糊的、
分辨率很低的）、画图软件、画布导出都可以。每个数字先按 MNIST 的制作方法处理（反色成白字黑底、
去掉纸张背景、去掉本子上的横线与方格线、找出每个数字、二值化并调成 MNIST 的笔宽、最长边缩到 20 像素、
按质心放进 28x28），再一次性交给训练好的模型。步骤见 mnist_course/digits.py 和 README 6.1。

Run:    python MNISTPredict.py my_digit.png photo.jpg [--model output/mnist_cnn.h5] [--verbose]
Expect: one line per image: "my_digit.png: 7 (99.2%)", or for a number
        "photo.jpg: 2026 (2 99.8%, 0 97.1%, 2 99.9%, 6 95.0%)"; a digit marked "?" the model is unsure of.
        --verbose adds each digit's top 3; --save-preprocessed DIR writes the 28x28 images the model saw.
Train a model first: python MNISTCNN.py (or MNISTSoftmax.py, then --model output/mnist_softmax.h5).
"""
import argparse
import sys
from pathlib import Path

import numpy as np

from mnist_course import CourseError, cli, digits, reading, shown
from mnist_course.models import check_probabilities, load_model  # shared with MNISTDraw.py
from mnist_course.saving import replacing

DEFAULT_MODEL = Path("output") / "mnist_cnn.h5"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False,
                                     formatter_class=cli.HelpFormatter)
    parser.add_argument("images", nargs="+", metavar="IMAGE",
                        help="image files (PNG, JPEG, BMP, GIF, ...), each a digit or a number")
    parser.add_argument("--model", default=str(DEFAULT_MODEL),
                        help="a Keras model trained on MNIST (.h5 or .keras)")
    parser.add_argument("--verbose", action="store_true", help="also show the top 3 guesses")
    parser.add_argument("--save-preprocessed", metavar="DIR", type=Path,
                        help="write the 28x28 images the model saw to DIR, to look at them")
    args = parser.parse_args()

    # 1. The model: its input shape says whether it wants 28x28x1 (CNN) or 784 numbers (softmax).
    #    模型：输入形状决定给它 28x28x1（卷积网络）还是 784 个数（softmax）。
    model = load_model(args.model, default=args.model == str(DEFAULT_MODEL))

    # 2. Each image, prepared like MNIST: one 28x28 per digit, left to right, and where two marks
    #    close together may be one digit (a 0 broken into two arcs) that way too. A bad image is
    #    reported and skipped, not fatal.
    #    逐张预处理，每个数字一张 28x28（从左到右），切分不确定时两种方式都准备；坏图片报一行错误后跳过。
    names, found, failures = [], [], 0
    for name in args.images:
        try:
            found.append(digits.find_readings(name))
        except CourseError as error:
            print(f"error: {error}", file=sys.stderr, flush=True)
            failures += 1
            continue
        names.append(name)

    # 3. All digits of all images in one prediction (the model is surer of one way of splitting:
    #    that one is read); one line per image: the digit (or the number) and how sure the model is
    #    of each digit.
    #    所有数字一次预测（切分不确定时取模型更有把握的一种）；每张图一行：数字和模型对每一位的把握。
    answers = reading.read_pictures(model, found)
    if answers:  # a model with NaN weights: one line naming it, not "0 (nan%)"
        check_probabilities(np.concatenate([chances for _, chances in answers]), args.model)
    saved_names = set()
    for name, (images, chances) in zip(names, answers):
        print(reading.answer_line(name, chances, args.verbose))
        if args.save_preprocessed:
            try:
                for place, image in enumerate(images, start=1):
                    suffix = f"_{place}" if len(images) > 1 else ""
                    save_preprocessed(image, name, suffix, args.save_preprocessed, saved_names, args.images)
            except CourseError as error:
                print(f"error: {error}", file=sys.stderr, flush=True)
                failures += 1

    if failures:
        raise CourseError(f"{failures} problem(s) with {len(args.images)} image(s), see above")


def save_preprocessed(image, name, suffix, folder, used_names, inputs):
    """Write the 28x28 image as FOLDER/<name><suffix>_28x28.png (suffix _1, _2, ... for the digits
    of a number) without ever replacing an input image."""
    inputs = {Path(path).resolve() for path in inputs}
    stem = Path(name).stem + suffix + "_28x28"
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
