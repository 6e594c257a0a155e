"""Measure how the course reads MNIST test digits written so close that they touch, and wide single digits.

测量课程如何读取连在一起写的两个 MNIST 测试数字，以及比高还宽的单个数字。
Pairs of MNIST test digits (never trained on) are put side by side, each 0-4 px (at 28 px) into the
one before, dark on white and 8x larger, as a learner draws them on MNISTDraw.py's page; so are
single test digits wider than they are tall. digits.CUT_FROM (from which width a mark is offered
cut) and reading.CUT_DOUBT (how much surer the pieces must be than the whole) come from these figures.

Run:    python tools/measure_touching_digits.py [--model output/mnist_cnn.h5] [--pairs 500] [--data-dir DIR]
Prints: for each overlap, how many pairs are one mark and how many are read exactly (both digits);
        how many wide single digits are read as one digit, and right.
"""
import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as `python tools/...`: make mnist_course importable

from mnist_course import CourseError, cli, digits, reading  # noqa: E402
from mnist_course.data import load_mnist  # noqa: E402
from mnist_course.models import load_model  # noqa: E402

OVERLAPS = (0, 1, 2, 3, 4)  # px at 28: 0 is side by side, touching where the strokes meet


def written_touching(images, overlap=0):
    """MNIST digits (28x28 uint8) written left to right, each `overlap` px into the one before,
    dark on white and 8x larger, as a learner draws them."""
    pieces = []
    for image in images:
        columns = np.flatnonzero(image.max(axis=0))
        pieces.append(image[:, columns.min():columns.max() + 1])
    row = np.zeros((28, sum(piece.shape[1] for piece in pieces)), np.uint8)
    left = 0
    for piece in pieces:
        row[:, left:left + piece.shape[1]] = np.maximum(row[:, left:left + piece.shape[1]], piece)
        left += piece.shape[1] - overlap
    page = Image.fromarray(255 - np.pad(row[:, :left + overlap], 14))
    return page.resize((page.width * 8, page.height * 8), Image.Resampling.BILINEAR)


def wider_than_tall(image):
    """Whether an MNIST digit's ink is wider than it is tall."""
    columns, rows = np.flatnonzero(image.max(axis=0)), np.flatnonzero(image.max(axis=1))
    return np.ptp(columns) > np.ptp(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("--model", default="output/mnist_cnn.h5", help="a model trained on MNIST")
    parser.add_argument("--pairs", type=cli.count(5_000), default=500,
                        help="pairs of test digits per overlap, from the first; at most 5,000")
    parser.add_argument("--data-dir", help="MNIST folder (default: $MNIST_DATA_DIR, then Data/)")
    args = parser.parse_args()
    _, (images, labels) = load_mnist(args.data_dir)
    model = load_model(args.model)
    print(f"{args.pairs} pairs of MNIST test digits written touching (at 28 px, into each other by):")
    for overlap in OVERLAPS:
        exact = one_mark = 0
        for first in range(0, 2 * args.pairs, 2):
            picture = written_touching(images[first:first + 2], overlap)
            one_mark += len(digits.split_digits(digits.clean_ink(picture)[0])) == 1
            try:
                [(_, chances)] = reading.read_pictures(model, [digits.find_readings(picture)])
            except CourseError:  # two overlapping 8s may have more loops than a digit: "a scribble"
                continue
            exact += reading.number(chances) == f"{labels[first]}{labels[first + 1]}"
        print(f"  {overlap} px: {one_mark / args.pairs:6.1%} one mark, {exact / args.pairs:6.1%} read exactly")
    wide = [index for index, image in enumerate(images) if wider_than_tall(image)]
    read = reading.read_pictures(model, [digits.find_readings(written_touching([images[index]])) for index in wide])
    one = [len(chances) == 1 for _, chances in read]
    right = [len(chances) == 1 and chances[0].argmax() == labels[index] for (_, chances), index in zip(read, wide)]
    print(f"{len(wide)} single test digits wider than tall: {np.mean(one):.1%} read as one digit, "
          f"{np.mean(right):.1%} right")


if __name__ == "__main__":
    main()
