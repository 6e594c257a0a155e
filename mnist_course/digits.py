"""Turn any photo or drawing of a digit or a number into 28x28 MNIST-style images, one per digit,
the way MNIST was made.

把任意一张手写数字或多位数的图片（照片、画图软件、画布导出）变成 MNIST 风格的 28x28 图像（每位一张），
步骤与 MNIST 当年的制作方法一致：白字黑底、裁到笔迹、最长边缩放到 20 像素、按质心居中。

The steps, each a function below so the README and the tests can point at it:
  1. read_grayscale     decode with Pillow, composite transparency onto white paper, keep the
                        page alone (keep_the_page: a desk or a frame around it becomes page), to
                        gray (color_to_gray: along the ink's color, so colored ink stays distinct);
                        a dithered 1-bit picture's dots back to grey (dither_dot_size)
  2. ink_is_dark        a pen on paper, or chalk on a board?
  3. remove_background  the ink as a share of the paper's light (uneven light and shadows go),
                        without the paper's noise: light ink 0..1 on black, as in MNIST
                        (ink_is_dark is asked here)
  4. remove_lines       erase ruled lines, squared-paper grids and margin lines
  5. split_digits       find the strokes (Otsu + hysteresis), group them into digits, left to right
                        (not the table along the edge, nor a frame such as a form's box); a mark
                        wider than 999 in 1,000 MNIST digits is touching digits, offered cut
  6. black_and_white    each digit black and white at 80 px, as NIST scanned its digits (with
                        more loops than any MNIST digit has, it is a scribble, not a digit)
  7. mnist_style        MNIST's pen width, longer side to 20 px with anti-aliasing, centred by mass
The image processing is scikit-image's and scipy's (thresholds, labelling, morphology, resizing):
well-tested library calls a reader can look up, rather than hand-written loops. The paper's light
(grey-level closing with a large window, the slowest step) is OpenCV's: the same pixels, 10x faster.
"""
import io
import warnings
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError
from scipy import ndimage
from skimage import filters, measure, morphology, transform

from mnist_course import CourseError, open_regular, shown
from mnist_course.reading import Cuts

IMAGE_SIZE = 28   # MNIST's field
DIGIT_BOX = 20    # MNIST scaled each digit's longer side to 20 px, leaving a 4 px margin

# Bigger images are refused before decoding, so a 20000x20000 file cannot exhaust memory.
# 64 megapixels covers phone photos (12-50 MP); Pillow's own guard only starts at 89 MP.
MAX_PIXELS = 64_000_000

# The digit is worked on at most this size: plenty for a 20 px result, and fast. A digit
# covering a tenth of the picture's height still gets 50 px.
WORKING_SIZE = 512
# A picture blown up by repeating each pixel (_own_pixels) is read from the pixels it was made of:
# its staircase edges, made black and white, were read as other digits. A row or column that
# differs from the next by more than REPEATED_GRAIN times the median one does is where a repeated
# pixel ends; within one, lines differ only by the grain added after (held-out 1's pixelated
# pictures, looked at: grain lines up to 1.3x the median, a repeated pixel's end 2.2x and more).
# Looked for on SAMPLE_LINES rows and columns across the picture first: a photo fails at once.
# MNIST training digits scanned at 8, 10, 12 px with 16 grey levels and grain, blown up 8x: read
# 51 -> 65%, 65 -> 80%, 75 -> 92% (MNIST digits at their own 28 px, sharp or blurred: unchanged).
REPEATED_GRAIN = 1.5
SAMPLE_LINES = 32
# Not looked for in a lossy format's picture: JPEG's own 8x8 blocks, at low quality, look like
# repeated pixels (a messenger's quality-10 photo of an 8 was squashed 8x across and read "1"); a
# blown-up picture saved as JPEG is read as it is, the price of that. Nor in a picture longer than
# MAX_SIDE (16x WORKING_SIZE): its lines alone would take hundreds of MB.
LOSSY_FORMATS = ("JPEG", "MPO", "WEBP", "JPEG2000")
MAX_SIDE = 16 * WORKING_SIZE

# Ink must take away this share of the paper's light, and stand out by 4 noise levels, or the
# image counts as blank.
MIN_CONTRAST = 0.08

# A page photographed with something around it covers at least PAGE_AREA of the photo; it is found
# at PAGE_FINDING_SIZE px, and PAGE_EDGE of its size is cut off all round (its edge, its shadow).
PAGE_AREA = 0.1
PAGE_FINDING_SIZE = 256
PAGE_EDGE = 0.05

# A page in a photo covers at least a quarter of it. A desk or a frame around it runs along at least
# an eighth of the picture's edge (a frame on one side is a quarter of it), and it has less than
# PAGE_SHADOW of the page's light (a shadow on the page keeps more), or another color (chroma, the
# shares of red, green and blue, differing by PAGE_COLOR in all; a colour cast in a dark or glaring
# photo stays below) and less than DESK_LIGHT of the page's light.
PAGE_SHARE = 0.25
DESK_EDGE = 1 / 8
PAGE_SHADOW = 0.4
PAGE_COLOR = 0.05
DESK_LIGHT = 0.75
LUMINANCE = np.array([0.299, 0.587, 0.114], dtype=np.float32)  # what Pillow's convert("L") does

# The paper's surface (6 coefficients) and the tilt of a page's lines are found from at most about
# this many pixels (of the border; of the ink): more would only take longer.
SAMPLE_POINTS = 4000

# The stroke width is measured on a copy at most this size, with windows growing by half each time:
# at 128 px a digit a tenth of the picture tall still has strokes 2 px wide.
GRANULOMETRY_SIZE = 128
WINDOW_SIZES = (2, 3, 4, 6, 8, 11, 16, 22, 32, 45, 64)
# Dark ink or light is judged on the thin marks of a copy at most this size: twice the above, so the
# strokes of a digit a tenth of the picture tall (4 px) stay wider than the 3x3 average judging them.
THIN_MARKS_SIZE = 256

# A ruled line, a grid line or a margin line runs straight across (nearly) the whole picture, is
# thin for its length, and runs off the picture at both ends. A stroke of a digit may do the first
# two in a photo cropped close around it (a 1), but stops short of the edges.
LINE_COVERAGE = 0.85   # of the picture's width (height) that a line's ink covers
LINE_THINNESS = 16     # a line is at most 1/16 of its length thick
LINE_END = 0.02        # a line's ends are this close to the picture's edges (of its length, >= 2 px)
LINE_TILT = 15         # degrees: a phone held askew to the page

# A digit: strokes at least 2% of the picture's size (a digit 60 px tall in a 1000x750 photo is
# 6%), with a stroke at least a quarter as strong as the strongest ink after a 1 px blur (a pencil
# digit may be fainter than the page's lines; a speck of dust is not a stroke).
MIN_DIGIT_SIZE = 0.02
MIN_STROKE_INK = 0.25
BLUR_REACH = 4  # px: the 1 px blur's kernel, cut off at 4 standard deviations (as scikit-image does)
# Strokes belong to one digit when they overlap left to right by half the narrower one's width,
# or share at most half of the shorter one's height (one above the other).
OVERLAP = 0.5
# A mark under 40% of the tallest digit's height is not a digit (in MNIST a "1" is as tall as an
# "8"; handwritten digits of one number differ far less): within a quarter of the tallest height of
# a digit it is part of it (a 5's bar), farther away it is a full stop, a comma or dust.
MIN_DIGIT_HEIGHT = 0.4
NEAR = 0.25
# A mark is a frame (a box, a circle drawn round a digit, a pad's printed border) if it encloses a
# mark a fifth of its height or taller: of MNIST's 60,000 training digits 41 hold a speck apart in a
# loop, at most 0.19 of the digit's height (an 8's; tools/measure_mnist_digits.py). A digit written
# on a bordered pad is a third of the border's height or less: held-out 5's coloured pencil 69% -> 92%
# when the enclosed mark needed only a fifth of the frame's height, not MIN_DIGIT_HEIGHT.
FRAMED = 0.2

