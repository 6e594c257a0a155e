"""Build a set of "user-style" digit images from real MNIST TEST digits, to measure MNISTPredict.py.

用 MNIST 测试集（从不用训练集）的数字做出"像用户自己画的/拍的"图片：白纸黑字、灰纸、
手机照片（噪声、光照不均、JPEG）、画图软件的粗笔画、透明背景的画布导出、调色板图、
黑板粉笔字；数字大小不一、位置偏离中心。标签写在文件名里：00042_7_photo.jpg。

Run:    python tools/make_user_digits.py output/user_digits --count 2000
Score:  python tools/make_user_digits.py output/user_digits --count 2000 --score output/mnist_cnn.h5
        (prints the accuracy of MNISTPredict's preprocessing and of a naive 28x28 resize)
The same --seed and --count always give the same images.
"""
import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as `python tools/...`: make mnist_course importable

from mnist_course import cli, digits  # noqa: E402
from mnist_course.data import load_mnist  # noqa: E402
from mnist_course.saving import replacing  # noqa: E402

STYLES = ("pen", "grey_paper", "photo", "jpeg", "paint", "canvas", "palette", "chalk")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("output_dir", type=Path, help="folder for the images (created if needed)")
    parser.add_argument("--count", type=cli.positive_int, default=2000, help="how many images")
    parser.add_argument("--seed", type=int, default=7, help="random seed: same seed, same images")
    parser.add_argument("--data-dir", help="MNIST folder (default: $MNIST_DATA_DIR, then Data/)")
    parser.add_argument("--score", metavar="MODEL", help="also classify the images with this model "
                        "and print the accuracy, with and without MNISTPredict's preprocessing")
    args = parser.parse_args()

    _, (test_images, test_labels) = load_mnist(args.data_dir)
    paths = write_user_digits(test_images, test_labels, args.output_dir, args.count, args.seed)
    print(f"Wrote {len(paths)} images from MNIST test digits to {args.output_dir}")
    if args.score:
        score(paths, args.score)


def write_user_digits(images, labels, output_dir, count, seed):
    """Write `count` user-style images made from the given (test) digits; return their paths."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    chosen = np.random.default_rng(seed).permutation(len(images))[:count]
    paths = []
    for number, index in enumerate(chosen):
        style = STYLES[number % len(STYLES)]
        random = np.random.default_rng([seed, int(index)])
        image, extension, options = make_image(images[index], style, random)
        path = output_dir / f"{number:05d}_{labels[index]}_{style}.{extension}"
        with replacing(path) as temporary:
            image.save(temporary, format=_FORMATS[extension], **options)
        paths.append(path)
    return paths


_FORMATS = {"png": "PNG", "jpg": "JPEG", "bmp": "BMP", "gif": "GIF"}


def label_of(path):
    """The digit written in the file name by write_user_digits (00042_7_photo.jpg -> 7)."""
    return int(Path(path).name.split("_")[1])


def make_image(digit, style, random):
    """One MNIST digit (28x28 uint8, light on black) drawn the way `style` says.

    Returns (Pillow image, file extension, save options).
    """
    thick = style in ("paint", "canvas")
    ink = _drawn_ink(digit, random, thick)  # float 0..1, high resolution, 1 = ink
    width, height = (int(random.integers(100, 601)) for _ in range(2))
    ink = _place(ink, width, height, random)  # off-centre, at many sizes

    if style == "pen":  # black pen on white paper, grayscale PNG
        return _gray(1 - ink * random.uniform(0.8, 1.0)), "png", {}
    if style == "grey_paper":  # dark pencil on gray paper
        paper = random.uniform(0.55, 0.85)
        pencil = random.uniform(0.05, 0.3)
        values = paper + (pencil - paper) * ink + random.normal(0, 0.015, ink.shape)
        return _gray(values), "png", {}
    if style == "photo":  # phone photo: tinted paper, uneven light, noise, blur, JPEG
        paper = random.uniform(0.5, 0.85) + _gradient(ink.shape, random, 0.12)
        pen = np.array([0.1, 0.1, random.uniform(0.1, 0.45)])  # black or blue ballpoint
        tint = np.array([1.0, random.uniform(0.95, 1.0), random.uniform(0.85, 1.0)])
        rgb = paper[..., None] * tint * (1 - ink[..., None]) + pen * ink[..., None]
        rgb += random.normal(0, random.uniform(0.02, 0.06), rgb.shape)
        photo = _rgb(rgb).filter(ImageFilter.GaussianBlur(random.uniform(0.5, 1.5)))
        return photo, "jpg", {"quality": int(random.integers(50, 91))}
    if style == "jpeg":  # a drawing saved as a heavily compressed JPEG
        return _gray(1 - ink), "jpg", {"quality": int(random.integers(15, 60))}
    if style == "paint":  # MS Paint: thick brush, pure black on white, 24-bit BMP
        return _rgb(np.repeat(1 - (ink > 0.5)[..., None], 3, axis=2)), "bmp", {}
    if style == "canvas":  # web canvas export: colored ink, transparent (0,0,0,0) background
        color = random.uniform(0, 0.5, 3)
        rgba = np.concatenate([np.broadcast_to(color, ink.shape + (3,)) * (ink[..., None] > 0),
                               ink[..., None]], axis=2)
        return Image.fromarray(np.round(rgba * 255).astype(np.uint8), mode="RGBA"), "png", {}
    if style == "palette":  # a 16-color GIF: dark ink on light paper
        color = random.uniform(0, 0.4, 3)
        rgb = (1 - ink[..., None]) * random.uniform(0.85, 1.0) + ink[..., None] * color
        return _rgb(rgb).quantize(16), "gif", {}
    if style == "chalk":  # white chalk on a dark green board
        board = np.array([0.1, random.uniform(0.2, 0.35), 0.15])
        rgb = board * (1 - ink[..., None]) + random.uniform(0.75, 0.95) * ink[..., None]
        rgb += random.normal(0, 0.03, rgb.shape)
        return _rgb(rgb), "png", {}
    raise ValueError(f"unknown style {style}")


def _drawn_ink(digit, random, thick):
    """Upscale the digit's ink 4x to smooth pen strokes; thicken like a broad brush if asked."""
    values = Image.fromarray(digit).resize((112, 112), Image.Resampling.BICUBIC)
    if thick:  # a Paint brush: 2-4 px wider at MNIST scale
        values = values.filter(ImageFilter.MaxFilter(int(random.choice([5, 7, 9]))))
    ink = np.asarray(values, dtype=np.float32) / 255
    ink = np.clip((ink - 0.3) / 0.3, 0, 1)  # crisp strokes with a soft edge, like a pen
    rows, columns = np.nonzero(ink)
    return ink[rows.min():rows.max() + 1, columns.min():columns.max() + 1]


