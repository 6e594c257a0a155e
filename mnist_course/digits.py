"""Turn any photo or drawing of one digit into a 28x28 MNIST-style image, the way MNIST was made.

把任意一张手写数字图片（照片、画图软件、画布导出）变成 MNIST 风格的 28x28 图像，
步骤与 MNIST 当年的制作方法一致：白字黑底、裁到笔迹、最长边缩放到 20 像素、按质心居中。

The steps, each a function below so the README and the tests can point at it:
  1. read_grayscale     decode with Pillow, composite transparency onto white paper, to gray
  2. make_ink_light     dark ink on light paper is inverted: MNIST is light ink on black
  3. remove_background  subtract the paper (even unevenly lit) and its noise; ink becomes 0..1
  4. crop_to_ink        the smallest box holding (almost) all the ink
  5. thin_thick_strokes broad-brush strokes (Paint, canvas) thinned to a pen's width
  6. scale_to_box       longer side to 20 px, aspect ratio kept, anti-aliased
  7. center_by_mass     put it in 28x28 with the centre of mass at the centre
"""
import io
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError

from mnist_course import CourseError, open_regular

IMAGE_SIZE = 28   # MNIST's field
DIGIT_BOX = 20    # MNIST scaled each digit's longer side to 20 px, leaving a 4 px margin

# Bigger images are refused before decoding, so a 20000x20000 file cannot exhaust memory.
# 64 megapixels covers phone photos (12-50 MP); Pillow's own guard only starts at 89 MP.
MAX_PIXELS = 64_000_000

# The digit is worked on at most this size: plenty for a 20 px result, and fast. A digit
# covering a tenth of the picture's height still gets 50 px.
WORKING_SIZE = 512

# Ink must stand out from the paper by this much (0..1 scale) and by 4 noise levels, or the
# image counts as blank.
MIN_CONTRAST = 0.08


def preprocess(source):
    """All the steps: the 28x28 float32 image in [0, 1] a model trained on MNIST expects.

    `source` is an image file's path, the file's bytes (an upload), or a PIL image.
    """
    gray = read_grayscale(source)
    light_ink = make_ink_light(gray)
    ink = remove_background(light_ink, _name(source))
    digit = thin_thick_strokes(crop_to_ink(ink))
    return center_by_mass(scale_to_box(digit))


def read_grayscale(source):
    """Decode any image Pillow reads into a float32 array, 0 = black, 1 = white.

    `source`: a path, the file's bytes, or a PIL image (copied, so the caller's stays open).
    Transparent pixels become white paper: a canvas export stores its background as
    transparent black (0, 0, 0, 0), which a plain conversion to gray would make black ink.
    """
    path = _name(source)  # what error messages call it
    if isinstance(path, Path):
        with open_regular(path) as file:  # a named pipe or a device would make Pillow wait forever
            return _decode_grayscale(file, path)
    return _decode_grayscale(source, path)


def _decode_grayscale(source, path):
    try:
        with warnings.catch_warnings():
            # Over 89 MP Pillow warns; our own, lower limit below decides instead.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = _open(source)  # reads the header only; pixels are decoded by load()
    except Image.DecompressionBombError:
        raise CourseError(f"{path}: image too large (over {MAX_PIXELS // 1_000_000} megapixels); "
                          f"shrink or crop it first")
    except UnidentifiedImageError:
        raise CourseError(f"{path}: not an image Pillow can read (PNG, JPEG, BMP, GIF, ...)")
    except OSError as error:
        raise CourseError(f"{path}: cannot read ({error.strerror or error})")
    with image:
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise CourseError(f"{path}: image too large ({width}x{height} = "
                              f"{width * height / 1e6:.0f} megapixels, limit "
                              f"{MAX_PIXELS // 1_000_000}); shrink or crop it first")
        image.draft(None, (WORKING_SIZE, WORKING_SIZE))  # a JPEG decodes at 1/2, 1/4, 1/8 size
        try:
            image.load()
            image = ImageOps.exif_transpose(image)  # phone photos: turn upright, as shown
            image = _resizable(image)
            # Shrink before anything else (area average: also lowers the noise); Pillow
            # scales RGBA with premultiplied alpha, so transparent pixels do not bleed.
            image.thumbnail((WORKING_SIZE, WORKING_SIZE), Image.Resampling.BOX)
            image = _flatten_onto_white(image)
        except (OSError, ValueError, SyntaxError) as error:  # truncated or damaged files
            raise CourseError(f"{path}: damaged or truncated image ({error})")
    gray = np.asarray(image, dtype=np.float32)
    if image.mode == "F":  # 16-bit or float scans
        return gray / 65535 if gray.max() > 255 else gray / 255 if gray.max() > 1 else gray
    return gray / 255