# A digit is made black and white at 4x MNIST's 20 px box, where MNIST's own digits, made black and
# white the same way, have strokes 5-11 px wide (5th to 95th percentile, median 7;
# tools/measure_mnist_digits.py); wider or thinner strokes are brought into that range.
WORK_BOX = 4 * DIGIT_BOX
MNIST_STROKE = (5, 11)
# A mark wider than it is tall may be digits written so close that they touch (86% of MNIST's digits
# are narrower; half of two MNIST digits written into each other are under 1.3x their height, as
# narrow as one wide digit). It is offered cut into pieces at the columns with least ink, each piece
# at least MNIST's thinnest pen wide (a 1) and at most WIDE, 1.81x its height (wider than 999 in
# 1,000 MNIST digits); the model chooses (reading.Cuts, reading.CUT_DOUBT). Up to 2.05x its height
# (WIDEST) it may still be one digit: MNIST's widest are 2s and 5s, 1 in 1,000 is wider.
# tools/measure_mnist_digits.py measures them; tools/measure_touching_digits.py reads touching pairs.
CUT_FROM = 1.0
WIDE = 1.81
WIDEST = 2.05
# A mark no wider than WIDE is more likely one digit. It is cut only where the pieces can be digits of
# one number: each at least 0.7 of the mark's height (of two MNIST training digits side by side, the
# shorter is at least 0.7 of the taller in 98% of pairs: digits of one number are about as tall), and
# never across a loop's inside (a loop is one digit's: a 6's, a curled 2's). Without these, 6 more of
# the course's and held-out photos were cut wrongly, the model reading the pieces as sure digits
# (a curled 2 as "21", a wide 6 as "65", 273 as "2173"; README 6.1, step 5).
PAIR_HEIGHT = 0.7
# At most this many pieces of touching digits per picture, for one call of the model: held-out 5's
# numbers of up to five touching digits take up to 140, a zig-zag across the page 900. A mark that
# would take more than are left is one digit, as found (so are five or six touching round digits
# on a large picture: 216 pieces for five 0s); 50 drawings sent at once stay one bounded model call.
MAX_PIECES = 200
# No MNIST training digit has more than 4 closed loops (an 8 has two; 62 of 60,000 have a third
# where a stroke crosses itself, one 0 has four; tools/measure_mnist_digits.py): marks with more
# are a scribble, not a digit.
MAX_LOOPS = 4
# A row of an MNIST training digit made black and white at 80 px crosses 2.51 strokes on average at
# the most (over the digit's rows, however wide it is; 999 in 1,000 under 2.14; crossings_per_row,
# tools/measure_mnist_digits.py). A mark whose rows cross more is more likely digits written into
# each other ("03", "54"), each crossing its own: it is cut wherever the model finds the pieces
# likelier, as a mark wider than any digit (reading.Cuts), and two marks side by side whose rows
# would cross more together are not offered as one digit (a 0 broken into two arcs crosses 2).
MOST_CROSSED = 2.51
# Counted per height of width where the mark is wider than tall (strokes_crossed), no MNIST digit
# crosses more either (999 in 1,000 under 2.09). A zig-zag or a hatching crosses many more, and has
# no loop: a mark crossing more than twice that many is a scribble. Twice leaves room for digits
# written into each other up to half a digit deep, each crossing its own strokes.
MAX_CROSSINGS = 2 * MOST_CROSSED
# A form's boxes and a card's printed border are rectangles (their loops fill 95% or more of the
# smallest rectangle around them) drawn with a line thin for their size (under a tenth of the loop's
# width). No MNIST training digit has a loop so full (the squarest, a 9's, fills 89.5%; 999 in 1,000
# under 86%; an ellipse 79%) nor a pen so thin for its loop (10.3% at the least); the held-out photos'
# digits reach 91.4%, a 0 drawn square on the drawing page fills 99% but with a pen 11% of its loop or
# more. A mark with a loop both that full and that thin is a box (tools/measure_mnist_digits.py).
BOXY = 0.92
BOX_LINE = 0.1


def find_digits(source):
    """All the steps: one 28x28 float32 image in [0, 1] per digit, left to right, as a model
    trained on MNIST expects them (where finding the digits is unsure, what the strokes alone
    suggest; find_readings gives the alternatives too, for a model to choose from).

    `source` is an image file's path, the file's bytes (an upload), or a PIL image.
    """
    return [image for choice in find_readings(source)
            for image in ([choice.whole] if isinstance(choice, Cuts) else choice[0])]


def find_readings(source):
    """The picture's digits, left to right, with the alternatives where finding them is unsure.

    A list of choices; each choice is a list of alternatives, and each alternative a list of 28x28
    images, one per digit. The first alternative is what the strokes alone suggest. The second,
    where there is one: two marks close together as one digit (a 0 broken into two arcs, an 8
    written in two strokes, a stray mark beside a digit). A mark of touching digits is a
    reading.Cuts instead (touching_digits). reading.choose lets the model decide.
    """
    ink, name = clean_ink(source)
    found = split_digits(ink, name)
    shapes = [black_and_white(ink[box], mask) for mask, box in found]
    tall = [_tall(ink[box], mask, shape) for shape, (mask, box) in zip(shapes, found)]
    # A mark of touching digits may hold each digit's loops: MAX_LOOPS per height of its width.
    if any(loops(shape) > MAX_LOOPS * (_aspect(box) if _aspect(box) > WIDE else 1)
           for shape, (_, box) in zip(shapes, found)):
        raise CourseError(f"{shown(name)}: no digit found, the marks look like a scribble "
                          f"(more loops than any MNIST digit has)")
    if any(strokes is not None and strokes_crossed(strokes) > MAX_CROSSINGS for strokes in tall):
        raise CourseError(f"{shown(name)}: no digit found, the marks look like a scribble "
                          f"(its rows cross more than twice as many strokes as any MNIST digit's)")
    choices, place, pieces_left = [], 0, MAX_PIECES
    while place < len(found):
        mask, box = found[place]
        if _aspect(box) > CUT_FROM:
            choices.append(touching_digits(tall[place], shapes[place], pieces_left))
            pieces_left -= len(choices[-1].pieces) if isinstance(choices[-1], Cuts) else 0
            place += 1
            continue
        alone = [mnist_style(shapes[place])]
        after = found[place + 1] if place + 1 < len(found) else None
        together = _joined(ink, found[place], after) if after and _aspect(after[1]) <= WIDE \
            and _may_be_one(found[place][1], after[1]) else None
        joined = black_and_white(ink[together[1]], together[0]) \
            if together and _aspect(together[1]) <= WIDEST else None
        if joined is not None and crossings_per_row(joined) <= MOST_CROSSED:
            choices.append([alone + [mnist_style(shapes[place + 1])], [mnist_style(joined)]])
            place += 2
        else:
            choices.append([alone])
            place += 1
    return choices


