"""Turn any photo or drawing of one digit into a 28x28 MNIST-style image, the way MNIST was made.

把任意一张手写数字图片（照片、画图软件、画布导出）变成 MNIST 风格的 28x28 图像，
步骤与 MNIST 当年的制作方法一致：白字黑底、裁到笔迹、最长边缩放到 20 像素、按质心居中。

The steps, each a function below so the README and the tests can point at it:
  1. read_grayscale     decode with Pillow, composite transparency onto white paper, to gray
                        (color_to_gray: along the ink's color, so colored ink stays distinct)
  2. make_ink_light     dark ink on light paper is inverted: MNIST is light ink on black
  3. remove_background  subtract the paper (even unevenly lit) and its noise; ink becomes 0..1
  4. remove_lines       erase ruled lines, squared-paper grids and margin lines
  5. keep_main_strokes  keep the digit's strokes, drop dust and stray marks
  6. crop_to_ink        the smallest box holding (almost) all the ink
  7. thin_thick_strokes broad-brush strokes (Paint, canvas) thinned to a pen's width
  8. scale_to_box       longer side to 20 px, aspect ratio kept, anti-aliased
  9. center_by_mass     put it in 28x28 with the centre of mass at the centre
"""
import io
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError

from mnist_course import CourseError, open_regular, shown

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

# A ruled line, a grid line or a margin line runs straight across (nearly) the whole picture, is
# thin for its length, and runs off the picture at both ends. A stroke of a digit may do the first
# two in a photo cropped close around it (a 1), but stops short of the edges.
LINE_COVERAGE = 0.85   # of the picture's width (height) that a line's ink covers
LINE_THINNESS = 16     # a line is at most 1/16 of its length thick
LINE_END = 0.02        # a line's ends are this close to the picture's edges (of its length, >= 2 px)
LINE_TILT = 15         # degrees: a phone held askew to the page

# The digit: a stroke at least 2% of the picture's size (a digit 60 px tall in a 1000x750 photo
# is 6%) and at least a quarter as strong as the strongest ink (a pencil digit may be fainter than
# the page's lines), with the pieces within a quarter of its size of it (a 5's bar, a broken stroke).
MIN_DIGIT_SIZE = 0.02
MIN_STROKE_INK = 0.25
NEAR = 0.25


def preprocess(source):
    """All the steps: the 28x28 float32 image in [0, 1] a model trained on MNIST expects.

    `source` is an image file's path, the file's bytes (an upload), or a PIL image.
    """
    gray = read_grayscale(source)
    light_ink = make_ink_light(gray)
    name = _name(source)  # what error messages call it
    ink = remove_background(light_ink, name)
    ink = keep_main_strokes(remove_lines(ink), name)
    digit = thin_thick_strokes(crop_to_ink(ink))
    return center_by_mass(scale_to_box(digit))


