"""A held-out evaluation set, made another way than tools/make_user_digits.py, to check the course's
preprocessing was not tuned to its own generator.

另一种方法做出的评测集（不是 make_user_digits.py 的风格）：别人写的数字（UCI 手写数字，8x8、16 级灰度，
由 43 位书写者所写，scikit-learn 自带），以及 MNIST 测试集数字经过另一些退化：散焦（圆盘模糊）、
运动模糊、椒盐噪声、硬阴影、透视、马赛克、极低质量 JPEG；还有由它们组成的多位数。

Run:    python tools/make_heldout_digits.py output/heldout --count 1500
Score:  python tools/score_digits.py output/heldout --model output/mnist_cnn.h5
Kinds:  uci (one UCI digit, upscaled), uci_number (2-6 UCI digits), defocus, motion, salt_pepper,
        shadow, perspective, pixelated, jpeg10 (MNIST test digits), number_defocus, number_shadow.
"""
import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image
from scipy import ndimage
from skimage import draw, transform

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as `python tools/...`: make mnist_course importable

from mnist_course import cli  # noqa: E402
from mnist_course.data import load_mnist  # noqa: E402
from mnist_course.saving import replacing  # noqa: E402

KINDS = ("uci", "uci_number", "defocus", "motion", "salt_pepper", "shadow", "perspective",
         "pixelated", "jpeg10", "number_defocus", "number_shadow")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("output_dir", type=Path)
    parser.add_argument("--count", type=cli.count(100_000), default=1500,
                        help="how many pictures; at most 100,000 (about an hour of writing them)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--data-dir", help="MNIST folder (default: $MNIST_DATA_DIR, then Data/)")
    args = parser.parse_args()
    from sklearn.datasets import load_digits  # bundled with scikit-learn: no download
    uci = load_digits()
    _, (mnist_images, mnist_labels) = load_mnist(args.data_dir)
    args.output_dir.mkdir(parents=True, exist_ok=True)
    for number in range(args.count):
        kind = KINDS[number % len(KINDS)]
        random = np.random.default_rng([args.seed, number])
        source = (uci.images / 16, uci.target) if kind.startswith("uci") else (mnist_images / 255, mnist_labels)
        count = int(random.integers(2, 7)) if "number" in kind else 1
        chosen = random.integers(len(source[0]), size=count)
        ink = _write(source[0][chosen], random, low_res=kind.startswith("uci"))
        image, extension = _degrade(ink, kind, random)
        label = "".join(str(source[1][index]) for index in chosen)
        path = args.output_dir / f"{number:05d}_{label}_{kind}.{extension}"
        with replacing(path) as temporary:
            image.save(temporary, format="JPEG" if extension == "jpg" else "PNG",
                       **({"quality": int(random.integers(5, 13))} if kind == "jpeg10" else {}))
    print(f"Wrote {args.count} pictures to {args.output_dir}")


def _write(images, random, low_res):
    """The digits (light ink 0..1) side by side at one height, with uneven gaps; 1 = ink."""
    height = int(random.integers(12, 40)) if low_res else int(random.integers(40, 140))
    pieces = []
    for image in images:
        if not low_res:  # MNIST digits: crop their 4 px margin
            rows, columns = np.nonzero(image > 0.1)
            image = image[rows.min():rows.max() + 1, columns.min():columns.max() + 1]
        order = int(random.choice([0, 1, 3])) if low_res else 1  # nearest, bilinear or bicubic
        scale = height * random.uniform(0.85, 1.1) / image.shape[0]
        pieces.append(np.clip(transform.rescale(image, scale, order=order), 0, 1))
    gaps = [int(height * random.uniform(0.1, 0.5)) for _ in pieces[1:]]
    width = sum(piece.shape[1] for piece in pieces) + sum(gaps) + height
    canvas = np.zeros((int(height * 1.3) + height, width), np.float32)
    left = height // 2
    for piece, gap in zip(pieces, [0, *gaps]):
        left += gap
        top = height // 2 + int(random.integers(0, canvas.shape[0] - height - piece.shape[0] + 1))
        canvas[top:top + piece.shape[0], left:left + piece.shape[1]] = np.maximum(
            canvas[top:top + piece.shape[0], left:left + piece.shape[1]], piece)
        left += piece.shape[1]
    return canvas


def _degrade(ink, kind, random):
    """Dark ink on paper, degraded as `kind` says: (PIL image, extension)."""
    paper = random.uniform(0.7, 1.0)
    values = paper * (1 - random.uniform(0.6, 0.95) * ink)
    if kind in ("defocus", "number_defocus"):  # a lens out of focus blurs with a disk, not a Gaussian
        radius = max(1, int(max(ink.shape) * random.uniform(0.01, 0.03)))
        disk = np.zeros((2 * radius + 1,) * 2)
        disk[draw.disk((radius, radius), radius + 0.5, shape=disk.shape)] = 1
        values = ndimage.convolve(values, disk / disk.sum(), mode="nearest")
    if kind == "motion":  # the phone moved: a short straight smear at some angle
        length = max(3, int(max(ink.shape) * random.uniform(0.02, 0.05)))
        line = np.zeros((length, length))
        line[draw.line(0, int(random.integers(length)), length - 1, int(random.integers(length)))] = 1
        values = ndimage.convolve(values, line / line.sum(), mode="nearest")
    if kind == "salt_pepper":
        speckle = random.random(values.shape)
        values = np.where(speckle < 0.01, 0.0, np.where(speckle > 0.99, 1.0, values))
    if kind in ("shadow", "number_shadow"):  # a hand's hard-edged shadow over part of the page
        rows, columns = np.indices(values.shape)
        angle = random.uniform(0, np.pi)
        edge = np.cos(angle) * rows + np.sin(angle) * columns
        values = values * np.where(edge > np.quantile(edge, random.uniform(0.2, 0.6)), random.uniform(0.45, 0.7), 1)
    if kind == "perspective":
        height, width = values.shape
        corners = np.array([[0, 0], [width, 0], [width, height], [0, height]], float)
        moved = corners + random.uniform(-0.12, 0.12, (4, 2)) * (width, height)
        warp = transform.ProjectiveTransform()
        warp.estimate(corners, moved)
        values = transform.warp(values, warp, mode="edge")
    if kind == "pixelated":  # shown at 1/4-1/8 size, enlarged again with nearest neighbours
        factor = int(random.integers(4, 9))
        small = values[::factor, ::factor]
        values = np.kron(small, np.ones((factor, factor)))
    values = values + random.normal(0, 0.01, values.shape)
    image = Image.fromarray(np.round(np.clip(values, 0, 1) * 255).astype(np.uint8), mode="L")
    return image, "jpg" if kind == "jpeg10" else "png"


if __name__ == "__main__":
    cli.run(main)