def touching_digits(strokes, black_white, most=MAX_PIECES):
    """A mark that may be digits touching each other as reading.Cuts: pieces between the columns
    where its strokes have least ink, the model to choose the row of pieces or the mark whole.
    `strokes`: the mark black and white at 80 px high (_tall), so that a piece is cut as finely as a
    digit is drawn. The whole mark (black_white) is offered too if not wider than WIDEST. Where no row
    of pieces spans the mark, or that would take more than `most` pieces, it is one digit, as found.
    可能连在一起写的几位数：在笔迹最少的列处切开，由模型选择最可能的切法，或者整个读作一位。
    """
    thinnest = MNIST_STROKE[0]
    whole = mnist_style(black_white)
    if strokes is None or strokes.shape[1] > most * thinnest:  # too long for `most` pieces: a line
        return [[whole]]
    columns = np.flatnonzero(strokes.any(axis=0))
    strokes = strokes[:, columns.min():columns.max() + 1]
    width = strokes.shape[1]
    # Ink per column, averaged over a thin pen's width; a cut is where it is least within that reach
    # either side, the middle of a run of such columns.
    ink_per_column = ndimage.uniform_filter1d(strokes.sum(axis=0).astype(np.float32), thinnest)
    least = ink_per_column == ndimage.minimum_filter1d(ink_per_column, 2 * thinnest - 1)
    least[:thinnest] = least[width - thinnest:] = False
    runs, count = ndimage.label(least)
    middles = [round(middle) for (middle,) in ndimage.center_of_mass(least, runs, range(1, count + 1))]
    digit_wide = width <= WIDE * WORK_BOX and crossings_per_row(strokes) <= MOST_CROSSED
    if digit_wide:
        across_a_loop = _loop_insides(strokes).any(axis=0)
        middles = [middle for middle in middles if not across_a_loop[middle]]
    cuts = sorted({0, width, *middles})
    shortest = (PAIR_HEIGHT if digit_wide else MIN_DIGIT_HEIGHT) * WORK_BOX
    strokes = _pen_width(strokes)  # the writing's pen brought to MNIST's, once for all the pieces
    spans, reached = [], {0}
    for place, end in enumerate(cuts[1:], start=1):
        for start in cuts[:place]:
            if start not in reached or not thinnest <= end - start <= WIDE * WORK_BOX or (start, end) == (0, width):
                continue  # not reachable, too narrow or too wide for one digit, or the mark whole
            # Not a digit either: much shorter than the mark (a 5's bar or a 2's tail cut off: as
            # split_digits drops a mark under MIN_DIGIT_HEIGHT; PAIR_HEIGHT in a mark no wider than a digit).
            rows = np.flatnonzero(strokes[:, start:end].any(axis=1))
            if len(rows) and rows[-1] - rows[0] + 1 >= shortest:
                spans.append((start, end))
                reached.add(end)
        if len(spans) >= most:  # with the mark whole, more than `most`
            return [[whole]]
    if width not in reached:
        return [[whole]]
    pieces = [(start, end, _in_mnist_field(strokes[:, start:end])) for start, end in spans]
    if width <= WIDEST * WORK_BOX:
        pieces.append((0, width, whole))
    return Cuts(sorted(pieces, key=lambda piece: (piece[1], piece[0])), whole, digit_wide)


def _tall(ink, mask, black_white):
    """A mark's ink (within its mask) black and white at 80 px high: black_white (black_and_white's)
    where it is no wider than tall, else _black_and_white_by_height. None where that would be wider
    than MAX_PIECES pieces a thin pen wide: a line, not digits."""
    if mask.shape[1] <= mask.shape[0]:
        return black_white
    if round(mask.shape[1] * WORK_BOX / mask.shape[0]) > MAX_PIECES * MNIST_STROKE[0]:
        return None
    return _black_and_white_by_height(ink, mask)


def crossings_per_row(black_white):
    """How many strokes a row of a black-and-white mark crosses, on average over its rows with ink."""
    crossed = np.count_nonzero(black_white[:, 1:] & ~black_white[:, :-1], axis=1) + black_white[:, 0]
    return float(crossed[crossed > 0].mean())


def strokes_crossed(black_white):
    """crossings_per_row, per height of its width where the mark is wider than tall (a number's
    digits each cross their own)."""
    rows, columns = np.flatnonzero(black_white.any(axis=1)), np.flatnonzero(black_white.any(axis=0))
    height, width = rows[-1] - rows[0] + 1, columns[-1] - columns[0] + 1
    return crossings_per_row(black_white) / max(1.0, width / height)


def _aspect(box):
    """A box's width over its height (box: row and column slices)."""
    return (box[1].stop - box[1].start) / (box[0].stop - box[0].start)


def clean_ink(source):
    """Steps 1-4: the picture's ink alone, 0 (paper) to 1 (full ink), and the name errors call it."""
    name = _name(source)  # what error messages call it
    ink = remove_background(read_grayscale(source), name)
    # A small picture's ink is enlarged smoothly (bilinear, as a lens would show it): the steps after
    # work in whole pixels (windows from 2 px, a border ring 3% wide), too coarse for a 10-30 px digit.
    # To GRANULOMETRY_SIZE; after the paper is gone, so that the blank test counted the noise at the
    # picture's own pixels (enlarged first, a blank 8 px scrap of paper was read "41"). MNIST training
    # digits scanned at 10 px read 75.5 -> 82.0%, at 14 px 92.5 -> 95.5% (at 28 px: 99.8% both).
    if max(ink.shape) < GRANULOMETRY_SIZE:
        ink = _resized(ink, GRANULOMETRY_SIZE)
    return remove_lines(ink), name


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
        lossy = image.format in LOSSY_FORMATS  # a conversion below forgets the format
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
            dots, full_width = dither_dot_size(image), image.width  # before shrinking blurs them
            if not (lossy or dots):  # a dithered scan's repeated pixels are its dots, undone below
                image = _own_pixels(image)
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
    picture = keep_the_page(crop_to_the_page(gray / 255))
    gray = color_to_gray(picture) if picture.ndim == 3 else picture
    if dots:  # inverse halftoning: a Gaussian as wide as the dots turns them back into grey
        gray = ndimage.gaussian_filter(gray, dots * image.width / full_width).astype(np.float32)
    return gray


def _own_pixels(image):
    """A picture enlarged by repeating each pixel (nearest neighbour: a zoomed screenshot, pixel art,
    a low-resolution scan blown up) shrunk back to one pixel per pixel it was made from. Such a
    picture changes only every few columns and rows, never between two neighbours, and always after
    a whole number of its pixels; a photo or a scan changes between neighbours almost everywhere.
    Looked for on SAMPLE_LINES rows and columns across the picture first (a photo fails at once),
    then on up to WORKING_SIZE of each (all of a picture that size; tens of MB for a huge one).
    Pillow picks the lines out without a copy of the picture."""
    if max(image.size) > MAX_SIDE:
        return image
    for lines in (SAMPLE_LINES, WORKING_SIZE):
        across = image.resize((image.width, min(image.height, lines)), Image.Resampling.NEAREST)
        down = image.resize((min(image.width, lines), image.height), Image.Resampling.NEAREST)
        sizes = [_pixel_size(np.asarray(across), axis=1), _pixel_size(np.asarray(down), axis=0)]
        if None in sizes:
            return image
    return image.resize([max(1, round(side / size)) for side, size in zip(image.size, sizes)], Image.Resampling.BOX)


def _pixel_size(array, axis):
    """How many columns (axis 1) or rows (axis 0) of an image's array each pixel it was enlarged
    from takes up; None unless the array changes only after a whole number of pixels of one size,
    2 lines or more (and at least three times). A change is a line that differs from the next by more
    than REPEATED_GRAIN times the median line does: within a repeated pixel (at least every other
    line) lines differ only by the grain added after (a camera's noise), at its end by the
    picture itself. Enlarged by 6.75, pixels take 6 or 7 lines, neighbours alike 13 or 14 together."""
    if array.shape[axis] < 4:
        return None
    floats = array.dtype.kind == "f"
    if floats and not np.isfinite(array).all():
        return None  # a float picture with pixels that are not numbers: refused by name after
    change = np.diff(array.astype(np.float64 if floats else np.int16), axis=axis)  # no overflow either way
    np.abs(change, out=change)
    difference = change.sum(axis=tuple(other for other in range(change.ndim) if other != axis), dtype=np.float64)
    runs = np.diff(np.flatnonzero(difference > REPEATED_GRAIN * np.median(difference)))
    if len(runs) < 2 or runs.min() < 2:
        return None
    pixels = runs // runs.min()  # each run: this many pixels of the smallest run's size (or 1 line more)
    if np.any(runs > pixels * (runs.min() + 1)):
        return None
    return float(runs.sum() / pixels.sum())