def _name(source):
    """A path as a Path; anything else is "image" (or the file a PIL image came from)."""
    if isinstance(source, (str, Path)):
        return Path(source)
    return getattr(source, "filename", "") or "image"


def _open(source):
    """Open a path or bytes lazily (header only); a PIL image is copied: closing ours spares the caller's."""
    if isinstance(source, Image.Image):
        return source.copy()
    return Image.open(io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source)


def _resizable(image):
    """Modes Pillow can scale smoothly: L, LA, RGB, RGBA, F (palette and 1-bit would use nearest)."""
    has_alpha = image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info
    if image.mode.startswith("I") or image.mode == "F":
        return image.convert("F")
    if has_alpha:
        return image if image.mode in ("RGBA", "LA") else image.convert("RGBA")
    return image if image.mode in ("L", "RGB") else image.convert("RGB")


def _flatten_onto_white(image):
    """One gray channel; transparent parts become white paper."""
    if image.mode in ("RGBA", "LA"):
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("L")
    if image.mode == "F":
        return image
    return image.convert("L")  # luminance


def make_ink_light(gray):
    """MNIST digits are light ink (1) on black (0). If the paper is light, invert.

    The paper is what fills the image's border; the ink is whatever differs most from it.
    """
    paper = float(np.median(_border(gray)))
    darkest, lightest = np.percentile(gray, [0.2, 99.8])
    if paper - darkest > lightest - paper:  # the ink is darker than the paper
        return 1.0 - gray
    return gray


def remove_background(gray, path="image"):
    """Subtract the paper, lit unevenly or not, and its noise: paper 0, full ink 1.

    The paper's level is fitted as a tilted plane to the border (a phone photo is often
    brighter on one side); what stays within a few noise levels of it becomes 0.
    """
    paper_level = _fit_paper_plane(gray)
    difference = gray - paper_level
    noise = _noise_level(_border(difference))
    # Ink is a stroke, noise is single pixels: averaging 3x3 neighbours keeps the first and
    # cuts the second to a third, so the brightest averaged spot is the ink's level.
    ink_level = float(_average_3x3(difference).max())
    if ink_level < max(MIN_CONTRAST, 4 * noise):
        raise CourseError(f"{path}: no ink found, the image looks blank "
                          f"(contrast {max(ink_level, 0):.2f}, noise {noise:.2f})")
    threshold = max(3 * noise, 0.1 * ink_level)
    return np.clip((difference - threshold) / (ink_level - threshold), 0, 1).astype(np.float32)


def _average_3x3(array):
    """Each pixel replaced by the mean of its 3x3 neighbourhood (edges repeated)."""
    padded = np.pad(array, 1, mode="edge")
    rows, columns = array.shape
    return sum(padded[row:row + rows, column:column + columns]
               for row in range(3) for column in range(3)) / 9