def read_grayscale(source):
    """Decode any image Pillow reads into a float32 array, 0 = black, 1 = white.

    `source`: a path, the file's bytes, or a PIL image (copied, so the caller's stays open).
    Transparent pixels become white paper: a canvas export stores its background as
    transparent black (0, 0, 0, 0), which a plain conversion to gray would make black ink.
    Colors become gray by color_to_gray, along the ink's color rather than by brightness.
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
        raise CourseError(f"{shown(path)}: image too large (over {MAX_PIXELS // 1_000_000} megapixels); "
                          f"shrink or crop it first")
    except UnidentifiedImageError:
        raise CourseError(f"{shown(path)}: not an image Pillow can read (PNG, JPEG, BMP, GIF, ...)")
    except OSError as error:
        raise CourseError(f"{shown(path)}: cannot read ({error.strerror or error})")
    except (ValueError, SyntaxError) as error:  # a chunk of the header Pillow refuses
        raise _damaged(path, error)
    with image:
        width, height = image.size
        if width * height > MAX_PIXELS:
            raise CourseError(f"{shown(path)}: image too large ({width}x{height} = "
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
            raise _damaged(path, error)
    gray = np.asarray(image, dtype=np.float32)
    if not np.isfinite(gray).all():  # a float image (TIFF) may hold NaN or infinity: no brightness at all
        raise CourseError(f"{shown(path)}: has pixels that are not numbers (NaN or infinity), "
                          f"so no digit can be read")
    if image.mode == "F":  # 16-bit or float scans
        return gray / 65535 if gray.max() > 255 else gray / 255 if gray.max() > 1 else gray
    return color_to_gray(gray / 255) if gray.ndim == 3 else gray / 255


def _damaged(path, error):
    """The one line for a file Pillow starts to read but refuses."""
    if "MAX_TEXT" in str(error):  # PNG text or color-profile metadata unpacking past Pillow's 1 MB guard
        return CourseError(f"{shown(path)}: its PNG metadata (a text or color profile chunk) unpacks to "
                           f"over 1 MB, too much to read; save the picture again without it")
    return CourseError(f"{shown(path)}: damaged or truncated image ({error})")


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
    """Gray stays gray, color stays RGB; transparent parts become white paper."""
    if image.mode in ("RGBA", "LA"):
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("RGB" if image.mode == "RGBA" else "L")
    return image


def color_to_gray(rgb):
    """Gray along the color axis from the paper to the ink, rather than plain brightness.

    Luminance can fade colored ink into tinted paper (red ink and green paper, orange on yellow
    may be almost equally bright). Here the ink's color is that of the strongest marks, and each
    pixel's gray level is the paper's, darker (for dark ink; lighter for chalk) by how far its
    color goes from the paper's towards the ink's. For gray ink this is plain luminance.
    按颜色转灰度：沿“纸张颜色 → 笔迹颜色”的方向取灰度，彩色笔写在有色纸上也不会变淡。
    """
    if (rgb == rgb[..., :1]).all():  # no color at all (black pen, Paint, a canvas): gray as it is
        return rgb[..., 0]
    paper = np.stack([_fit_paper(rgb[..., channel]) for channel in range(3)], axis=-1)
    difference = rgb - paper
    luminance = np.array([0.299, 0.587, 0.114], dtype=np.float32)  # what convert("L") does
    distance = _average_3x3(np.linalg.norm(difference, axis=-1))
    ink_color = difference[distance >= 0.8 * distance.max()].mean(axis=0)  # minus the paper's
    axis = ink_color / max(float(np.linalg.norm(ink_color)), 1e-6)
    if ink_color @ luminance < 0:  # dark ink: it gets darker along the axis
        axis = -axis
    # Divided by the square root of 3, gray ink differs by its luminance difference.
    gray = paper @ luminance + difference @ axis / np.sqrt(3)
    return np.clip(gray, 0, 1).astype(np.float32)


def make_ink_light(gray):
    """MNIST digits are light ink (1) on black (0). If the paper is light, invert.

    The paper is what fills the image's border (fitted as a smooth surface: the light may fall
    unevenly); the ink is whatever differs most from it. Judged on 3x3 averages, one stroke at a
    time, so a small digit in a large photo counts as much as a large one.
    """
    difference = _average_3x3(gray - _fit_paper(gray))
    if -difference.min() > difference.max():  # the ink is darker than the paper
        return 1.0 - gray
    return gray


def remove_background(gray, path="image"):
    """Subtract the paper, lit unevenly or not, and its noise: paper 0, full ink 1.

    The paper's level is fitted as a smooth surface to the border (a phone photo is often
    brighter on one side, or in the middle); what stays within a few noise levels of it becomes 0.
    """
    paper_level = _fit_paper(gray)
    difference = gray - paper_level
    noise = _noise_level(_border(difference))
    # Ink is a stroke, noise is single pixels: averaging 3x3 neighbours keeps the first and
    # cuts the second to a third, so the brightest averaged spot is the ink's level.
    ink_level = float(_average_3x3(difference).max())
    if ink_level < max(MIN_CONTRAST, 4 * noise):
        raise CourseError(f"{shown(path)}: no digit found, the image looks blank "
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


def _fit_paper(gray):
    """The paper's level as a smooth surface, least-squares fitted to the border's paper pixels:
    a + b*row + c*column + d*row^2 + e*column^2 + f*row*column, so light falling off to one side
    or towards the corners (as phone lenses do) is paper, not ink."""
    height, width = gray.shape
    rows = np.linspace(-1, 1, height, dtype=np.float32)
    columns = np.linspace(-1, 1, width, dtype=np.float32)
    ring = _border(np.arange(gray.size).reshape(gray.shape))  # the border's pixels, numbered
    row, column = rows[ring // width], columns[ring % width]
    design = np.stack([np.ones_like(row), row, column, row ** 2, column ** 2, row * column], axis=1)
    values = gray.ravel()[ring]
    keep = np.ones(len(values), dtype=bool)
    for _ in range(3):  # refit without ink that touches the border (dark or light)
        kept = design[keep]  # solved as the normal equations: the same fit, faster
        coefficients = np.linalg.lstsq(kept.T @ kept, kept.T @ values[keep], rcond=None)[0]
        residuals = values - design @ coefficients
        spread = _noise_level(residuals[keep])
        keep = np.abs(residuals) < max(3 * spread, 0.02)
        if keep.sum() < design.shape[1]:
            break
    a, b, c, d, e, f = coefficients
    return ((a + b * rows + d * rows ** 2)[:, None] + (c * columns + e * columns ** 2)[None, :]
            + f * rows[:, None] * columns[None, :])


def _noise_level(values):
    """A standard deviation that ignores outliers (median absolute deviation x 1.4826)."""
    return float(1.4826 * np.median(np.abs(values - np.median(values))))


def remove_lines(ink):
    """Erase ruled lines, squared-paper grids and margin lines: thin, straight runs of ink across
    (nearly) the whole picture, slightly tilted or not. Where a stroke of the digit touches a line,
    the line's place is filled from the stroke beside it, so the stroke stays whole.
    去掉横线、方格和页边线：几乎贯穿整张图的细直线；笔画和直线相交处用旁边的笔迹补上。
    """
    ink = _remove_lines_along_rows(ink)            # ruled lines, the grid's rows
    return _remove_lines_along_rows(ink.T).T       # margin lines, the grid's columns


def _remove_lines_along_rows(ink):
    """Erase the lines running left to right, within LINE_TILT degrees."""
    height, width = ink.shape
    ink = ink.copy()
    columns = np.arange(width)
    for _ in range(3):  # in a photo the lines converge a little: their tilts differ
        found = _find_lines(ink)
        if found is None:
            break
        offset, bands = found
        for first, last in bands:
            # The line's rows are painted over as a retoucher would: shading from the row just
            # above the line to the row just below it. Paper stays paper, and a stroke of the
            # digit that crosses the line goes on through it.
            band = np.arange(first, last + 1)[:, None] + offset
            above = _values_at(ink, first - 1 + offset, columns)
            below = _values_at(ink, last + 1 + offset, columns)
            weight = np.arange(1, len(band) + 1)[:, None] / (len(band) + 1)
            filled = above * (1 - weight) + below * weight
            inside = (band >= 0) & (band < height)
            ink[band[inside], np.broadcast_to(columns, band.shape)[inside]] = filled[inside]
    return ink


def _find_lines(ink):
    """The lines along the rows, at the tilt that lines up the most ink: (offset, bands) or None.

    A line with tilt t through row r of column 0 is at row r + offset[x] in column x. Shifting
    each column back by its offset makes such lines rows of their own; a row's coverage is then
    the share of the columns it crosses that have ink in it: near 1 on a line, small elsewhere.
    Each band (first, last) is the run of shifted rows that holds one line.
    """
    height, width = ink.shape
    mask = ink > 0
    mask[1:] |= ink[:-1] > 0  # 1 px of slack up and down: a line need not be exactly straight
    mask[:-1] |= ink[1:] > 0
    if mask.any(axis=0).mean() < LINE_COVERAGE:  # too few columns have ink for any line
        return None
    rows, columns = np.nonzero(mask)

    def shifted_rows(tilt):
        """The offsets for this tilt, and the ink count and coverage of each shifted row."""
        offset = np.round(np.arange(width) * np.tan(tilt)).astype(int)
        offset -= offset.max()
        size = height - offset.min()
        counts = np.bincount(rows - offset[columns], minlength=size)
        # How many columns each shifted row crosses inside the picture: fewer near two corners,
        # where a tilted line leaves the picture through its top or bottom edge.
        crossed = np.cumsum(np.bincount(-offset, minlength=size + 1)
                            - np.bincount(height - offset, minlength=size + 1))[:size]
        return offset, counts, counts / np.maximum(crossed, 8)

    # First roughly, as a scanner straightens a page: at the right tilt the ink piles up in a
    # few rows (the lines), so the sum of squared row counts is largest. Then finely around it.
    step = np.arctan(2 / width)  # the next tilt moves a row's ends by 1 px
    rough = np.arange(-np.radians(LINE_TILT), np.radians(LINE_TILT) + step, 4 * step)
    tilt = max(rough, key=lambda tilt: np.square(shifted_rows(tilt)[1].astype(float)).sum())
    best = None
    for fine_tilt in tilt + step * np.arange(-3, 4):
        offset, _, coverage = shifted_rows(fine_tilt)
        strength = coverage[coverage >= LINE_COVERAGE].sum()
        if strength > 0 and (best is None or strength > best[0]):
            best = (strength, offset, coverage)
    if best is None:
        return None
    _, offset, coverage = best
    bands = [(first, last) for first, last in _runs(coverage >= LINE_COVERAGE / 2)
             if coverage[first:last + 1].max() >= LINE_COVERAGE
             and last - first - 1 <= width / LINE_THINNESS  # thickness without the slack
             and _runs_off_both_ends(mask, offset, first, last)]
    return (offset, bands) if bands else None


def _runs_off_both_ends(mask, offset, first, last):
    """Whether the ink in the band of shifted rows first..last reaches the picture's edges at both
    ends, as a page's line does (through the side, or the top or bottom when it is tilted)."""
    height, width = mask.shape
    rows = np.arange(first, last + 1)[:, None] + offset
    inside = (rows >= 0) & (rows < height)
    columns = np.flatnonzero((mask[np.clip(rows, 0, height - 1), np.arange(width)] & inside).any(axis=0))
    near = max(2, LINE_END * width)

    def at_edge(column):
        line_rows = rows[:, column]
        return min(column, width - 1 - column, line_rows.min(), height - 1 - line_rows.max()) <= near

    return bool(at_edge(columns[0]) and at_edge(columns[-1]))


