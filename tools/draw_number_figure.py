"""Draw README 6's figure: one photo of a number, the digits found in it, the 28x28 of each and what
the model read.

画出 README 第 6 节的插图：一张写着多位数的照片、找到的每个数字、每个数字的 28x28 和模型的答案。

Run: python tools/draw_number_figure.py [--model output/mnist_cnn.h5] [--output docs/figures/number_reading.png]
"""
import argparse
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as `python tools/...`: make mnist_course importable
sys.path.insert(0, str(REPO / "tools"))

import matplotlib  # noqa: E402

matplotlib.use("Agg")  # files, never windows
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from make_user_digits import make_number  # noqa: E402
from mnist_course import cli, digits, plots, reading  # noqa: E402
from mnist_course.data import load_mnist  # noqa: E402
from mnist_course.models import load_model  # noqa: E402
from mnist_course.saving import replacing  # noqa: E402

DIGITS = (2026, 4)  # the test digits written: the first 2, 0, 2 and 6 of the MNIST test set


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("--model", default="output/mnist_cnn.h5")
    parser.add_argument("--output", type=Path, default=REPO / "docs" / "figures" / "number_reading.png")
    parser.add_argument("--data-dir")
    args = parser.parse_args()
    plots.configure(no_show=True)
    _, (images, labels) = load_mnist(args.data_dir)
    chosen = [int(np.flatnonzero(labels == int(digit))[0]) for digit in str(DIGITS[0])]
    photo, _, _ = make_number(images[chosen], "number_photo", np.random.default_rng(DIGITS[1]))
    [(found, chances)] = reading.read_pictures(load_model(args.model), [digits.find_readings(photo)])

    # The boxes the digits were found in, on the picture as find_digits works on it.
    ink, _ = digits.clean_ink(photo)
    boxes = [box for _, box in digits.split_digits(ink)]

    figure = plt.figure(figsize=(2 + 1.6 * len(found), 4.2))
    grid = figure.add_gridspec(2, len(found), height_ratios=(1.3, 1))
    top = figure.add_subplot(grid[0, :])
    top.imshow(photo, cmap="gray", vmin=0, vmax=255)
    for rows, columns in boxes:
        top.add_patch(Rectangle((columns.start, rows.start), columns.stop - columns.start,
                                rows.stop - rows.start, fill=False, color="tab:green", linewidth=2))
    top.set_title(f"the photo and the digits found: read {reading.number(chances)}")
    top.axis("off")
    for place, (image, row) in enumerate(zip(found, chances)):
        axis = figure.add_subplot(grid[1, place])
        axis.imshow(image, cmap="gray", vmin=0, vmax=1)
        axis.set_title(f"{np.argmax(row)}  {row.max():.1%}")
        axis.axis("off")
    figure.tight_layout()
    with replacing(args.output) as temporary:
        figure.savefig(temporary, format="png", dpi=100)
    print(f"Saved figure 图已保存: {args.output}")


if __name__ == "__main__":
    cli.run(main)
