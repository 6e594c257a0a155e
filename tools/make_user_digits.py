"""Build a set of "user-style" digit images from real MNIST TEST digits, to measure MNISTPredict.py.

用 MNIST 测试集（从不用训练集）的数字做出"像用户自己画的/拍的"图片：白纸黑字、灰纸、
手机照片（噪声、光照不均、JPEG）、画图软件的粗笔画、透明背景的画布导出、调色板图、
黑板粉笔字；还有手机拍的笔记本：横线纸、方格纸、红色页边线、彩色笔写在有色纸上、
大照片里的小数字、铅笔字。数字大小不一、位置偏离中心。标签写在文件名里：00042_7_photo.jpg。

Run:    python tools/make_user_digits.py output/user_digits --count 2000
        --styles ruled squared margin: only some styles (the styles take turns);
        --styles stress: blur, low resolution, pens, faint ink, numbers of 2-6 digits, no digit
        (blur: a Gaussian of 5-12% of the digit's height, from clearly out of focus to where an 8's
        loops fill in; thin_pen: strokes thinned without breaking, as a fine liner draws them)
Score:  python tools/score_digits.py output/user_digits --model output/mnist_cnn.h5
The same --seed, --count and --styles always give the same images.
"""
import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter
from scipy import ndimage
from skimage import morphology

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as `python tools/...`: make mnist_course importable

from mnist_course import cli  # noqa: E402
from mnist_course.data import load_mnist  # noqa: E402
from mnist_course.saving import replacing  # noqa: E402

# Phone photos of a digit written in a notebook: the page's own lines, colored ink, pencil.
NOTEBOOK_STYLES = ("ruled", "squared", "margin", "color_ink", "small", "pencil")
STYLES = ("pen", "grey_paper", "photo", "jpeg", "paint", "canvas", "palette", "chalk",
          *NOTEBOOK_STYLES)
# What the styles above missed: capture quality and pens (one digit each), whole numbers of 2-6
# digits with uneven spacing and size, and pictures with no digit at all (label "none").
QUALITY_STYLES = ("blur", "low_res", "thin_pen", "marker", "faint")
NUMBER_STYLES = ("number_pen", "number_photo", "number_ruled")
NO_DIGIT_STYLES = ("blank", "lines", "scribble")
STRESS_STYLES = (*QUALITY_STYLES, *NUMBER_STYLES, *NO_DIGIT_STYLES)
STYLE_SETS = {"classic": STYLES, "stress": STRESS_STYLES, "all": STYLES + STRESS_STYLES}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("output_dir", type=Path, help="folder for the images (created if needed)")
    parser.add_argument("--count", type=cli.count(10_000), default=2000,
                        help="how many images; at most 10,000, one per MNIST test digit")
    parser.add_argument("--seed", type=int, default=7, help="random seed: same seed, same images")
    parser.add_argument("--styles", nargs="+", choices=(*STYLE_SETS, *STYLE_SETS["all"]),
                        default=["classic"], metavar="STYLE",
                        help=f"styles, or a set of them: {', '.join(STYLE_SETS)} (default: classic = "
                             f"{', '.join(STYLES)}; stress = {', '.join(STRESS_STYLES)})")
    parser.add_argument("--data-dir", help="MNIST folder (default: $MNIST_DATA_DIR, then Data/)")
    args = parser.parse_args()

    styles = [style for name in args.styles for style in STYLE_SETS.get(name, (name,))]
    _, (test_images, test_labels) = load_mnist(args.data_dir)
    paths = write_user_digits(test_images, test_labels, args.output_dir, args.count, args.seed,
                              styles)
    print(f"Wrote {len(paths)} images from MNIST test digits to {args.output_dir}")