def dither_dot_size(image):
    """A picture of two levels only (a 1-bit scan, a fax, a dithered print) draws grey as black dots
    spread over white, a light paper as sparse dots and a grey stroke as a chain of dense ones: the
    dots' size in px, for a blur that makes them the grey they stood for. It is the median length of
    the dark runs along the paper's top and bottom edge (_border's ring). 0 (nothing to undo) for a
    picture of more levels, for clean paper (no run), and where the median run is longer than the
    ring is wide (a stroke or a frame reaching the edge: a paint program's drawing).
    只有黑白两级的图（1 位扫描、传真、抖动打印）用点的疏密表示灰度：量出点的大小，用同样宽的高斯模糊还原灰度。
    """
    if image.getcolors(2) is None:
        return 0.0
    dark = np.asarray(image.convert("L")) < 128
    ring = _ring_width(dark.shape)
    runs = [last - first + 1 for row in (*dark[:ring], *dark[-ring:]) for first, last in _runs(row)]
    if not runs or np.median(runs) > ring:
        return 0.0
    return float(np.median(runs))


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


def crop_to_the_page(picture):
    """The page alone, straightened, when the photo shows a sheet, a card or a screen with something
    around it: the document scanner's method. Edges (Canny's detector) are traced into outlines; the
    largest outline that is a four-cornered shape (a polygon with 4 corners within 2% of its
    perimeter, OpenCV's approxPolyDP) covering at least PAGE_AREA of the picture, yet not all of it,
    is the page, if what lies around it differs from it (a desk, not more of the same paper). It is
    warped to a rectangle and its edge cut off.
    裁出纸面：像文档扫描 App 一样找出照片里最大的四边形（纸、卡片、屏幕），拉正并裁掉四周的东西。
    """
    scale = min(1.0, PAGE_FINDING_SIZE / max(picture.shape[:2]))
    if min(picture.shape[:2]) * scale < 5:  # a strip a few pixels thin there (1000x2): no page in it
        return picture
    colors = cv2.resize(picture.astype(np.float32), None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    gray = colors if colors.ndim == 2 else colors @ LUMINANCE
    small = np.round(cv2.GaussianBlur(gray, (5, 5), 0) * 255).astype(np.uint8)
    middle = np.median(small)  # thresholds around the picture's middle gray, as is usual for Canny
    edges = cv2.Canny(small, 0.66 * middle, 1.33 * middle)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))  # close small gaps in an outline
    outlines, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    area = small.shape[0] * small.shape[1]
    best = None
    for outline in outlines:
        corners = cv2.approxPolyDP(outline, 0.02 * cv2.arcLength(outline, True), True)
        size = cv2.contourArea(corners)
        if (len(corners) == 4 and cv2.isContourConvex(corners) and PAGE_AREA * area <= size <= 0.9 * area
                and (best is None or size > best[0]) and _differs_around(colors, corners)):
            best = (size, corners.reshape(4, 2).astype(np.float32) / scale)
    if best is None:
        return picture
    corners = _clockwise_from_top_left(best[1])
    width = int(max(np.linalg.norm(corners[1] - corners[0]), np.linalg.norm(corners[2] - corners[3])))
    height = int(max(np.linalg.norm(corners[3] - corners[0]), np.linalg.norm(corners[2] - corners[1])))
    inset = PAGE_EDGE * min(width, height)  # the page's own edge and the shadow along it
    target = np.array([[-inset, -inset], [width + inset, -inset], [width + inset, height + inset],
                       [-inset, height + inset]], np.float32)
    warp = cv2.getPerspectiveTransform(corners, target)
    return cv2.warpPerspective(picture.astype(np.float32), warp, (width, height), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)


def _differs_around(colors, corners):
    """Whether a four-cornered outline holds a page: differing by MIN_CONTRAST in gray or a color
    channel from what is around it, as a card on a desk, and lighter inside or, if darker (a page
    against a bright window), darker clear of the outline too, and with writing on it: its darkest
    half percent (a digit's strokes cover a few percent of a page) MIN_CONTRAST darker than its middle.
    A box drawn on the page or a square 0 has the same paper on both sides; a thick bar of ink is
    darker inside, and even."""
    inside = np.zeros(colors.shape[:2], np.uint8)
    cv2.fillPoly(inside, [corners.reshape(4, 2)], 1)
    difference = np.median(colors[inside.view(bool)], axis=0) - np.median(colors[~inside.view(bool)], axis=0)
    if np.abs(difference).max() < MIN_CONTRAST:
        return False
    gray = colors if colors.ndim == 2 else colors @ LUMINANCE
    if (difference if colors.ndim == 2 else difference @ LUMINANCE) >= 0:
        return True
    within = gray[cv2.erode(inside, np.ones((9, 9), np.uint8)).view(bool)]  # 4 px clear of the outline's blur
    if not len(within):
        return False
    page = np.median(within)  # the page itself, not an outline drawn in ink (a square 0's thick ring)
    return bool(np.median(gray[~inside.view(bool)]) - page >= MIN_CONTRAST
                and page - np.percentile(within, 0.5) >= MIN_CONTRAST)


def _clockwise_from_top_left(corners):
    """Four corners (x, y) in order: top left, top right, bottom right, bottom left."""
    sums, differences = corners.sum(axis=1), corners[:, 1] - corners[:, 0]
    return np.array([corners[np.argmin(sums)], corners[np.argmin(differences)],
                     corners[np.argmax(sums)], corners[np.argmax(differences)]], np.float32)