def _place(ink, width, height, random):
    """Scale the digit to 20%-85% of the canvas height and put it anywhere on the canvas."""
    digit_height = int(min(height, width) * random.uniform(0.2, 0.85))
    digit_width = max(1, round(ink.shape[1] * digit_height / ink.shape[0]))
    if digit_width > width * 0.9:  # wide digits on narrow canvases
        digit_width = int(width * 0.9)
        digit_height = max(1, round(ink.shape[0] * digit_width / ink.shape[1]))
    scaled = Image.fromarray(ink, mode="F").resize((digit_width, digit_height), Image.Resampling.BILINEAR)
    canvas = np.zeros((height, width), dtype=np.float32)
    top = int(random.integers(0, height - digit_height + 1))
    left = int(random.integers(0, width - digit_width + 1))
    canvas[top:top + digit_height, left:left + digit_width] = np.clip(np.asarray(scaled), 0, 1)
    return canvas


def _gradient(shape, random, strength):
    """Light falling off across the page in a random direction."""
    rows, columns = np.indices(shape, dtype=np.float32)
    angle = random.uniform(0, 2 * np.pi)
    ramp = np.cos(angle) * rows / shape[0] + np.sin(angle) * columns / shape[1]
    return strength * (ramp - ramp.mean())


def _gray(values):
    return Image.fromarray(np.round(np.clip(values, 0, 1) * 255).astype(np.uint8), mode="L")


def _rgb(values):
    return Image.fromarray(np.round(np.clip(values, 0, 1) * 255).astype(np.uint8), mode="RGB")


def score(paths, model_path):
    """Accuracy of the course's preprocessing and of a naive 28x28 resize, overall and per style."""
    import MNISTPredict  # the lesson's own model loading (safe mode, input shape check)

    model = MNISTPredict.load_model(model_path)
    labels = np.array([label_of(path) for path in paths])
    styles = np.array([Path(path).stem.split("_", 2)[2] for path in paths])
    results = {}
    for name, prepare in (("MNISTPredict preprocessing", digits.preprocess),
                          ("naive resize to 28x28", digits.naive_resize)):
        images = np.stack([prepare(path) for path in paths])
        probabilities = MNISTPredict.predict(model, images)
        results[name] = probabilities.argmax(axis=1) == labels
    print(f"\n{'style':<12}{'images':>7}" + "".join(f"{name:>30}" for name in results))
    for style in (*STYLES, "all"):
        chosen = np.ones(len(paths), bool) if style == "all" else styles == style
        if chosen.any():
            print(f"{style:<12}{chosen.sum():>7}"
                  + "".join(f"{correct[chosen].mean():>29.1%} " for correct in results.values()))
    return results


if __name__ == "__main__":
    cli.run(main)
