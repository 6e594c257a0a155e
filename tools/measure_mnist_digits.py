"""Measure MNIST's own training digits the way mnist_course/digits.py sees yours: pen width, loops, width.

用 mnist_course/digits.py 处理你的数字的同样方法，测量 MNIST 训练集自己的数字：笔画宽度、闭合圈数和宽高比。
digits.MNIST_STROKE (the pen width your digits are brought to), digits.MAX_LOOPS and MAX_CROSSINGS
(beyond which marks are a scribble), digits.MOST_CROSSED (beyond which a mark is more likely digits),
digits.FRAMED (a mark holding one that tall is a frame), digits.CUT_FROM, WIDE and WIDEST (from which a
mark may be digits that touch, beyond which it is), digits.PAIR_HEIGHT (how tall two digits side by side
are) and digits.BOXY and BOX_LINE (a loop that full, drawn that thin, is a form's box) come from these figures.

Run:    python tools/measure_mnist_digits.py [--count 60000] [--data-dir DIR]
Prints: percentiles of the pen width (px at 80 px) and of the width over the height, for all digits
        and each; the shorter of two digits side by side over the taller; how many digits have 0, 1,
        2, ... loops; how many strokes a row crosses; marks inside a loop; how rectangular their loops
        are, and how thin their pen for the loop.
        All 60,000 take about a minute.
"""
import argparse
import sys
from pathlib import Path

import numpy as np
from skimage import measure

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as `python tools/...`: make mnist_course importable

from mnist_course import cli, digits  # noqa: E402
from mnist_course.data import load_mnist  # noqa: E402

PERCENTILES = (1, 5, 25, 50, 75, 95, 99, 99.9, 100)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("--count", type=cli.count(60_000), default=60_000,
                        help="how many training digits, from the first; at most 60,000")
    parser.add_argument("--data-dir", help="MNIST folder (default: $MNIST_DATA_DIR, then Data/)")
    args = parser.parse_args()
    (images, labels), _ = load_mnist(args.data_dir)
    widths, loops, aspects, heights, boxy, crossed, crossed_raw, held = [], [], [], [], [], [], [], []
    for image in images[:args.count]:
        ink = image.astype(np.float32) / 255
        shape = digits.black_and_white(ink, ink > 0)  # as a digit of yours is made black and white
        widths.append(digits.stroke_width(shape))
        loops.append(digits.loops(shape))
        crossed.append(digits.strokes_crossed(shape))
        crossed_raw.append(digits.crossings_per_row(shape))
        held.append(held_in_a_loop(shape))
        fill, across = digits.squarest_loop(shape)
        boxy.append((fill, widths[-1] / across if across else np.inf))
        rows, columns = np.nonzero(shape)
        heights.append(rows.max() - rows.min() + 1)
        aspects.append((columns.max() - columns.min() + 1) / heights[-1])
    print(f"{args.count:,} MNIST training digits at {digits.WORK_BOX} px:")
    print("percentile      " + "".join(f"{p:>8}" for p in PERCENTILES))
    print("pen width (px)  " + "".join(f"{value:>8.2f}" for value in np.percentile(widths, PERCENTILES)))
    print("width / height  " + "".join(f"{value:>8.2f}" for value in np.percentile(aspects, PERCENTILES)))
    aspects, labels_used = np.array(aspects), labels[:args.count]
    print(f"  wider than tall: {np.mean(aspects > 1):.1%} of digits")
    print("  99.9th percentile of each digit: " + ", ".join(
        f"{digit} {np.percentile(aspects[labels_used == digit], 99.9):.2f}" for digit in range(10)
        if np.any(labels_used == digit)))
    pairs = np.array(heights[:len(heights) // 2 * 2]).reshape(-1, 2)  # digits 1 and 2, 3 and 4, ...
    shorter = pairs.min(axis=1) / pairs.max(axis=1)
    print("two side by side, the shorter's height over the taller's: " + "  ".join(
        f"{p}%: {value:.2f}" for p, value in zip(PERCENTILES[:3], np.percentile(shorter, PERCENTILES[:3])))
        + f"  (under {digits.PAIR_HEIGHT}: {np.mean(shorter < digits.PAIR_HEIGHT):.1%} of pairs)")
    counts = np.bincount(loops)
    print("loops           " + ", ".join(f"{count:,} digits with {number}" for number, count in enumerate(counts)))
    for number in range(3, len(counts)):
        print(f"  with {number}: " + " ".join(str(labels[index]) for index in np.flatnonzero(np.array(loops) == number)[:30]))
    print("strokes a row crosses, on average (per height of width where wider than tall): " + "  ".join(
        f"{p}%: {value:.2f}" for p, value in zip(PERCENTILES[-4:], np.percentile(crossed, PERCENTILES[-4:]))))
    print("  however wide the digit: " + "  ".join(
        f"{p}%: {value:.2f}" for p, value in zip(PERCENTILES[-4:], np.percentile(crossed_raw, PERCENTILES[-4:]))))
    held = np.array(held)
    print(f"a mark apart inside a loop: {np.count_nonzero(held):,} digits, at most {held.max():.2f} of the digit's height")
    boxy = np.array(boxy)
    fills, pens = boxy[boxy[:, 0] > 0].T
    print(f"loops a fifth of the digit's height across ({len(fills) / args.count:.0%} of digits), their fill of the "
          f"smallest rectangle around them: " + "  ".join(f"{p}%: {value:.3f}" for p, value in
                                                           zip(PERCENTILES[-3:], np.percentile(fills, PERCENTILES[-3:]))))
    print(f"  pen width over the loop's width: least {pens.min():.3f}, 0.1% {np.percentile(pens, 0.1):.3f}")


def held_in_a_loop(shape):
    """The tallest mark apart inside another's loop, over that mark's height (0 without one), as
    digits._a_frame looks for a frame round a digit."""
    regions = measure.regionprops(measure.label(shape, connectivity=2))
    return max(((inner.bbox[2] - inner.bbox[0]) / (outer.bbox[2] - outer.bbox[0])
                for outer in regions for inner in regions if inner is not outer
                and digits._centre_within(inner, outer, outer.image_filled & ~outer.image)), default=0.0)


if __name__ == "__main__":
    cli.run(main)