def keep_the_page(picture):
    """The page alone: what lies around it in a photo (a desk, a phone's frame) becomes blank page.

    Seen at GRANULOMETRY_SIZE px with the writing filled in (a grey-level closing as wide as a
    stroke), Otsu's threshold splits the picture into lighter and darker parts. The darker part is
    a desk or a frame when it runs along the picture's edge (DESK_EDGE) and is much darker than the
    page (PAGE_SHADOW), or of another color and darker (PAGE_COLOR, DESK_LIGHT): a shadow on the
    page keeps the page's color and more of its light, and stays. The page is the largest lighter
    region with all it encloses (the writing); the rest, and a little around it (the page's edge),
    is painted the page's color. `picture`: gray (height x width) or color (x 3), 0 to 1.
    只保留纸面：照片里纸张周围的桌面、手机边框等涂成纸的颜色（阴影颜色不变、不够暗，保留）。
    """
    scale = min(1.0, GRANULOMETRY_SIZE / max(picture.shape[:2]))
    size = (max(1, round(picture.shape[1] * scale)), max(1, round(picture.shape[0] * scale)))
    colors = cv2.resize(picture.astype(np.float32), size, interpolation=cv2.INTER_AREA)  # area average
    small = colors if colors.ndim == 2 else colors @ LUMINANCE
    if min(small.shape) < 8:
        return picture
    light = grey_closing(grey_opening(small, 3), max(3, stroke_window(small) // 3 + 1))  # the writing filled in
    if light.max() - light.min() < MIN_CONTRAST * light.max():  # evenly lit: nothing but the page
        return picture
    lighter = light > filters.threshold_otsu(light)
    # A desk or a frame runs along the picture's edge; a stroke crosses it for a pen's width.
    if lighter.mean() < PAGE_SHARE or np.mean(~_border(lighter)) < DESK_EDGE:
        return picture
    page_light, around_light = np.median(light[lighter]), np.median(light[~lighter])
    same_color = True
    if picture.ndim == 3:
        chroma = colors / np.maximum(colors.sum(axis=-1, keepdims=True), 1e-3)
        same_color = np.abs(np.median(chroma[lighter], axis=0) - np.median(chroma[~lighter], axis=0)).sum() < PAGE_COLOR
    if around_light >= (PAGE_SHADOW if same_color else DESK_LIGHT) * page_light:
        return picture
    regions = measure.label(lighter)
    page = ndimage.binary_fill_holes(regions == np.argmax(np.bincount(regions.ravel())[1:]) + 1)
    around = ndimage.binary_dilation(~page, iterations=2)
    around = cv2.resize(around.astype(np.uint8), picture.shape[1::-1], interpolation=cv2.INTER_NEAREST).astype(bool)
    kept = picture.copy()
    kept[around] = np.median(picture[~around], axis=0)
    return kept


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
    channels = cv2.split(rgb)  # red, green, blue, each a picture of its own: quicker to work on
    fits = [_paper_fit(channel) for channel in channels]
    difference = [channel - _paper_surface(fit, rgb.shape[:2]) for channel, fit in zip(channels, fits)]
    distance = _average_3x3(np.sqrt(sum(np.square(part) for part in difference)))
    strongest = distance >= 0.8 * distance.max()
    ink_color = np.array([part[strongest].mean() for part in difference])  # minus the paper's
    axis = ink_color / max(float(np.linalg.norm(ink_color)), 1e-6)
    if ink_color @ LUMINANCE < 0:  # dark ink: it gets darker along the axis
        axis = -axis
    # The paper's luminance, and the way along the axis divided by the square root of 3: gray ink
    # differs by its luminance difference.
    paper = _paper_surface(np.array(fits).T @ LUMINANCE, rgb.shape[:2])
    gray = paper + sum(part * float(weight / np.sqrt(3)) for part, weight in zip(difference, axis))
    return np.clip(gray, 0, 1).astype(np.float32)


def ink_is_dark(gray, paper=None, window=None):
    """Whether the ink is darker than the paper (a pen on paper) or lighter (chalk on a board).

    The writing is the picture's thin marks: what a median filter four strokes wide takes out of it
    (a median keeps the edges of anything wider, such as a page on a desk, a dark corner or a shadow).
    Where most of the strongest of them (at least half as strong as the strongest) are darker than
    around them, the ink is dark; where all are lighter, light. Where most but not all are lighter
    (a fat marker's strokes as wide as the window, a clipboard's clip; as often a page's bright edge
    or gutter beside dark writing), the paper is what fills the image's border (fitted as a smooth
    surface: the light may fall unevenly; pass it if already fitted) and the ink is whatever differs
    most from it. That border is a desk where a page lies on one, so it is asked only then: asked
    whenever the marks were not all alike, it took a light page on a darker desk, with a tag's string
    or a glint beside the writing, for light ink (README 6, step 2). Both judged on 3x3 averages, one
    stroke at a time, so a small digit in a large photo counts as much as a large one.
    `window`: stroke_window(gray), if already measured.
    """
    small, scale = _area_averaged(gray, THIN_MARKS_SIZE)
    window = stroke_window(gray) if window is None else window
    median_size = max(5, int(4 / 3 * window * scale)) // 2 * 2 + 1  # four strokes, odd, 5 px or more
    median_size = min(median_size, min(small.shape) // 2 * 2 - 1)
    if median_size >= 3:
        small = np.round(np.clip(small, 0, 1) * 255).astype(np.uint8)  # OpenCV's larger medians take 8 bits
        marks = _average_3x3(small.astype(np.float32) - cv2.medianBlur(small, median_size))
        strong = marks[np.abs(marks) > np.abs(marks).max() / 2]
        dark = np.count_nonzero(strong < 0)
        if 2 * dark >= len(strong) or dark == 0:  # most of them dark (or no marks: blank), or all light
            return 2 * dark >= len(strong)
    difference = _average_3x3(gray - (_fit_paper(gray) if paper is None else paper))
    return bool(-difference.min() > difference.max())


def remove_background(gray, path="image"):
    """The ink as a share of the paper's light, without the paper, its uneven light, shadows and
    noise: paper 0, full ink 1 (light ink, as in MNIST, whether it was a pen or chalk).

    A photo is light times how much the page reflects: in a shadow the paper and the ink darken
    alike, and the share of the paper's light the ink takes away stays the same. The paper's light
    is the picture with every stroke filled in from the paper around it: a grey-level closing (an
    opening for light ink), ImageJ's "rolling ball" background. Its window is three times the
    typical stroke width (stroke_window): it holds a digit's widest parts, where strokes meet or a
    loop fills in, yet follows a shadow's hard edge and light falling off to the corners. What
    stays within a few noise levels of the paper becomes 0.
    去掉纸张：用形态学闭运算求出纸面亮度（阴影、光照不均都包括），笔迹按“挡住了多少纸的光”计算。
    """
    fit = _paper_fit(gray)
    window = stroke_window(gray)  # measured for dark ink, as most writing is
    dark_ink = ink_is_dark(gray, _paper_surface(fit, gray.shape), window)
    size = window if dark_ink else stroke_window(gray, dark_ink=False)
    # Beyond its edges the picture goes on as its paper does (the fitted surface), so that the
    # closing follows light falling off right up to an edge: it needs paper all round a point.
    margin = size // 2
    padded = _paper_surface(fit, gray.shape, margin)
    padded[margin:margin + gray.shape[0], margin:margin + gray.shape[1]] = gray
    # First the paper's single lightest (darkest) specks go, with a 3x3 window: else the closing
    # would rest on them, lifting the paper by a few noise levels where it is grainy.
    if dark_ink:
        paper = grey_closing(grey_opening(padded, 3), size)
    else:
        paper = grey_opening(grey_closing(padded, 3), size)
    paper = np.maximum(paper[margin:margin + gray.shape[0], margin:margin + gray.shape[1]], 1 / 255)
    difference = (paper - gray if dark_ink else gray - paper) / paper
    border = _border(difference)
    difference -= _median(border)  # the closing rests on the paper's lighter specks: back to their middle
    noise = _noise_level(border)
    # Ink is a stroke, noise is single pixels: averaging 3x3 neighbours keeps the first and
    # cuts the second to a third, so the brightest averaged spot is the ink's level.
    averaged = _average_3x3(difference)
    ink_level = float(averaged.max())
    # Blank where that is no more than 4 noise levels of a pixel, nor 6 of the averaged picture: the
    # noise the ink level is measured in (a third of a pixel's where the grain is single pixels, as in
    # a dark photo). Noise alone reaches 6 levels in 1 pixel in 10^9: in one 512 px picture in thousands.
    if ink_level < max(MIN_CONTRAST, min(4 * noise, 6 * _noise_level(_border(averaged)))):
        raise CourseError(f"{shown(path)}: no digit found, the image looks blank "
                          f"(contrast {max(ink_level, 0):.2f}, noise {noise:.2f})")
    threshold = max(3 * noise, 0.1 * ink_level)
    return np.clip((difference - threshold) / (ink_level - threshold), 0, 1).astype(np.float32)


def stroke_window(picture, dark_ink=True):
    """The background's window: three times the picture's typical stroke width, in pixels.

    The width is measured by a granulometry (mathematical morphology's size distribution): close
    the picture with growing windows; the ink the closing fills in grows fastest at the window
    that just covers most strokes. Only ink at least half as deep as the deepest counts: the
    digit's strokes, not the grain of a dark photo or the dots of a printed page, which are fainter.
    Nor does what the closing fills in from the picture's edge (scikit-image's clear_border): a desk
    around the page, a scanner lid's band, a flash photo's dark corners are as deep as ink but wider
    than any stroke. Measured on a copy at most GRANULOMETRY_SIZE px, where it is quick.
    """
    small, scale = _area_averaged(picture, GRANULOMETRY_SIZE)
    close = grey_closing if dark_ink else grey_opening
    sizes = [size for size in WINDOW_SIZES if size <= max(WINDOW_SIZES[0], min(small.shape) // 2)]
    depths = [np.abs(close(small, size) - small) for size in sizes]
    filled = [_inside_count(depth > depths[-1].max() / 2) for depth in depths]
    stroke = sizes[int(np.argmax(np.diff(filled, prepend=0)))] / scale
    return int(np.clip(3 * stroke, 3, min(picture.shape) // 2))


def _inside_count(mask):
    """How many of the mask's pixels lie in regions that do not touch the picture's edge:
    np.count_nonzero(skimage.segmentation.clear_border(mask)), from OpenCV's labelling, 4x faster."""
    count, labels = cv2.connectedComponents(mask.view(np.uint8), connectivity=8)
    on_edge = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    return int(np.count_nonzero(mask) - np.bincount(labels.ravel(), minlength=count)[on_edge[on_edge > 0]].sum())


def _area_averaged(picture, size):
    """A gray picture at most `size` px on its longer side, and the scale: shrunk as read_grayscale
    shrinks a picture (area average), 10x quicker than skimage's rescale."""
    scale = min(1.0, size / max(picture.shape))
    width, height = (max(1, round(side * scale)) for side in picture.shape[::-1])
    small = Image.fromarray(picture.astype(np.float32), mode="F").resize((width, height), Image.Resampling.BOX)
    return np.asarray(small), scale


def grey_closing(picture, size):
    """scipy.ndimage.grey_closing(picture, size=(size, size)), the same pixels from OpenCV, 10x faster.

    A maximum then a minimum over size x size windows, the picture mirrored beyond its edges; for an
    even size scipy centres the two windows half a pixel off, one each way, and so does this.
    """
    window = np.ones((size, size), np.uint8)
    spread = cv2.dilate(picture, window, anchor=((size - 1) // 2,) * 2, borderType=cv2.BORDER_REFLECT)
    return cv2.erode(spread, window, anchor=(size // 2,) * 2, borderType=cv2.BORDER_REFLECT)


def grey_opening(picture, size):
    """scipy.ndimage.grey_opening(picture, size=(size, size)) from OpenCV: a minimum, then a maximum."""
    window = np.ones((size, size), np.uint8)
    shrunk = cv2.erode(picture, window, anchor=(size // 2,) * 2, borderType=cv2.BORDER_REFLECT)
    return cv2.dilate(shrunk, window, anchor=((size - 1) // 2,) * 2, borderType=cv2.BORDER_REFLECT)


def _average_3x3(array):
    """Each pixel replaced by the mean of its 3x3 neighbourhood (edges repeated)."""
    return cv2.blur(array, (3, 3), borderType=cv2.BORDER_REPLICATE)


def _border(array):
    """The outer ring of the image, about 3% of each side wide, row by row (as array[ring_mask] would
    give it; cut out as slices, so a view such as a broadcast grid of coordinates works too)."""
    rows, columns = array.shape
    width = _ring_width(array.shape)
    bottom, right = max(width, rows - width), max(width, columns - width)  # a picture 1 px thin is all border
    sides = np.concatenate([array[width:bottom, :width], array[width:bottom, right:]], axis=1)
    return np.concatenate([array[:width].ravel(), sides.ravel(), array[bottom:].ravel()])


def _ring_width(shape):
    """The border ring's width: about 3% of the shorter side, at least 1 px."""
    return max(1, min(shape) // 32)


def _fit_paper(gray):
    """The paper's level as a smooth surface, least-squares fitted to the border's paper pixels:
    a + b*row + c*column + d*row^2 + e*column^2 + f*row*column, so light falling off to one side
    or towards the corners (as phone lenses do) is paper, not ink."""
    return _paper_surface(_paper_fit(gray), gray.shape)


def _paper_fit(gray):
    """The coefficients (a, b, c, d, e, f) of _fit_paper's surface, rows and columns from -1 to 1."""
    height, width = gray.shape
    rows = np.linspace(-1, 1, height, dtype=np.float32)
    columns = np.linspace(-1, 1, width, dtype=np.float32)
    row = _border(np.broadcast_to(rows[:, None], gray.shape))  # the border pixels' coordinates
    column = _border(np.broadcast_to(columns, gray.shape))
    design = np.stack([np.ones_like(row), row, column, row ** 2, column ** 2, row * column], axis=1)
    values = _border(gray)
    # Six coefficients need no more than a few thousand of the border's pixels: every k-th.
    every = slice(None, None, max(1, len(values) // SAMPLE_POINTS))
    design, values = design[every], values[every]
    keep = np.ones(len(values), dtype=bool)
    for _ in range(3):  # refit without ink that touches the border (dark or light)
        kept = np.compress(keep, design, axis=0)  # design[keep], 4x faster for rows of a 2-D array
        # Solved as the normal equations: the same fit, faster.
        coefficients = np.linalg.lstsq(kept.T @ kept, kept.T @ values[keep], rcond=None)[0]
        residuals = values - design @ coefficients
        spread = _noise_level(residuals[keep])
        keep = np.abs(residuals) < max(3 * spread, 0.02)
        if keep.sum() < design.shape[1]:
            break
    return coefficients


def _paper_surface(coefficients, shape, margin=0):
    """The fitted surface over a picture of this shape, and `margin` px beyond each of its edges."""
    height, width = shape
    rows = (np.arange(-margin, height + margin, dtype=np.float32) * 2 / max(height - 1, 1) - 1)
    columns = (np.arange(-margin, width + margin, dtype=np.float32) * 2 / max(width - 1, 1) - 1)
    a, b, c, d, e, f = coefficients
    return ((a + b * rows + d * rows ** 2)[:, None] + (c * columns + e * columns ** 2)[None, :]
            + f * rows[:, None] * columns[None, :])


def _noise_level(values):
    """A standard deviation that ignores outliers (median absolute deviation x 1.4826)."""
    return float(1.4826 * _median(np.abs(values - _median(values))))


def _median(values):
    """np.median(values), with a single partition: np.median partitions an even count around both
    middle values (and checks for NaN), several times slower; the lower one is the largest below."""
    middle = len(values) // 2
    partitioned = np.partition(values, middle)
    if len(values) % 2:
        return partitioned[middle]
    return (partitioned[:middle].max() + partitioned[middle]) / 2


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

    def offsets_and_counts(tilt, pixels=slice(None)):
        """The offsets for this tilt, and the ink count of each shifted row (of these ink pixels)."""
        offset = np.round(np.arange(width) * np.tan(tilt)).astype(int)
        offset -= offset.max()
        return offset, np.bincount(rows[pixels] - offset[columns[pixels]], minlength=height - offset.min())

    def shifted_rows(tilt):
        """The offsets for this tilt, and the ink count and coverage of each shifted row."""
        offset, counts = offsets_and_counts(tilt)
        size = len(counts)
        # How many columns each shifted row crosses inside the picture: fewer near two corners,
        # where a tilted line leaves the picture through its top or bottom edge.
        crossed = np.cumsum(np.bincount(-offset, minlength=size + 1)
                            - np.bincount(height - offset, minlength=size + 1))[:size]
        return offset, counts, counts / np.maximum(crossed, 8)

    # First roughly, as a scanner straightens a page: at the right tilt the ink piles up in a
    # few rows (the lines), so the sum of squared row counts is largest (seen in a sample of the ink
    # pixels, every k-th). Then finely around it, with all of them.
    step = np.arctan(2 / width)  # the next tilt moves a row's ends by 1 px
    rough = np.arange(-np.radians(LINE_TILT), np.radians(LINE_TILT) + step, 4 * step)
    sample = slice(None, None, max(1, len(rows) // SAMPLE_POINTS))
    tilt = max(rough, key=lambda tilt: np.square(offsets_and_counts(tilt, sample)[1].astype(float)).sum())
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


def split_digits(ink, path="image"):
    """The digits, left to right: for each, a mask of its strokes and its box (row and column slices).

    The strokes are what a hysteresis threshold keeps: pixels above Otsu's threshold of the ink
    (the threshold that best separates two groups of values, computed from the picture itself), and
    the fainter pixels joined to them down to half of it (a blurred or pencil stroke's fading edge).
    Connected strokes are grouped into digits: strokes one above the other belong together (a 5's
    bar, a 4 written in two strokes, a broken stroke), strokes side by side are separate digits.
    Marks much shorter than the tallest digit (dust, a full stop), marks lying along the picture's
    edge (the table beside the page), frames round a digit, and a form's empty boxes with their
    printed caption are dropped.
    找数字：滞后阈值（Otsu）找出笔画，上下重叠的笔画合成一个数字，左右分开的是不同的数字。
    """
    if not ink.any():
        raise _no_digit(path)
    # The blur below reaches BLUR_REACH px: farther from all ink it is exactly 0, so only the ink's
    # box and that margin are worked on (a digit often covers a fifth of a photo, or less).
    near_top, near_left, near_bottom, near_right = _box_around(ink != 0, BLUR_REACH)
    near_ink = ink[near_top:near_bottom, near_left:near_right]
    # A stroke survives a 1 px blur; single noise pixels fade.
    smooth = filters.gaussian(near_ink, sigma=1, truncate=BLUR_REACH)
    if smooth.max() < MIN_STROKE_INK:
        raise _no_digit(path)
    high = filters.threshold_otsu(smooth[smooth > 0.05 * smooth.max()])
    strokes = filters.apply_hysteresis_threshold(smooth, high / 2, high)
    regions = [region for region in measure.regionprops(measure.label(strokes, connectivity=2))
               if _size(region.bbox) >= MIN_DIGIT_SIZE * max(ink.shape)]
    form_boxes = [region for region in regions if _a_box(region, near_ink)]
    boxes = [list(region.bbox) for region in regions
             if not _along_the_edge(region.coords + (near_top, near_left), ink.shape, _size(region.bbox))
             and not _a_frame(region, regions) and region.label not in {box.label for box in form_boxes}
             and not _printed_beside(region, form_boxes)]
    groups = _one_line(_attach_small_marks(_group_side_by_side(sorted(boxes, key=lambda box: box[1]))))
    if not groups:
        raise _no_digit(path)
    digits = []
    for top, left, bottom, right in groups:
        mask = _dilated(strokes[top:bottom, left:right], 2)  # with the strokes' soft edges
        digits.append((mask, (slice(near_top + top, near_top + bottom), slice(near_left + left, near_left + right))))
    return digits


def _along_the_edge(pixels, shape, size):
    """Whether a mark lies along the picture's edge for more than half its size: the table beside
    the page, or the page's own edge. Writing that reaches the edge (a digit cropped close) touches
    it for about a pen's width."""
    rows, columns = pixels[:, 0], pixels[:, 1]
    height, width = shape
    contact = max(np.count_nonzero(rows == 0), np.count_nonzero(rows == height - 1),
                  np.count_nonzero(columns == 0), np.count_nonzero(columns == width - 1))
    return contact > size / 2


def _a_frame(region, regions):
    """Whether a mark encloses another mark at least FRAMED of its height: a form's box, a circle
    drawn round an answer, the outline of a card. No digit has a digit inside its loop."""
    height = region.bbox[2] - region.bbox[0]
    loops = region.image_filled & ~region.image
    return any(other is not region and _centre_within(other, region, loops)
               and other.bbox[2] - other.bbox[0] >= FRAMED * height for other in regions)


def _centre_within(mark, region, area):
    """Whether a mark's centre of mass lies in `area`, a mask over the other region's box."""
    row, column = (int(round(value)) for value in mark.centroid)
    top, left, bottom, right = region.bbox
    return top <= row < bottom and left <= column < right and bool(area[row - top, column - left])


def _a_box(region, ink):
    """Whether a mark is drawn round an empty rectangle with a thin line (BOXY, BOX_LINE): a form's
    boxes, a card's printed border. A mark under 80 px high is also judged enlarged to 80 px, as
    MNIST's digits were measured: a small digit's loop may be a rectangle of blocky pixels."""
    if region.area_filled == region.area:
        return False  # no loop at all
    fill, across = squarest_loop(region.image)
    if fill <= BOXY or stroke_width(region.image) >= BOX_LINE * across:
        return False
    if region.image.shape[0] >= WORK_BOX:
        return True
    return squarest_loop(_black_and_white_by_height(ink[region.slice], region.image))[0] > BOXY


def _printed_beside(region, form_boxes):
    """Whether a mark is a form's printing (a caption, a label): outside all of its boxes and
    under MIN_DIGIT_HEIGHT of their height. What is written in a box is kept, however small."""
    if not form_boxes or any(_centre_within(region, box, box.image_filled) for box in form_boxes):
        return False
    height = region.bbox[2] - region.bbox[0]
    return any(height < MIN_DIGIT_HEIGHT * (box.bbox[2] - box.bbox[0]) for box in form_boxes)


def squarest_loop(black_white):
    """A mark's most rectangular loop: how fully it fills the smallest rectangle around it, at any
    angle (OpenCV's minAreaRect), and that rectangle's shorter side in px. Only loops at least a
    fifth of the mark's height across (smaller ones are a stroke's specks or an 8's pinch) and at
    least half MNIST's box, 10 px (a loop of fewer pixels is a rectangle of pixels); (0, 0) without one."""
    rows = np.flatnonzero(black_white.any(axis=1))
    if not len(rows):
        return 0.0, 0.0
    smallest = max((rows[-1] - rows[0] + 1) / 5, DIGIT_BOX / 2)
    outlines, _ = cv2.findContours(_holes(black_white).astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    loops = [(cv2.contourArea(outline) / (sides[0] * sides[1]), min(sides))
             for outline, (_, sides, _) in zip(outlines, map(cv2.minAreaRect, outlines)) if min(sides) >= smallest]
    return max(loops, default=(0.0, 0.0))


def _box_around(flags, margin):
    """(top, left, bottom, right) of the True pixels, widened by margin px on each side within the picture."""
    rows, columns = np.flatnonzero(flags.any(axis=1)), np.flatnonzero(flags.any(axis=0))
    height, width = flags.shape
    return (max(rows[0] - margin, 0), max(columns[0] - margin, 0),
            min(rows[-1] + 1 + margin, height), min(columns[-1] + 1 + margin, width))


def _no_digit(path):
    return CourseError(f"{shown(path)}: no digit found, only straight lines, empty boxes or specks "
                       f"(ruled lines, a grid, a margin line or a form's boxes are not read; a mark under "
                       f"1/{round(1 / MIN_DIGIT_SIZE)} of the picture's size is a speck: crop closer or write larger)")


def _group_side_by_side(boxes):
    """Merge boxes (top, left, bottom, right), sorted by left edge, that belong to one digit: one
    above the other, they overlap left to right by half of the narrower one's width, or overlap at
    all while sharing at most half of the shorter one's height (a slanted 8 in two strokes), and
    are no farther apart up and down than NEAR of the taller one's height (a 5's bar, a broken
    stroke; not a phone's status bar above the writing). Digits side by side share most of their height."""
    groups = []
    for box in boxes:
        if groups:
            last = groups[-1]
            across = min(last[3], box[3]) - max(last[1], box[1])
            down = min(last[2], box[2]) - max(last[0], box[0])
            narrower = min(last[3] - last[1], box[3] - box[1])
            shorter = min(last[2] - last[0], box[2] - box[0])
            taller = max(last[2] - last[0], box[2] - box[0])
            if (across >= OVERLAP * narrower or (across > 0 and down <= OVERLAP * shorter)) and -down <= NEAR * taller:
                groups[-1] = [min(last[0], box[0]), min(last[1], box[1]),
                              max(last[2], box[2]), max(last[3], box[3])]
                continue
        groups.append(box)
    return groups


def _attach_small_marks(groups):
    """Marks much shorter than the tallest digit are not digits: a 5's bar or a broken piece of
    stroke beside a digit joins it (within NEAR of the tallest height), a full stop, dust or a
    printed caption far away from every digit is dropped."""
    tallest = max((bottom - top for top, _, bottom, _ in groups), default=0)
    digits = [box for box in groups if box[2] - box[0] >= MIN_DIGIT_HEIGHT * tallest]
    for mark in (box for box in groups if box[2] - box[0] < MIN_DIGIT_HEIGHT * tallest):
        gaps = [max(digit[1] - mark[3], mark[1] - digit[3], digit[0] - mark[2], mark[0] - digit[2], 0)
                for digit in digits]  # the gap between their boxes, across or up and down
        nearest = int(np.argmin(gaps))
        if gaps[nearest] <= NEAR * tallest:
            digit = digits[nearest]
            digits[nearest] = [min(digit[0], mark[0]), min(digit[1], mark[1]),
                               max(digit[2], mark[2]), max(digit[3], mark[3])]
    return digits


def _one_line(digits):
    """The digits along the line of the tallest, left to right: from it, each digit left and right that
    shares rows with the last one kept (a tilted or bouncing number does). Marks above or below the
    line are elsewhere on the page: a phone's status bar and toolbar, a heading, a second line."""
    digits = sorted(digits, key=lambda box: box[1])
    if not digits:
        return digits
    tallest = max(range(len(digits)), key=lambda place: digits[place][2] - digits[place][0])
    line = {tallest}
    for step in (-1, 1):
        last, place = digits[tallest], tallest + step
        while 0 <= place < len(digits):
            if min(last[2], digits[place][2]) > max(last[0], digits[place][0]):
                line.add(place)
                last = digits[place]
            place += step
    return [digits[place] for place in sorted(line)]


def _may_be_one(left, right):
    """Whether two marks side by side (their boxes, as row and column slices) are close enough to
    be one digit: a gap narrower than the thinnest pen MNIST was written with (5 px of 80, where
    a stroke broke or a mark strayed), or none at all. Digits written apart are farther."""
    height = max(left[0].stop - left[0].start, right[0].stop - right[0].start)
    return right[1].start - left[1].stop <= MNIST_STROKE[0] / WORK_BOX * height


def _joined(ink, left, right):
    """Two marks (mask, box) as one: the box around both, the masks within it."""
    (left_mask, left_box), (right_mask, right_box) = left, right
    top, bottom = min(left_box[0].start, right_box[0].start), max(left_box[0].stop, right_box[0].stop)
    box = (slice(top, bottom), slice(left_box[1].start, max(left_box[1].stop, right_box[1].stop)))
    mask = np.zeros((bottom - top, box[1].stop - box[1].start), bool)
    for part, (rows, columns) in ((left_mask, left_box), (right_mask, right_box)):
        mask[rows.start - top:rows.stop - top, columns.start - box[1].start:columns.stop - box[1].start] |= part
    return mask, box


def _size(box):
    """The longer side of a box (top, left, bottom, right)."""
    return max(box[2] - box[0], box[3] - box[1])


def black_and_white(ink, mask):
    """One digit (its ink and stroke mask, cropped to its box) in black and white, as NIST scanned it.

    The digit is enlarged (or shrunk) to WORK_BOX, 4x MNIST's 20 px box, where a low-resolution
    digit gets smooth edges, and made black and white at half of its strokes' local peak: a
    stroke's edge is where its ink has fallen to half, whatever the blur or the ink's strength.
    放大到 80 像素，在笔画局部峰值的一半处二值化（模糊、浅淡的笔迹都适用）。
    """
    return _at_half_peak(_resized(np.where(mask, ink, 0), WORK_BOX))


def _black_and_white_by_height(ink, mask):
    """A mark's ink (within its mask) made 80 px high and black and white, as black_and_white
    does by the longer side: a wide mark keeps its strokes as fine as one digit's."""
    width = max(1, round(mask.shape[1] * WORK_BOX / mask.shape[0]))
    return _at_half_peak(transform.resize(np.where(mask, ink, 0).astype(np.float32), (WORK_BOX, width),
                                          order=1, preserve_range=True))


def _at_half_peak(large):
    """Ink at 80 px made black and white where it is above half of its strokes' local peak."""
    peak = ndimage.maximum_filter(large, size=WORK_BOX // 5)  # a stroke's own height nearby
    return (large > peak / 2) & (large > 0.05)


def loops(black_white):
    """How many closed loops a black-and-white digit has (_loop_insides)."""
    return ndimage.label(_loop_insides(black_white))[1]


def _loop_insides(black_white):
    """The insides of a black-and-white digit's closed loops: holes in its strokes at least one
    pixel at MNIST's size (4x4 px at 80 px; smaller ones are specks of noise in a stroke)."""
    holes, _ = ndimage.label(_holes(black_white))
    large = np.bincount(holes.ravel()) >= (WORK_BOX // DIGIT_BOX) ** 2
    large[0] = False  # the strokes and the outside
    return large[holes]


def mnist_style(black_white):
    """A black-and-white digit made the way MNIST made its digits: strokes brought to MNIST's pen
    width, the longer side shrunk to 20 px with anti-aliasing (which made MNIST's edges grey), and
    the digit put into a 28x28 field by its centre of mass. Float32 in [0, 1].
    笔画粗细调到 MNIST 的笔宽，再抗锯齿缩小到 20 像素，按质心放进 28x28。
    """
    return _in_mnist_field(_pen_width(black_white))


def _in_mnist_field(black_white):
    """A black-and-white digit at MNIST's pen width, cropped, shrunk to 20 px and centred by mass."""
    rows, columns = np.nonzero(black_white)
    cropped = black_white[rows.min():rows.max() + 1, columns.min():columns.max() + 1]
    digit = _shrunk(cropped.astype(np.float32), DIGIT_BOX)
    return center_by_mass(digit / digit.max())


def _holes(black_white):
    """The insides of a black-and-white mark's loops: background not joined to the picture's edge
    (side by side, not corner to corner). The same as scipy's binary_fill_holes minus the strokes,
    2x faster: one labelling instead of a dilation repeated until nothing changes."""
    background, count = ndimage.label(~black_white)  # the strokes are 0
    outside = np.zeros(count + 1, bool)
    outside[0] = True
    for edge in (background[0], background[-1], background[:, 0], background[:, -1]):
        outside[edge] = True
    return ~outside[background]


def _pen_width(black_white):
    """Thicken or thin the strokes to MNIST's pen width at 80 px (5-11 px, from its own digits):
    a fine pen or a felt marker becomes what the model learned from."""
    width = stroke_width(black_white)
    low, high = MNIST_STROKE
    if width > high:
        # A stroke running off the box is not thinned there (OpenCV's erosion counts the outside as
        # ink, as scikit-image's and scipy's can: the same result, 3-8x faster).
        radius = int(np.ceil((width - high) / 2))  # rounded up: into the range, not just near it
        thinner = cv2.erode(black_white.astype(np.uint8), morphology.disk(radius)).astype(bool)
        return thinner if thinner.any() else black_white
    if width < low:
        return _dilated(black_white, int(np.ceil((low - width) / 2)))
    return black_white


def _dilated(black_white, radius):
    """Strokes widened by `radius` px all round. OpenCV's dilation: the same result as scipy's
    and scikit-image's (nothing outside the picture adds ink), 3-8x faster."""
    return cv2.dilate(black_white.astype(np.uint8), morphology.disk(radius)).astype(bool)


def stroke_width(black_white):
    """Average stroke width in pixels: twice the mean distance from the stroke's middle line
    (its skeleton) to its edge."""
    skeleton = morphology.skeletonize(black_white)
    if not skeleton.any():
        return 0.0
    distance = ndimage.distance_transform_edt(black_white)
    return float(2 * distance[skeleton].mean())


def _resized(values, longer_side):
    """Values resized (bilinear) so that the longer side is `longer_side` px."""
    return transform.resize(values.astype(np.float32), _scaled(values.shape, longer_side), order=1,
                            anti_aliasing=False, preserve_range=True).astype(np.float32)


def _shrunk(values, longer_side):
    """Values shrunk so that the longer side is `longer_side` px, with anti-aliasing: a Gaussian
    blur of (factor - 1) / 2 px, then bilinear. What scikit-image's resize(anti_aliasing=True)
    does, with OpenCV: the same values (within 3e-7), 6x faster; a number offers dozens of pieces."""
    shape = _scaled(values.shape, longer_side)
    sigmas = [max(0.0, (old / new - 1) / 2) for old, new in zip(values.shape, shape)]
    sizes = [2 * int(4 * sigma + 0.5) + 1 for sigma in sigmas]  # cut off at 4 sigma, as scipy does
    blurred = cv2.GaussianBlur(values, (sizes[1], sizes[0]), sigmaX=sigmas[1], sigmaY=sigmas[0],
                               borderType=cv2.BORDER_REFLECT_101)
    return cv2.resize(blurred, (shape[1], shape[0]), interpolation=cv2.INTER_LINEAR)


def _scaled(shape, longer_side):
    """A (height, width) scaled so that the longer side is `longer_side`, each side at least 1."""
    scale = longer_side / max(shape)
    return max(1, round(shape[0] * scale)), max(1, round(shape[1] * scale))


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