def _runs(flags):
    """(first, last) index of each run of True values."""
    edges = np.diff(np.concatenate([[0], flags.astype(np.int8), [0]]))
    return list(zip(np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0] - 1))


def _values_at(array, rows, columns):
    """array[rows, columns], 0 where the row is outside the picture."""
    inside = (rows >= 0) & (rows < array.shape[0])
    values = np.zeros(len(columns), dtype=array.dtype)
    values[inside] = array[rows[inside], columns[inside]]
    return values


def keep_main_strokes(ink, path="image"):
    """Keep the digit, drop the rest: the connected stroke with the most ink and the pieces near
    it (a stroke broken by the pen, the paper's grain or an erased line), not dust, stray marks
    or what is left of the lines. If nothing like a stroke is left (a page with only lines, or a
    speck of dust), there is no digit to read.
    只保留数字：墨迹最多的连通笔画和它附近的碎片；去掉灰尘、杂点和直线的残迹。
    """
    no_digit = CourseError(f"{shown(path)}: no digit found, only straight lines or specks "
                           f"(ruled lines, a grid or a margin line are not read)")
    averaged = _average_3x3(ink)  # a lone noise pixel fades, a stroke does not
    strongest = float(averaged.max())
    if strongest < MIN_STROKE_INK:
        raise no_digit
    regions, boxes = _connected_regions(averaged > 0.2 * strongest)
    masses = np.bincount(regions.ravel(), weights=ink.ravel())[1:]
    chosen = masses == masses.max()
    if _size(boxes[chosen][0]) < MIN_DIGIT_SIZE * max(ink.shape):
        raise no_digit
    while True:  # add the pieces near the strokes chosen so far, until there are no more
        group = np.concatenate([boxes[chosen, :2].min(axis=0), boxes[chosen, 2:].max(axis=0)])
        near = ~chosen & (_gaps(boxes, group) <= NEAR * _size(group))
        if not near.any():
            break
        chosen |= near
    digit = np.isin(regions, np.nonzero(chosen)[0] + 1)
    digit = _average_3x3(digit) > 0  # with the strokes' soft edges, which fall below the mask
    return np.where(digit, ink, 0).astype(np.float32)