def write_user_digits(images, labels, output_dir, count, seed, styles=STYLES):
    """Write `count` user-style images made from the given (test) digits, the styles taking
    turns; return their paths."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    chosen = np.random.default_rng(seed).permutation(len(images))[:count]
    paths = []
    for number, index in enumerate(chosen):
        style = styles[number % len(styles)]
        random = np.random.default_rng([seed, int(index)])
        if style in NUMBER_STYLES:  # the first digit, then 1-5 more test digits at random
            chosen_digits = [index, *random.integers(len(images), size=int(random.integers(1, 6)))]
            image, extension, options = make_number(images[chosen_digits], style, random)
            label = "".join(str(labels[digit]) for digit in chosen_digits)
        elif style in NO_DIGIT_STYLES:
            image, extension, options = make_no_digit(style, random)
            label = "none"
        else:
            image, extension, options = make_image(images[index], style, random)
            label = labels[index]
        path = output_dir / f"{number:05d}_{label}_{style}.{extension}"
        with replacing(path) as temporary:
            image.save(temporary, format=_FORMATS[extension], **options)
        paths.append(path)
    return paths


_FORMATS = {"png": "PNG", "jpg": "JPEG", "bmp": "BMP", "gif": "GIF"}


def label_of(path):
    """What is written in the picture, from its file name: 00042_7_photo.jpg -> "7",
    00043_2026_number_photo.jpg -> "2026", 00044_none_lines.png -> "none"."""
    return Path(path).name.split("_")[1]


def style_of(path):
    """The style, from the file name: 00043_2026_number_photo.jpg -> "number_photo"."""
    return Path(path).stem.split("_", 2)[2]


def make_image(digit, style, random):
    """One MNIST digit (28x28 uint8, light on black) drawn the way `style` says.

    Returns (Pillow image, file extension, save options).
    """
    thick = style in ("paint", "canvas", "marker")
    ink = _drawn_ink(digit, random, thick)  # float 0..1, high resolution, 1 = ink
    if style == "thin_pen":  # a fine liner: strokes a third as wide, never broken (as a minimum filter would)
        ink = ndimage.gaussian_filter(morphology.thin(ink > 0.5, max_num_iter=3).astype(np.float32), 0.7)
    if style in QUALITY_STYLES:
        return _quality_photo(ink, style, random)
    if style in NOTEBOOK_STYLES:
        return _notebook_photo(ink, style, random), "jpg", {"quality": int(random.integers(50, 91))}
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


def _quality_photo(ink, style, random):
    """A pen drawing (1 = ink) as a poor capture: out of focus, a tiny low-resolution scan,
    faint pencil; thin_pen and marker are sharp photos of a fine liner and a felt marker."""
    width, height = (int(random.integers(150, 601)) for _ in range(2))
    if style == "marker":  # a felt marker: a little fatter still than Paint's brush
        ink = np.asarray(Image.fromarray(ink, mode="F").filter(ImageFilter.MaxFilter(3)))
    ink = _place(ink, width, height, random)
    paper = random.uniform(0.75, 1.0) + _gradient(ink.shape, random, 0.08)
    strength = random.uniform(0.12, 0.3) if style == "faint" else random.uniform(0.7, 0.95)
    values = paper * (1 - strength * ink) + random.normal(0, 0.01, ink.shape)
    image = _gray(values)
    if style == "blur":  # out of focus: a Gaussian blur of 5-12% of the digit's height (beyond, an 8's loops fill in)
        rows = np.nonzero(ink.max(axis=1) > 0.5)[0]
        image = image.filter(ImageFilter.GaussianBlur(float(rows[-1] - rows[0]) * random.uniform(0.05, 0.12)))
    if style == "low_res":  # the digit 8-30 px tall, then (most often) upscaled again
        rows = np.nonzero(ink.max(axis=1) > 0.5)[0]
        scale = random.uniform(8, 30) / max(1, rows[-1] - rows[0])
        small = image.resize((max(8, round(width * scale)), max(8, round(height * scale))),
                             Image.Resampling.BOX)
        if random.random() < 0.7:
            small = small.resize((width, height), random.choice([Image.Resampling.NEAREST,
                                                                 Image.Resampling.BILINEAR,
                                                                 Image.Resampling.BICUBIC]))
        image = small
    return image, "jpg" if style in ("blur", "faint") else "png", {"quality": 85} if style in ("blur", "faint") else {}


def make_number(chosen_digits, style, random):
    """A number: the digits (28x28 each) written left to right, of uneven size and spacing, some
    nearly touching; on white paper, as a phone photo, or on a ruled notebook page."""
    height = int(random.integers(40, 121))
    pieces = []
    for digit in chosen_digits:
        ink = _drawn_ink(digit, random, False)
        digit_height = round(height * random.uniform(0.8, 1.1))
        digit_width = max(2, round(ink.shape[1] * digit_height / ink.shape[0]))
        pieces.append(np.asarray(Image.fromarray(ink, mode="F").resize((digit_width, digit_height),
                                                                      Image.Resampling.BILINEAR)))
    gaps = [round(height * random.uniform(0.05, 0.45)) for _ in pieces[1:]]
    margin = height // 2
    width = sum(piece.shape[1] for piece in pieces) + sum(gaps) + 2 * margin
    canvas = np.zeros((int(height * 1.4) + 2 * margin, width), np.float32)
    left = margin
    for piece, gap in zip(pieces, [0, *gaps]):
        left += gap
        top = margin + int(random.integers(0, int(height * 1.4) - piece.shape[0] + 1))
        area = canvas[top:top + piece.shape[0], left:left + piece.shape[1]]
        np.maximum(area, np.clip(piece, 0, 1), out=area)
        left += piece.shape[1]
    if style == "number_pen":
        return _gray(1 - canvas * random.uniform(0.8, 1.0)), "png", {}
    if style == "number_ruled":
        return _notebook_number(canvas, random), "jpg", {"quality": int(random.integers(60, 91))}
    paper = random.uniform(0.55, 0.9) + _gradient(canvas.shape, random, 0.12)
    values = paper * (1 - canvas * random.uniform(0.7, 0.95)) + random.normal(0, 0.03, canvas.shape)
    photo = _gray(values).filter(ImageFilter.GaussianBlur(random.uniform(0.5, 1.5)))
    return photo, "jpg", {"quality": int(random.integers(50, 91))}


def _notebook_number(canvas, random):
    """The number on a ruled page: light blue lines, the digits sitting on one of them."""
    height, width = canvas.shape
    rows = np.nonzero(canvas.max(axis=1) > 0.5)[0]
    spacing = (rows[-1] - rows[0]) * random.uniform(1.0, 1.4)
    offset = rows[-1] + random.normal(0, 2)
    lines = _stripes(np.indices(canvas.shape)[0].astype(np.float32), spacing, offset,
                     max(1.0, spacing * 0.04))
    rgb = np.full((height, width, 3), random.uniform(0.9, 1.0), np.float32)
    rgb = _paint(rgb, lines * random.uniform(0.5, 1.0), (0.6, 0.75, 0.95))
    rgb = _paint(rgb, canvas * random.uniform(0.85, 1.0), (0.1, 0.1, random.uniform(0.1, 0.45)))
    rgb += random.normal(0, 0.02, rgb.shape)
    return _rgb(rgb).filter(ImageFilter.GaussianBlur(random.uniform(0.4, 1.0)))


def make_no_digit(style, random):
    """A picture with no digit: blank paper (a photo of it), a ruled page, or a scribble."""
    width, height = (int(random.integers(200, 601)) for _ in range(2))
    paper = random.uniform(0.6, 1.0) + _gradient((height, width), random, 0.1)
    values = paper + random.normal(0, random.uniform(0.005, 0.03), (height, width))
    if style == "lines":
        rows = np.indices((height, width))[0].astype(np.float32)
        spacing = random.uniform(25, 60)
        values -= 0.4 * _stripes(rows, spacing, random.uniform(0, spacing), random.uniform(1, 3))
    if style == "scribble":  # a pen going round and round over the same place
        image = _gray(values)
        draw = ImageDraw.Draw(image)
        centre = np.array([width, height]) * random.uniform(0.35, 0.65, 2)
        radius = min(width, height) * random.uniform(0.15, 0.3)
        angles = np.cumsum(random.uniform(0.2, 0.6, 120))
        wobble = radius * random.uniform(0.3, 1.0, 120)
        points = centre + np.stack([np.cos(angles), np.sin(angles)], axis=1) * wobble[:, None]
        draw.line([tuple(point) for point in points], fill=20, width=int(random.integers(2, 6)))
        return image, "png", {}
    return _gray(values), "png", {}


def _notebook_photo(ink, style, random):
    """A phone photo of the digit written on a notebook page (RGB, before JPEG).

    ruled: ruled lines, the digit often sitting on one; squared: a grid; margin: ruled lines
    and a red margin line close beside the digit; color_ink: red, blue, green or purple ink on
    tinted paper, with a margin line half of the time; small: a 60-90 px digit in a 1000x750
    photo; pencil: grainy gray graphite. All: a page turned up to 10 degrees and seen in slight
    perspective, uneven light, noise, blur.
    """
    if style == "small":
        width, height = (1000, 750) if random.random() < 0.5 else (750, 1000)
        digit_height = int(random.integers(60, 91))
    else:
        width, height = (int(random.integers(300, 801)) for _ in range(2))
        digit_height = int(min(width, height) * random.uniform(0.2, 0.45))
    digit_width = max(1, round(ink.shape[1] * digit_height / ink.shape[0]))
    digit = Image.fromarray(ink, mode="F").resize((digit_width, digit_height), Image.Resampling.BILINEAR)
    # The phone is not held square to the page: the page's lines and the digit turn together.
    angle = np.radians(random.uniform(-10, 10))
    digit = digit.rotate(-np.degrees(angle), Image.Resampling.BILINEAR, expand=True)
    rows, columns = np.indices((height, width), dtype=np.float32)
    down = rows * np.cos(angle) - columns * np.sin(angle)   # the page's own coordinates
    right = rows * np.sin(angle) + columns * np.cos(angle)
    line_width = max(1.0, digit_height * random.uniform(0.025, 0.06))

    paper = np.array([random.uniform(0.92, 1.0), random.uniform(0.92, 1.0), random.uniform(0.88, 1.0)])
    pen = np.array([0.1, 0.1, random.uniform(0.1, 0.45)])  # black or blue ballpoint
    if style == "color_ink":
        paper = np.array([(1.0, 0.95, 0.72), (1.0, 0.88, 0.86), (0.86, 0.96, 0.84),
                          (0.85, 0.92, 1.0)][random.integers(4)]) * random.uniform(0.9, 1.0)
        pen = np.array([(0.85, 0.15, 0.15), (0.15, 0.25, 0.75), (0.15, 0.55, 0.25),
                        (0.5, 0.2, 0.65)][random.integers(4)]) + random.uniform(-0.08, 0.08, 3)
    if style == "pencil":  # graphite: gray, and grainy
        pen = np.full(3, random.uniform(0.3, 0.55))
        grain = _gray(random.uniform(0.3, 1.0, digit.size[::-1]))
        grain = np.asarray(grain.filter(ImageFilter.GaussianBlur(0.7)), np.float32) / 255
        digit = Image.fromarray(np.asarray(digit) * grain, mode="F")

    # The page: ruled lines (light blue) or a grid.
    rgb = np.broadcast_to(paper, (height, width, 3)).astype(np.float32)
    spacing = digit_height / random.uniform(0.7, 1.4)
    offset = random.uniform(0, spacing)
    if style == "squared":
        spacing = digit_height / random.uniform(1.3, 2.5)
        lines = np.maximum(_stripes(down, spacing, offset, line_width),
                           _stripes(right, spacing, random.uniform(0, spacing), line_width))
    elif style in ("ruled", "margin", "small", "pencil") or random.random() < 0.5:
        lines = _stripes(down, spacing, offset, line_width)
    else:
        lines = np.zeros((height, width), np.float32)
    line_color = np.array([random.uniform(0.45, 0.75), random.uniform(0.65, 0.85), 0.95])
    rgb = _paint(rgb, lines * random.uniform(0.5, 1.0), line_color)

    # The digit: in the middle half of the page, most often sitting on a ruled line.
    box_width, box_height = digit.size
    top = int(random.integers(height // 4, max(height // 4 + 1, height - height // 4 - box_height + 1)))
    left = int(random.integers(width // 4, max(width // 4 + 1, width - width // 4 - box_width + 1)))
    top, left = min(top, height - box_height), min(left, width - box_width)
    middle_row, middle_column = top + box_height / 2, left + box_width / 2
    if style != "squared" and random.random() < 0.7:
        bottom = (middle_row + digit_height / 2) * np.cos(angle) - middle_column * np.sin(angle)
        line = offset + spacing * round((bottom - offset) / spacing) + random.normal(0, 0.1 * spacing)
        middle_row = (line + middle_column * np.sin(angle)) / np.cos(angle) - digit_height / 2
        top = int(np.clip(middle_row - box_height / 2, height // 10, height - height // 10 - box_height))
        middle_row = top + box_height / 2
    if style == "margin" or (style == "color_ink" and random.random() < 0.5):
        # A red margin line 0.1-0.6 digit heights left of the digit (sometimes a double line).
        margin = (middle_row * np.sin(angle) + middle_column * np.cos(angle)
                  - digit_width / 2 - digit_height * random.uniform(0.1, 0.6))
        margin_line = _stripes(right, np.inf, margin, line_width * random.uniform(1, 1.5))
        if random.random() < 0.3:
            margin_line = np.maximum(margin_line, _stripes(right, np.inf, margin - 3 * line_width,
                                                           line_width))
        red = np.array([random.uniform(0.85, 0.95), random.uniform(0.3, 0.55), random.uniform(0.35, 0.6)])
        rgb = _paint(rgb, margin_line, red)
    digit_ink = np.zeros((height, width), np.float32)
    digit_ink[top:top + box_height, left:left + box_width] = np.clip(np.asarray(digit), 0, 1)
    rgb = _paint(rgb, digit_ink * random.uniform(0.85, 1.0), pen)

    # The photo: light falling off across the page, a darker corner, perspective (the page's
    # corners up to 4% nearer or farther), noise, a little blur.
    light = 1 + _gradient((height, width), random, random.uniform(0.1, 0.3))
    corner = np.hypot(rows / height - random.integers(2), columns / width - random.integers(2))
    light -= random.uniform(0, 0.15) * np.clip(1 - corner, 0, 1) ** 2
    photo = _rgb(rgb * light[..., None] * random.uniform(0.7, 1.0))
    inward = random.uniform(0, 0.04, (4, 2)) * (width, height) * ((1, 1), (1, -1), (-1, -1), (-1, 1))
    corners = np.array([(0, 0), (0, height), (width, height), (width, 0)]) + inward
    photo = photo.transform((width, height), Image.Transform.QUAD, corners.ravel().tolist(),
                            Image.Resampling.BILINEAR)
    rgb = np.asarray(photo, np.float32) / 255 + random.normal(0, random.uniform(0.01, 0.04), rgb.shape)
    return _rgb(rgb).filter(ImageFilter.GaussianBlur(random.uniform(0.4, 1.2)))


def _stripes(distance, spacing, offset, width):
    """Anti-aliased lines `width` px wide where distance = offset + k*spacing (spacing inf: k=0)."""
    from_line = np.abs(distance - offset)
    if np.isfinite(spacing):
        from_line = np.abs((distance - offset + spacing / 2) % spacing - spacing / 2)
    return np.clip(width / 2 + 0.5 - from_line, 0, 1).astype(np.float32)


def _paint(rgb, amount, color):
    """Lay color over rgb where amount (0..1) says, like ink or a printed line."""
    return rgb * (1 - amount[..., None]) + np.asarray(color, np.float32) * amount[..., None]


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


if __name__ == "__main__":
    cli.run(main)