def _border(array):
    """The outer ring of the image, about 3% of each side wide."""
    rows, columns = array.shape
    width = max(1, min(rows, columns) // 32)
    mask = np.ones(array.shape, dtype=bool)
    mask[width:rows - width, width:columns - width] = False
    return array[mask]


def _fit_paper_plane(gray):
    """Least-squares plane level = a + b*row + c*column through the border's paper pixels."""
    rows, columns = np.indices(gray.shape, dtype=np.float32)
    rows, columns = rows / gray.shape[0], columns / gray.shape[1]
    values = _border(gray)
    design = np.stack([np.ones_like(values), _border(rows), _border(columns)], axis=1)
    keep = np.ones(len(values), dtype=bool)
    for _ in range(3):  # refit without ink that touches the border
        coefficients = np.linalg.lstsq(design[keep], values[keep], rcond=None)[0]
        residuals = values - design @ coefficients
        spread = _noise_level(residuals[keep])
        keep = residuals < max(3 * spread, 0.02)
        if keep.sum() < 3:
            break
    return coefficients[0] + coefficients[1] * rows + coefficients[2] * columns


def _noise_level(values):
    """A standard deviation that ignores outliers (median absolute deviation x 1.4826)."""
    return float(1.4826 * np.median(np.abs(values - np.median(values))))


def crop_to_ink(ink):
    """Cut the box holding the ink.

    The box is found on a 3x3-averaged copy, where a lone noise pixel fades below 0.2 but a
    stroke does not; and 0.3% of the ink may fall outside on each side, so a speck of dust
    far from the digit does not stretch the box.
    """
    strokes = (_average_3x3(ink) > 0.2).astype(np.float32)
    if not strokes.any():  # only single-pixel dots: use them as they are
        strokes = ink
    rows = _ink_span(strokes.sum(axis=1))
    columns = _ink_span(strokes.sum(axis=0))
    return ink[rows, columns]


def _ink_span(profile, trimmed=0.003):
    cumulative = np.cumsum(profile) / profile.sum()
    first = int(np.searchsorted(cumulative, trimmed))
    last = int(np.searchsorted(cumulative, 1 - trimmed))
    return slice(first, min(last, len(profile) - 1) + 1)


def thin_thick_strokes(ink, typical=12, thickest=16):
    """Make broad-brush strokes (Paint, a finger on a canvas) about as thick as MNIST's pens.

    Works at 4x the final size (longer side 80 px), where MNIST's strokes are about 9 px
    wide and 95% of them under 14. A stroke wider than `thickest` is eroded (each pixel takes
    its darkest neighbour's value) to about `typical`. MNIST itself did not need this step:
    its writers all used similar pens. 笔画太粗（画图软件的刷子）时先变细，再缩小。
    """
    large = _resized(ink, 4 * DIGIT_BOX, Image.Resampling.BILINEAR)
    width = stroke_width(large)
    if width <= thickest:
        return large
    size = 2 * int((width - typical) // 2) + 1  # a size x size minimum filter removes size-1 px
    eroded = Image.fromarray(large, mode="F").filter(ImageFilter.MinFilter(size))
    eroded = np.asarray(eroded)
    return crop_to_ink(eroded) if eroded.max() > 0 else large  # the outline moved in: crop again


def stroke_width(ink):
    """Average stroke width in pixels: 2 x ink area / length of its outline."""
    mask = np.pad(ink > 0.5, 1)
    outline = np.count_nonzero(mask[1:] != mask[:-1]) + np.count_nonzero(mask[:, 1:] != mask[:, :-1])
    # Counting steps along rows and columns makes a slanted outline 4/pi longer on average.
    return 2 * np.count_nonzero(mask) / max(outline, 1) * (4 / np.pi)


def _resized(values, longer_side, resample):
    height, width = values.shape
    scale = longer_side / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    resized = Image.fromarray(values.astype(np.float32), mode="F").resize(size, resample)
    return np.clip(np.asarray(resized), 0, 1)


def scale_to_box(ink, box=DIGIT_BOX):
    """Scale so the longer side is `box` px, keeping the aspect ratio (a "1" stays thin).

    Lanczos filtering anti-aliases, as MNIST did: edge pixels get gray levels.
    """
    resized = _resized(ink, box, Image.Resampling.LANCZOS)
    top = resized.max()
    # A thin pen line shrunk 20 times becomes faint gray; MNIST's strokes reach full white.
    return resized / top if top > 0 else resized


def center_by_mass(digit, size=IMAGE_SIZE):
    """Place the digit in a size x size field with its centre of mass at the centre (pixel 14,14),
    as MNIST did; the digit is kept wholly inside the field."""
    height, width = digit.shape
    total = digit.sum()
    mass_row = (digit.sum(axis=1) @ np.arange(height)) / total
    mass_column = (digit.sum(axis=0) @ np.arange(width)) / total
    top = int(np.clip(round(size / 2 - mass_row), 0, size - height))
    left = int(np.clip(round(size / 2 - mass_column), 0, size - width))
    field = np.zeros((size, size), dtype=np.float32)
    field[top:top + height, left:left + width] = digit
    return field


def naive_resize(path):
    """What a first try usually does: the whole picture, gray, squashed to 28x28. For comparison."""
    with Image.open(path) as image:
        return np.asarray(image.convert("L").resize((IMAGE_SIZE, IMAGE_SIZE)), dtype=np.float32) / 255


def to_png(image28, path):
    """Save a 28x28 image in [0, 1] as an 8-bit grayscale PNG (white ink on black, as the model sees)."""
    Image.fromarray(np.round(image28 * 255).astype(np.uint8), mode="L").save(path, format="PNG")