def _connected_regions(mask):
    """Number the 8-connected regions of a mask 1, 2, ... (0 outside it), and give each region's
    box (top, left, bottom, right), in that order. (scipy.ndimage.label does this; NumPy has none.)

    Each pixel of the mask starts pointing at itself. Each round, for every pair of neighbouring
    pixels, both pixels and the pixels they point at take the smaller of the pair's pointers,
    then pointers are followed to their end, so a long stroke takes a few rounds, not its length.
    When nothing changes, all pixels of a region point at the same pixel of it.
    """
    height, width = mask.shape
    numbers = np.full((height + 2, width + 2), -1)
    numbers[1:-1, 1:-1][mask] = np.arange(np.count_nonzero(mask))
    inside = numbers[1:-1, 1:-1]
    pairs = [(inside, numbers[1 + row:1 + row + height, 1 + column:1 + column + width])
             for row, column in ((0, 1), (1, -1), (1, 0), (1, 1))]  # the neighbours after each pixel
    first = np.concatenate([here[(here >= 0) & (there >= 0)] for here, there in pairs])
    second = np.concatenate([there[(here >= 0) & (there >= 0)] for here, there in pairs])
    pointer = np.arange(np.count_nonzero(mask))
    while True:
        smaller = np.minimum(pointer[first], pointer[second])
        new = pointer.copy()
        for pixels in (first, second, pointer[first], pointer[second]):
            np.minimum.at(new, pixels, smaller)
        while not np.array_equal(new[new], new):
            new = new[new]
        if np.array_equal(new, pointer):
            break
        pointer = new
    roots, region = np.unique(pointer, return_inverse=True)
    labels = np.zeros(mask.shape, dtype=np.int64)
    labels[mask] = region + 1
    rows, columns = np.nonzero(mask)  # the same order as the pixels' numbers
    boxes = np.empty((len(roots), 4), dtype=np.int64)
    boxes[:, :2], boxes[:, 2:] = height + width, -1
    np.minimum.at(boxes[:, 0], region, rows)
    np.minimum.at(boxes[:, 1], region, columns)
    np.maximum.at(boxes[:, 2], region, rows)
    np.maximum.at(boxes[:, 3], region, columns)
    return labels, boxes


def _size(box):
    """The longer side of a box (top, left, bottom, right)."""
    return max(box[2] - box[0], box[3] - box[1]) + 1


def _gaps(boxes, box):
    """How far each of the boxes is from `box` (0 if they touch or overlap)."""
    return np.maximum.reduce([np.zeros(len(boxes), dtype=boxes.dtype), boxes[:, 0] - box[2],
                              box[0] - boxes[:, 2], boxes[:, 1] - box[3], box[1] - boxes[:, 3]])


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
