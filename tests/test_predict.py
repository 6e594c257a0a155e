"""MNISTPredict.py and mnist_course/digits.py: each preprocessing step, a user-style set, bad input."""
import io
import os
import re
import struct
import subprocess
import sys
import warnings
import zlib

import numpy as np
import pytest
from PIL import Image
from scipy import ndimage
from skimage import draw as skdraw

from conftest import REPO, run_script, single_digit, tiny_model
from mnist_course import CourseError, digits, reading
from mnist_course.models import load_model

sys.path.insert(0, str(REPO / "tools"))
import make_user_digits  # noqa: E402
from measure_touching_digits import wider_than_tall, written_touching  # noqa: E402
import score_digits  # noqa: E402


# ---------- small constructed images ----------

def stroke_image(size=(200, 160), box=(60, 40, 90, 130), ink=0, paper=255, mode="L"):
    """A paper-colored image with one filled rectangle of ink: (left, top, right, bottom)."""
    values = np.full(size[::-1], paper, dtype=np.uint8)
    left, top, right, bottom = box
    values[top:bottom, left:right] = ink
    return Image.fromarray(values, mode="L").convert(mode)


def save(image, path, **options):
    image.save(path, **options)
    return path


def ink_box(image28, level=0.2):
    rows, columns = np.nonzero(image28 > level)
    return rows.min(), rows.max(), columns.min(), columns.max()


def center_of_mass(image28):
    rows, columns = np.indices(image28.shape)
    return (rows * image28).sum() / image28.sum(), (columns * image28).sum() / image28.sum()


def test_dark_ink_on_light_paper_becomes_light_ink_on_black(tmp_path):
    gray = digits.read_grayscale(save(stroke_image(), tmp_path / "dark_on_light.png"))
    assert digits.ink_is_dark(gray)
    ink = digits.remove_background(gray)
    assert ink[80, 70] > 0.9 and ink[5, 5] == 0  # ink is now light, paper black


def test_light_ink_on_dark_paper_stays_light(tmp_path):
    gray = digits.read_grayscale(save(stroke_image(ink=255, paper=30), tmp_path / "chalk.png"))
    assert not digits.ink_is_dark(gray)
    ink = digits.remove_background(gray)
    assert ink[80, 70] > 0.9 and ink[5, 5] == 0


def page_with_a_band(edge, page, ink, band=True):
    """A 0 and a 1 written with a 5 px pen, and along the bottom a band of another shade (a scanner
    lid's black edge, a white wall below a board) unless band is False."""
    gray = np.full((400, 300), page, np.float32)
    if band:
        gray[370:] = edge
    for rows, columns in (skdraw.line(120, 130, 280, 130), skdraw.ellipse_perimeter(200, 190, 70, 40)):
        gray[rows, columns] = ink
    return ndimage.grey_erosion(gray, size=5) if ink < page else ndimage.grey_dilation(gray, size=5)


@pytest.mark.parametrize("edge, page, ink", [(0.05, 0.85, 0.45), (0.95, 0.2, 0.55)], ids=["pen, scanner lid", "chalk, wall"])
def test_what_lies_along_the_edge_does_not_decide_the_inks_polarity(edge, page, ink):
    """Fitted to the picture's border, the band included, the paper would be taken for the ink. The
    thin marks are the writing."""
    gray = page_with_a_band(edge, page, ink)
    difference = gray - digits._fit_paper(gray)
    assert (-difference.min() > difference.max()) != (ink < page)  # the border alone gets it wrong
    assert digits.ink_is_dark(gray) == (ink < page)


def test_dark_writing_on_a_page_on_a_darker_desk_is_dark_beside_a_light_string():
    """A tag on a dark desk, its string a light thin mark beside the dark writing: the strongest thin
    marks are mostly dark, so the ink is. The border (the desk) would take the tag for light ink."""
    gray = page_with_a_band(0.05, 0.85, 0.2, band=False)
    gray[:, :40] = gray[:, 260:] = gray[:50] = gray[350:] = 0.35  # the desk all round
    rows, columns = skdraw.line(5, 5, 60, 45)  # the string, 3 px wide, on the desk
    for shift in range(3):
        gray[rows, columns + shift] = 0.95
    difference = gray - digits._fit_paper(gray)
    assert -difference.min() < difference.max()  # the border alone gets it wrong
    assert digits.ink_is_dark(gray)


def test_a_dark_band_along_the_edge_is_not_measured_as_a_stroke():
    """The stroke width is the pen's: what runs in from the picture's edge (a scanner lid's band, a
    desk, a dark corner) is not a stroke, however deep."""
    window = digits.stroke_window(page_with_a_band(0.05, 0.85, 0.45))
    assert window == digits.stroke_window(page_with_a_band(0.05, 0.85, 0.45, band=False)) <= 3 * 2 * 5


def test_transparent_background_becomes_paper(tmp_path):
    # A canvas export: background (0, 0, 0, 0), ink opaque black. Read naively it is all black.
    rgba = np.zeros((160, 200, 4), dtype=np.uint8)
    rgba[40:130, 60:90, 3] = 255
    path = save(Image.fromarray(rgba, mode="RGBA"), tmp_path / "canvas.png")
    gray = digits.read_grayscale(path)
    assert gray[5, 5] == pytest.approx(1.0) and gray[80, 70] == pytest.approx(0.0)
    assert ink_box(single_digit(path))[:2] == (4, 23)  # a 20 px tall bar


def test_palette_and_rgb_modes_read_alike(tmp_path):
    base = stroke_image(ink=40, paper=230)
    results = [single_digit(save(base.convert(mode), tmp_path / f"{mode}.{extension}"))
               for mode, extension in (("L", "png"), ("RGB", "bmp"), ("P", "gif"), ("RGB", "jpg"))]
    first_top, first_bottom, first_left, first_right = ink_box(results[0])
    for result in results[1:]:  # the same bar, give or take JPEG's blur and a pixel of centring
        top, bottom, left, right = ink_box(result)
        assert bottom - top == first_bottom - first_top == 19
        assert abs((right - left) - (first_right - first_left)) <= 1
        assert result.sum() == pytest.approx(results[0].sum(), rel=0.05)


def test_paper_level_noise_and_uneven_light_are_removed(tmp_path):
    random = np.random.default_rng(0)
    rows, columns = np.indices((300, 300))
    paper = 0.6 + 0.15 * columns / 300 + random.normal(0, 0.04, (300, 300))  # gray, lit from one side
    paper[100:220, 140:160] = 0.15  # a pencil stroke
    path = save(Image.fromarray(np.uint8(np.clip(paper, 0, 1) * 255)), tmp_path / "photo.png")
    result = single_digit(path)
    top, bottom, left, right = ink_box(result, level=0.05)
    assert bottom - top + 1 == 20  # cropped to the stroke, not to the noise
    assert np.count_nonzero(result[:, :left]) == 0 and np.count_nonzero(result[:, right + 1:]) == 0


def test_a_hard_shadow_is_paper_and_the_ink_in_it_as_strong_as_in_the_light():
    # A hand's shadow over the right half of the page: paper and ink there get half the light.
    rows, columns = np.indices((300, 400))
    reflectance = np.full((300, 400), 0.9)
    reflectance[60:240, 100:300] = np.where((rows[60:240, 100:300] // 30) % 2, 0.2, 0.9)  # ink bars
    light = np.where(columns < 200, 1.0, 0.5)
    ink = digits.remove_background((reflectance * light).astype(np.float32))
    in_light, in_shadow = ink[60:240, 100:190], ink[60:240, 210:300]
    assert in_light.max() == pytest.approx(in_shadow.max(), abs=0.05)  # the same strokes, as strong
    assert np.array_equal(in_light > 0.5, in_shadow > 0.5)
    assert not ink[:50].any() and not ink[250:].any()  # the shadow's edge, above and below, is paper


@pytest.mark.parametrize("shape", [(1, 5), (3, 7), (97, 130)])
def test_opencv_morphology_gives_scipys_pixels_for_odd_and_even_windows(shape):
    from scipy import ndimage
    picture = np.random.default_rng(0).random(shape).astype(np.float32)
    for size in (2, 3, 4, 11, 16, 45):  # even windows are centred half a pixel off, as scipy does
        assert np.array_equal(digits.grey_closing(picture, size), ndimage.grey_closing(picture, size=(size, size)))
        assert np.array_equal(digits.grey_opening(picture, size), ndimage.grey_opening(picture, size=(size, size)))


@pytest.mark.parametrize("stroke", [4, 12, 40])
def test_the_background_window_follows_the_stroke_width(stroke):
    picture = np.ones((400, 400), np.float32)
    for left in range(40, 360, 3 * stroke + 20):  # a row of bars `stroke` px wide
        picture[50:350, left:left + stroke] = 0
    window = digits.stroke_window(picture)
    # Three times the width, measured on a grid of sizes in a copy 128 px wide, where a stroke
    # thinner than 3 px (here 9 px) measures as 3 px.
    assert 2 * stroke <= window <= 5 * max(stroke, 3 * 400 / 128)


def test_a_mark_along_the_pictures_edge_is_the_table_not_a_digit():
    ink = np.zeros((300, 400), np.float32)
    ink[:, 385:] = 0.8         # the table beside the page, along the whole right edge
    ink[60:200, 100:112] = 1   # a "1"
    ink[150:300, 250:262] = 1  # another, cropped by the bottom edge: it touches it for its width only
    boxes = [(rows.start, columns.start) for _, (rows, columns) in digits.split_digits(ink)]
    assert [round(left, -1) for _, left in boxes] == [100, 250]


def test_marks_above_and_below_the_line_of_writing_are_not_digits():
    """A phone's notes screenshot: the status bar's clock above the handwritten "17", the toolbar's pens
    below it, one under the 1's column. The number is the line of the tallest digit."""
    ink = np.zeros((400, 300), np.float32)
    ink[150:250, 90:100] = 1                                       # a "1"
    ink[150:158, 140:190] = ink[150:250, 182:190] = 1              # a "7"
    ink[20:40, 80:95] = ink[20:40, 105:120] = ink[20:40, 130:145] = 1  # the clock, over the 1
    ink[320:370, 88:96] = ink[320:370, 150:158] = ink[320:370, 210:218] = 1  # three pens, half as tall
    found = [(rows.start, rows.stop, columns.start) for _, (rows, columns) in digits.split_digits(ink)]
    assert len(found) == 2 and all(145 <= top and bottom <= 255 for top, bottom, _ in found)
    assert [round(left, -1) for _, _, left in found] == [90, 140]


def test_a_box_round_a_digit_is_a_frame_and_a_speck_in_a_zero_is_not_a_digit():
    from skimage import draw
    ink = np.zeros((200, 420), np.float32)
    ink[20:180, 20:24] = ink[20:180, 136:140] = ink[20:24, 20:140] = ink[176:180, 20:140] = 1  # a form's box
    ink[50:150, 76:86] = 1                                                                   # a "1" in it
    ink[draw.ellipse(100, 300, 60, 40)] = 1                                                  # a "0" ...
    ink[draw.ellipse(100, 300, 50, 30)] = 0
    ink[98:103, 298:303] = 1                                                                 # ... with a speck
    found = [(columns.start, columns.stop) for _, (_, columns) in digits.split_digits(ink)]
    assert len(found) == 2                                  # the box is not a digit, the speck not another
    assert 70 <= found[0][0] and found[0][1] <= 92          # the "1" alone, not its box
    assert found[1][0] <= 262 and found[1][1] >= 338        # the whole "0"


def test_a_ring_round_a_small_digit_is_a_frame():
    """A pad's printed border or a card's outline round a digit a quarter of its height: a frame
    (no MNIST digit holds a mark a fifth of its height in a loop), not a digit beside the digit."""
    from skimage import draw
    ink = np.zeros((400, 400), np.float32)
    ink[draw.ellipse(200, 200, 180, 150)] = 1
    ink[draw.ellipse(200, 200, 176, 146)] = 0  # an oval border, not a rectangle: not a form's box
    ink[155:245, 195:203] = 1                  # a "1" a quarter of its height
    [(_, (rows, columns))] = digits.split_digits(ink)
    assert 150 <= rows.start and rows.stop <= 250 and 190 <= columns.start and columns.stop <= 208


@pytest.mark.parametrize("tilt", [0, 5])
def test_a_forms_empty_boxes_are_not_digits_and_digits_written_in_them_are(tilt):
    """A form's comb of four boxes (one mark: they share their sides) under its printed caption,
    photographed straight or askew. Empty, it was read as "0000" (then the caption as digits): no
    digit is drawn round an empty rectangle, and a form's printing is much smaller than its boxes."""
    from PIL import ImageDraw

    def form(ones):
        picture = Image.new("L", (600, 300), 0)
        pen = ImageDraw.Draw(picture)
        for cell in range(4):
            pen.rectangle((60 + 120 * cell, 60, 180 + 120 * cell, 220), outline=255, width=3)
        for letter in range(5):
            pen.ellipse((60 + 20 * letter, 24, 74 + 20 * letter, 46), outline=255, width=3)  # "ooooo"
        for cell in ones:
            pen.line((120 + 120 * cell, 90, 120 + 120 * cell, 190), fill=255, width=12)  # a "1"
        return np.asarray(picture.rotate(tilt, resample=Image.Resampling.BILINEAR), np.float32) / 255

    with pytest.raises(CourseError, match="no digit found, only straight lines, empty boxes"):
        digits.split_digits(form([]))
    assert len(digits.split_digits(form([1, 3]))) == 2  # the two "1"s, not their boxes


def test_no_mnist_digit_has_a_loop_as_rectangular_as_a_printed_box(mnist_dir):
    from mnist_course.data import read_idx
    images = read_idx(mnist_dir / "t10k-images-idx3-ubyte.gz")[:2000]
    fullest = max(digits.squarest_loop(digits.black_and_white(image / 255, image > 0))[0] for image in images)
    assert 0.75 < fullest <= digits.BOXY  # 0s, 6s, 8s and 9s have loops, none that square


@pytest.mark.parametrize("number, corner", [("0", 0), ("10", 0.3), ("2010", 0.15)])
def test_a_zero_drawn_square_on_the_drawing_page_is_a_digit_not_a_box(number, corner):
    """The page's 560x280 canvas and 18 px pen: a 0 drawn as a (rounded) rectangle fills its
    rectangle as fully as a form's box does, but with a pen far thicker for its size."""
    from PIL import ImageDraw
    canvas = Image.new("L", (560, 280), 255)
    pen = ImageDraw.Draw(canvas)
    for place, digit in enumerate(number):
        left = 40 + 120 * place
        if digit == "0":
            pen.rounded_rectangle((left, 50, left + 90, 230), radius=int(corner * 90), outline=0, width=18)
        elif digit == "1":
            pen.line((left + 45, 50, left + 45, 230), fill=0, width=18)
        else:  # a 2: its top, its slope, its base
            pen.line([(left, 80), (left + 45, 50), (left + 90, 80), (left, 230), (left + 90, 230)], fill=0, width=18)
    picture = io.BytesIO()
    canvas.save(picture, format="PNG")
    assert len(digits.find_digits(picture.getvalue())) == len(number)


def test_a_card_photographed_askew_on_a_cloth_is_cut_out_and_straightened():
    from skimage import draw
    rows, columns = np.indices((400, 500))
    cloth = 0.35 + 0.15 * ((rows // 20 + columns // 20) % 2)  # checks, as light as the card's shadow side
    card = np.zeros((400, 500), bool)
    card[draw.polygon([60, 90, 350, 320], [120, 420, 390, 80])] = True  # seen askew
    picture = np.where(card, 0.9, cloth).astype(np.float32)
    picture[150:260, 230:240] = 0.1  # a "1" on the card
    page = digits.crop_to_the_page(picture)
    assert 240 <= page.shape[0] <= 300 and 280 <= page.shape[1] <= 340  # the card alone, straightened
    border = np.concatenate([page[:3].ravel(), page[-3:].ravel(), page[:, :3].ravel(), page[:, -3:].ravel()])
    assert np.abs(border - 0.9).max() < 0.05  # no cloth left
    assert page.min() < 0.2  # and the "1" is on it
    plain = np.full((300, 400), 0.9, np.float32)
    plain[100:200, 190:200] = 0.1
    assert digits.crop_to_the_page(plain) is plain  # a picture of the page alone stays as it is
    square_zero = np.full((300, 300), 0.9, np.float32)
    square_zero[60:240, 70:78] = square_zero[60:240, 222:230] = 0.1
    square_zero[60:68, 70:230] = square_zero[232:240, 70:230] = 0.1
    assert digits.crop_to_the_page(square_zero) is square_zero  # paper inside and out: a digit, not a page


def test_a_card_held_against_a_bright_window_is_cut_out_and_a_thick_bar_of_ink_is_not():
    """Darker than what is around it, a card is still the page if it has writing on it; a thick bar of
    ink drawn on white paper is darker inside too, but even."""
    from skimage import draw
    card = np.zeros((400, 500), bool)
    card[draw.polygon([60, 90, 350, 320], [120, 420, 390, 80])] = True
    picture = np.where(card, 0.5, 0.97).astype(np.float32)  # the window burnt out around it
    picture[150:260, 230:240] = 0.15  # a "1" on the card
    page = digits.crop_to_the_page(picture)
    assert 240 <= page.shape[0] <= 300 and 280 <= page.shape[1] <= 340 and page.max() < 0.6
    bar = np.full((300, 300), 0.95, np.float32)
    bar[draw.polygon([40, 60, 260, 240], [120, 190, 180, 110])] = 0.1
    assert digits.crop_to_the_page(bar) is bar


def test_a_card_on_a_desk_is_read_as_the_page_and_a_shadow_stays_page():
    from skimage import draw
    rows, columns = np.indices((300, 400))
    grain = 0.05 * np.sin(columns / 3)
    desk = np.stack([0.45 + grain, 0.3 + grain, 0.15 + grain], axis=-1)  # wood
    card = np.zeros((300, 400), bool)
    card[draw.polygon([40, 60, 270, 250], [90, 330, 310, 70])] = True  # a card, turned a little
    picture = np.where(card[..., None], np.array([0.92, 0.9, 0.85]), desk).astype(np.float32)
    picture[draw.line_aa(100, 170, 200, 230)[:2]] = 0.1  # a "1" written on the card, 5 px wide
    for shift in range(1, 5):
        picture[draw.line_aa(100, 170 + shift, 200, 230 + shift)[:2]] = 0.1
    kept = digits.keep_the_page(picture)
    assert np.abs(kept[~card] - [0.92, 0.9, 0.85]).max() < 0.05     # the desk became blank card
    assert np.array_equal(kept[120:180, 150:260], picture[120:180, 150:260])  # the writing is untouched
    assert len(digits.find_digits(Image.fromarray(np.uint8(picture * 255)))) == 1
    even = np.full((100, 100), 0.5, np.float32) + np.random.default_rng(0).normal(0, 1e-6, (100, 100)).astype(np.float32)
    assert digits.keep_the_page(even) is even  # a page lit evenly to a millionth: nothing around it
    page = np.full((300, 400, 3), 0.9, np.float32)
    page[100:200, 120:126] = 0.1                           # a "1" ...
    page[:, :200] *= 0.5                                   # ... in a hand's shadow: half the light, same color
    assert np.array_equal(digits.keep_the_page(page), page)


def test_printed_dots_do_not_narrow_the_background_window():
    # A page of a magazine: dots 2 px wide every 6 px, fainter than a pen stroke 16 px wide.
    picture = np.ones((400, 400), np.float32)
    picture[::6, ::6] = picture[1::6, 1::6] = picture[::6, 1::6] = picture[1::6, ::6] = 0.7
    picture[80:320, 190:206] = 0.1
    assert digits.stroke_window(picture) >= 2 * 16  # measured on the pen's stroke, not the dots


def test_off_centre_digit_is_centred_by_mass(tmp_path):
    # An L-shaped mark in a corner: its mass centre, not its box centre, goes to (14, 14).
    values = np.full((400, 400), 255, dtype=np.uint8)
    values[20:120, 300:315] = 0
    values[105:120, 300:360] = 0
    result = single_digit(save(Image.fromarray(values), tmp_path / "corner.png"))
    row, column = center_of_mass(result)
    assert abs(row - 14) <= 0.5 and abs(column - 14) <= 0.5
    assert result.shape == (28, 28) and result.dtype == np.float32
    assert result.min() >= 0 and result.max() == pytest.approx(1.0)


def test_aspect_ratio_is_kept_longer_side_20(tmp_path):
    tall = single_digit(save(stroke_image(box=(90, 10, 110, 150)), tmp_path / "tall.png"))
    top, bottom, left, right = ink_box(tall)
    assert bottom - top + 1 == 20 and right - left + 1 <= 4  # a "1" stays thin
    wide = single_digit(save(stroke_image(box=(20, 60, 180, 100)), tmp_path / "wide.png"))
    top, bottom, left, right = ink_box(wide)
    assert right - left + 1 == 20 and 2 <= bottom - top + 1 <= 7  # (thinned to a pen's width)


def test_strokes_get_mnist_pen_width_thick_and_thin():
    rows, columns = np.indices((200, 200))
    distance = np.hypot(rows - 100, columns - 100)
    for inner in (50, 90):  # a "0" painted with a very broad brush, and drawn with a fine liner
        ring = ((distance > inner) & (distance < 95)).astype(np.float32)
        before = digits.stroke_width(digits._resized(ring, digits.WORK_BOX) > 0.5)
        after = digits.stroke_width(digits._pen_width(digits._resized(ring, digits.WORK_BOX) > 0.5))
        low, high = digits.MNIST_STROKE
        assert not low <= before <= high and low - 1 <= after <= high + 1
        digit = digits.mnist_style(digits.black_and_white(ring, ring > 0))
        assert digit[14, 14] == 0  # the hole stays open


def test_the_fast_versions_compute_what_scipy_and_scikit_image_compute():
    from scipy import ndimage
    from skimage import morphology, segmentation, transform

    random = np.random.default_rng(1)
    for trial in range(200):  # blotchy marks, every other one away from the picture's edge
        height, width = random.integers(3, 120, 2)
        marks = ndimage.gaussian_filter(random.random((height, width)), random.uniform(0.5, 4)) > 0.5
        marks = np.pad(marks, trial % 2 * 2)
        assert np.array_equal(digits._holes(marks), ndimage.binary_fill_holes(marks) & ~marks)
        assert digits._inside_count(marks) == np.count_nonzero(segmentation.clear_border(marks))
        radius = int(random.integers(1, 5))
        assert np.array_equal(digits._dilated(marks, radius), ndimage.binary_dilation(marks, morphology.disk(radius)))
        if max(marks.shape) >= digits.DIGIT_BOX:  # shrunk to MNIST's 20 px box
            values = marks.astype(np.float32)
            expected = transform.resize(values, digits._scaled(values.shape, digits.DIGIT_BOX), order=1,
                                        anti_aliasing=True, preserve_range=True)
            assert np.abs(digits._shrunk(values, digits.DIGIT_BOX) - expected).max() < 1e-5
            # black_and_white's resizing does not blur: a stroke's edge stays where its ink falls to half
            sharp = transform.resize(values, digits._scaled(values.shape, digits.DIGIT_BOX), order=1,
                                     anti_aliasing=False, preserve_range=True)
            assert np.abs(digits._resized(values, digits.DIGIT_BOX) - sharp).max() < 1e-6


def test_loops_are_holes_in_the_strokes_a_pixel_wide_at_mnist_size_or_more():
    rows, columns = np.indices((80, 80))
    ring = lambda row, column, outer, inner: (np.hypot(rows - row, columns - column) < outer) & (
        np.hypot(rows - row, columns - column) > inner)
    eight = ring(20, 40, 18, 9) | ring(58, 40, 20, 10)
    assert digits.loops(eight) == 2
    assert digits.loops(ring(40, 40, 30, 20)) == 1
    assert digits.loops(ring(40, 40, 30, 1.5)) == 0  # a 3 px speck of paper in a blot, not a loop
    assert digits.loops(np.zeros((80, 80), bool)) == 0


def test_blank_image_is_refused(tmp_path):
    path = save(stroke_image(box=(0, 0, 0, 0), paper=200), tmp_path / "blank.png")
    with pytest.raises(CourseError, match="blank.png: no digit found, the image looks blank"):
        single_digit(path)


@pytest.mark.parametrize("size", [(1000, 1), (2000, 3), (1, 1000)])
def test_a_picture_a_few_pixels_thin_is_one_line_not_a_traceback(size):
    """Too thin to look for a page in (OpenCV's resize refused it: a traceback)."""
    picture = Image.new("L", size, 255)
    picture.putpixel((size[0] // 2, size[1] // 2), 0)
    data = io.BytesIO()
    picture.save(data, format="PNG")
    with pytest.raises(CourseError, match="no digit found"):
        digits.find_readings(data.getvalue())


# ---------- notebook paper: lines, colored ink, a small digit in a large photo ----------

def notebook_photo(path, size=(600, 450), lines=(), marks=(), ink=(0.1, 0.1, 0.4),
                   paper=(0.97, 0.95, 0.88), tilt=4, seed=0):
    """A phone photo of a notebook page, saved as JPEG: paper lit unevenly (from one side, and
    darker towards the corners, as phone lenses do), with noise; `lines` from "ruled", "grid",
    "margin" (light blue, red), the page turned by `tilt` degrees; `marks` boxes (left, top,
    right, bottom) of ink, drawn as the digit."""
    random = np.random.default_rng(seed)
    width, height = size
    rows, columns = np.indices((height, width), dtype=np.float32)
    angle = np.radians(tilt)
    down = rows * np.cos(angle) - columns * np.sin(angle)
    right = rows * np.sin(angle) + columns * np.cos(angle)
    rgb = np.ones((height, width, 3)) * paper

    def draw(amount, color):
        nonlocal rgb
        rgb = rgb * (1 - amount[..., None]) + np.array(color) * amount[..., None]

    def stripes(distance, spacing):  # 2 px lines every `spacing` px
        return np.clip(1.5 - np.abs((distance + spacing / 2) % spacing - spacing / 2), 0, 1)

    if "ruled" in lines or "grid" in lines:
        draw(stripes(down - 20, 40), (0.55, 0.72, 0.95))
    if "grid" in lines:
        draw(stripes(right - 20, 40), (0.55, 0.72, 0.95))
    if "margin" in lines:
        draw(np.clip(2 - np.abs(right - width * 0.25), 0, 1), (0.9, 0.35, 0.4))
    for left, top, right_edge, bottom in marks:
        stroke = np.zeros((height, width))
        stroke[top:bottom, left:right_edge] = 1
        draw(stroke, ink)
    from_centre = np.hypot(rows / height - 0.5, columns / width - 0.5) / np.hypot(0.5, 0.5)
    light = 1 - 0.1 * columns / width - 0.3 * from_centre ** 2
    rgb = rgb * light[..., None] + random.normal(0, 0.03, rgb.shape)
    image = Image.fromarray(np.uint8(np.clip(rgb, 0, 1) * 255))
    return save(image, path, quality=85)


L_SHAPE = ((300, 150, 312, 250), (300, 238, 350, 250))  # an L: a tall stroke and a foot


@pytest.mark.parametrize("lines", [("ruled",), ("grid",), ("ruled", "margin")])
def test_ruled_lines_grids_and_margin_lines_are_removed(tmp_path, lines):
    pencil = (0.45, 0.45, 0.45)  # the lines are half as dark as the digit
    on_lines = single_digit(notebook_photo(tmp_path / "lines.jpg", lines=lines, marks=L_SHAPE,
                                                ink=pencil))
    plain = single_digit(notebook_photo(tmp_path / "plain.jpg", marks=L_SHAPE, ink=pencil))
    assert ink_box(on_lines) == ink_box(plain)  # the digit alone, not the digit and the lines
    assert np.abs(on_lines - plain).mean() < 0.02


def test_a_stroke_crossing_a_line_stays_whole():
    ink = np.zeros((200, 300), np.float32)
    ink[99:102, :] = 0.5   # a ruled line across the whole picture
    ink[60:140, 150:156] = 1.0  # a stroke crossing it
    cleaned = digits.remove_lines(ink)
    assert cleaned[99:102, :140].max() == 0 and cleaned[99:102, 166:].max() == 0
    assert cleaned[60:140, 150:156].min() == 1.0  # filled in from above and below the line


def test_a_one_cropped_close_is_a_digit_not_a_margin_line(tmp_path):
    # As long and thin as a margin line, but it stops short of the picture's edges.
    path = save(stroke_image(size=(60, 200), box=(25, 6, 35, 194)), tmp_path / "one.png")
    top, bottom, left, right = ink_box(single_digit(path))
    assert bottom - top + 1 == 20 and right - left + 1 <= 3
    whole_length = save(stroke_image(size=(60, 200), box=(28, 0, 31, 200)), tmp_path / "margin.png")
    with pytest.raises(CourseError, match="margin.png: no digit found"):
        single_digit(whole_length)


def test_colored_ink_as_bright_as_the_paper_is_read(tmp_path):
    # Red-brown ink on green paper, almost equally bright: in plain gray the digit nearly vanishes.
    path = notebook_photo(tmp_path / "red_on_green.jpg", size=(500, 400),
                          marks=[(230, 120, 250, 280)], ink=(0.8, 0.45, 0.4), paper=(0.4, 0.6, 0.5))
    with Image.open(path) as image:
        luminance = np.asarray(image.convert("L"), np.float32) / 255
    gray = digits.read_grayscale(path)  # under 512 px: read at its own size
    ink, paper = np.s_[130:270, 233:247], np.s_[130:270, 280:294]
    assert abs(luminance[ink].mean() - luminance[paper].mean()) < 0.06
    assert abs(gray[ink].mean() - gray[paper].mean()) > 0.15
    top, bottom, left, right = ink_box(single_digit(path))
    assert bottom - top + 1 == 20 and right - left + 1 <= 4


def test_small_digit_in_a_large_photo_is_found(tmp_path):
    # A 60 px digit in a 1000x750 photo darker towards its corners: ink, not a blank page.
    path = notebook_photo(tmp_path / "small.jpg", size=(1000, 750), lines=("ruled",), tilt=0,
                          marks=((600, 400, 606, 460), (600, 452, 630, 460)))
    result = single_digit(path)
    top, bottom, left, right = ink_box(result)
    assert bottom - top + 1 == 20 and 8 <= right - left + 1 <= 13  # the L, not the lines


@pytest.mark.parametrize("lines", [(), ("ruled",), ("margin",), ("grid",)])
def test_a_page_without_a_digit_says_no_digit_found(tmp_path, lines):
    path = notebook_photo(tmp_path / "empty.jpg", lines=lines)
    with pytest.raises(CourseError, match="empty.jpg: no digit found"):
        single_digit(path)


def test_dust_is_dropped_and_a_broken_stroke_kept():
    ink = np.zeros((300, 300), np.float32)
    ink[50:150, 100:108] = 1    # the digit's main stroke
    ink[155:190, 100:108] = 1   # the rest of it, after a small gap
    ink[280:284, 20:24] = 1     # a speck of dust far away
    [(mask, (rows, columns))] = digits.split_digits(ink)
    # The box of the strokes found, give or take the 1 px blur they are found on.
    assert abs(rows.start - 50) <= 1 and abs(rows.stop - 190) <= 1
    assert abs(columns.start - 100) <= 1 and abs(columns.stop - 108) <= 1


def test_digits_side_by_side_are_separate_and_strokes_above_each_other_one():
    ink = np.zeros((200, 400), np.float32)
    ink[50:150, 60:68] = 1       # a "1"
    ink[50:58, 150:230] = 1      # a "5"'s bar, not touching the rest of it
    ink[66:150, 150:158] = 1
    ink[100:108, 150:230] = 1
    ink[100:150, 222:230] = 1
    ink[50:150, 300:308] = 1     # another "1"
    ink[140:146, 350:356] = 1    # a full stop: too small to be a digit
    boxes = [(rows.start, columns.start) for _, (rows, columns) in digits.split_digits(ink)]
    assert [round(left, -1) for _, left in boxes] == [60, 150, 300]


def sure(digit, probability):
    """A model's answer: `digit` with `probability`, the rest shared evenly among the other nine."""
    row = np.full(10, (1 - probability) / 9, np.float32)
    row[digit] = probability
    return row


def test_the_model_chooses_one_digit_or_two_only_when_surer():
    # Two marks close together: read apart ("1" 95% and "7" 70%: 66.5% together), or as one digit.
    readings = [[["arc", "arc"], ["both"]]]
    apart = [sure(1, 0.95), sure(7, 0.70)]
    assert reading.choose(readings, np.array(apart + [sure(0, 0.99)])) == [2]  # a broken 0
    assert reading.choose(readings, np.array(apart + [sure(0, 0.60)])) == [0, 1]  # less likely: two
    halves = [sure(1, 0.5), sure(7, 0.5)]
    assert reading.choose(readings, np.array(halves + [sure(0, 0.25)])) == [0, 1]  # a tie: as found
    # A choice with one alternative, then the pair: rows count on across choices.
    readings = [[["digit"]], [["a", "b"], ["ab"]]]
    rows = np.array([sure(4, 0.99), sure(1, 0.99), sure(0, 0.99), sure(8, 0.6)])
    assert reading.choose(readings, rows) == [0, 1, 2]  # "410": two sure digits stay two


def test_touching_digits_are_cut_where_the_model_reads_them_likeliest():
    # A mark 30 columns wide: whole, or cut at 10 and 20 into 2 or 3 pieces (ordered by end, start).
    cuts = reading.Cuts([(0, 10, "a"), (0, 20, "ab"), (10, 20, "b"), (0, 30, "abc"), (10, 30, "bc"),
                         (20, 30, "c")], "abc", False)
    rows = [sure(4, 0.99), sure(8, 0.5), sure(1, 0.99), sure(2, 0.5), sure(7, 0.5), sure(5, 0.99)]
    # "415": 0.99^3 = 97% (3% doubt) against 50% or 49.5%, and under a tenth of the whole's 50% doubt
    assert reading.choose([cuts], np.array(rows)) == [0, 2, 5]
    rows[1] = sure(8, 0.995)
    assert reading.choose([cuts], np.array(rows)) == [1, 5]  # "85": 0.995 x 0.99 = 98.5% against 97%
    assert reading.candidate_images([[["one"]], cuts]) == ["one", "a", "ab", "b", "abc", "bc", "c"]
    assert reading.choose([[["one"]], cuts], np.array([sure(3, 0.9)] + rows)) == [0, 2, 6]  # rows count on
    # Wider than a digit, the likelier reading wins, however sure the model is of the whole. No wider
    # than a digit, the mark stays whole unless the pieces leave under a tenth of the whole's doubt:
    # a model reads a stroke cut out of a digit as a sure "1".
    rows = [sure(4, 0.5), sure(8, 0.95), sure(1, 0.5), sure(2, 0.7), sure(7, 0.5), sure(5, 0.99)]
    assert reading.choose([cuts], np.array(rows)) == [1, 5]  # "85": 94% against 70%
    narrow = cuts._replace(digit_wide=True)
    assert reading.choose([narrow], np.array(rows)) == [3]  # the pieces' 6% doubt against the whole's 30%
    rows[3] = sure(2, 0.4)
    assert reading.choose([narrow], np.array(rows)) == [1, 5]  # 5.95% against a tenth of 60%
    rows[3] = sure(2, 0.9)
    assert reading.choose([cuts], np.array(rows)) == [1, 5]  # 94% against a sure 90%: "42" read as a "4"
    rows[3] = sure(2, 0.95)
    assert reading.choose([cuts], np.array(rows)) == [3]  # 95% against 94%: one digit
    # No wider than a digit, a sure whole is cut too where the pieces are ten times surer: "72"
    # written into each other reads as a sure "2" as well.
    rows[1], rows[5] = sure(7, 0.999), sure(2, 0.999)
    assert reading.choose([narrow], np.array(rows)) == [1, 5]  # 0.2% doubt against a tenth of 5%


def test_a_mark_no_wider_than_a_digit_is_not_cut_across_a_loop_nor_into_a_short_piece():
    from PIL import ImageDraw

    # A flat 0 (1.5x as wide as tall): its least-ink columns cross the loop.
    flat_zero = Image.new("L", (400, 300), 255)
    ImageDraw.Draw(flat_zero).ellipse((80, 90, 320, 250), outline=0, width=12)
    # A 1 with a stroke at its foot to a mark half its height (as a 2's curled tail cut off):
    # cut at the foot, the second piece is under PAIR_HEIGHT of the mark.
    foot = Image.new("L", (400, 300), 255)
    pen = ImageDraw.Draw(foot)
    pen.line((100, 60, 100, 240), fill=0, width=12)
    pen.line((100, 240, 300, 240), fill=0, width=12)
    pen.line((300, 240, 300, 150), fill=0, width=12)
    for picture in (flat_zero, foot):
        [choice] = digits.find_readings(picture)
        assert not isinstance(choice, reading.Cuts) and len(choice) == 1  # one digit, as found
    # The same foot under a full-height second stroke may be two digits: cut.
    pen.line((300, 240, 300, 60), fill=0, width=12)
    [choice] = digits.find_readings(foot)
    assert isinstance(choice, reading.Cuts) and any(end < max(e for _, e, _ in choice.pieces)
                                                    for _, end, _ in choice.pieces)


def test_four_touching_mnist_digits_are_read_as_several(cnn_model, mnist_dir):
    from mnist_course.data import read_idx

    model = load_model(cnn_model)
    images = read_idx(mnist_dir / "t10k-images-idx3-ubyte.gz")[:80]
    labels = read_idx(mnist_dir / "t10k-labels-idx1-ubyte.gz")[:80]
    wide, several, exact = 0, 0, 0
    for first in range(0, 80, 4):  # 20 numbers of four MNIST test digits, each slid into the one before
        columns = [np.flatnonzero(image.max(axis=0)) for image in images[first:first + 4]]
        pieces = [image[:, kept.min():kept.max() + 1] for image, kept in zip(images[first:first + 4], columns)]
        canvas = np.zeros((28, sum(piece.shape[1] for piece in pieces)), np.uint8)
        left = 0
        for piece in pieces:
            width = piece.shape[1]
            canvas[:, left:left + width] = np.maximum(canvas[:, left:left + width], piece)
            left += width - width // 5
        page = Image.fromarray(255 - np.pad(canvas[:, :left + pieces[-1].shape[1] // 5], 14))
        readings = digits.find_readings(page.resize((page.width * 8, page.height * 8), Image.Resampling.BILINEAR))
        if len(readings) == 1 and isinstance(readings[0], reading.Cuts):  # one mark wider than a digit
            wide += 1
            [(_, chances)] = reading.read_pictures(model, [readings])
            several += len(chances) >= 2
            exact += reading.number(chances) == "".join(str(label) for label in labels[first:first + 4])
    # Half of them are one mark (10 of 20); before, each was read as one digit. With this small model
    # every one is read as several digits, 2 exactly (output/mnist_cnn.h5: 5 of 10, README 6.3).
    assert wide >= 5 and several == wide and exact >= 1


def touching_pairs(model, images, labels, firsts):
    """Pairs of MNIST test digits written 2 px (at 28) into each other, from each of `firsts`, that are
    one mark no wider than a digit (1.81 heights): each one's Cuts, and whether it is read exactly."""
    pairs = []
    for first in firsts:
        readings = digits.find_readings(written_touching(images[first:first + 2], overlap=2))
        if len(readings) == 1 and isinstance(readings[0], reading.Cuts) \
                and max(end for _, end, _ in readings[0].pieces) <= digits.WIDE * digits.WORK_BOX:
            [(_, chances)] = reading.read_pictures(model, [readings])
            pairs.append((readings[0], reading.number(chances) == f"{labels[first]}{labels[first + 1]}"))
    return pairs


def wide_singles(images, which):
    """The readings of single MNIST test digits wider than they are tall (`which` of them, a slice)."""
    wide = [index for index, image in enumerate(images) if wider_than_tall(image)][which]
    return [digits.find_readings(written_touching([images[index]])) for index in wide]


def test_two_touching_digits_no_wider_than_one_are_cut_but_wide_digits_are_not(cnn_model, mnist_dir):
    from mnist_course.data import read_idx

    model = load_model(cnn_model)
    images = read_idx(mnist_dir / "t10k-images-idx3-ubyte.gz")[:2000]
    labels = read_idx(mnist_dir / "t10k-labels-idx1-ubyte.gz")[:2000]
    # Pairs written into each other that are one mark under 1.81 heights wide were always read as one
    # digit before.
    pairs = touching_pairs(model, images, labels, range(0, 80, 2))
    one_mark, exact = len(pairs), sum(right for _, right in pairs)
    # Single MNIST test digits wider than they are tall: offered cut, read as one digit.
    singles = wide_singles(images, slice(0, 60))
    one_digit = sum(len(chances) == 1 for _, chances in reading.read_pictures(model, singles))
    # With this small model 9 of the 22 offered cut are read exactly (output/mnist_cnn.h5: 62% of 500
    # pairs, 0 before; tools/measure_touching_digits.py), and 59 of 60 wide digits stay one digit.
    assert one_mark >= 15 and exact >= one_mark / 4
    assert one_digit >= 0.9 * len(singles)


def test_digits_written_into_each_other_cross_more_strokes_than_one_digit_and_are_cut_on_the_likelier_reading(
        cnn_model, mnist_dir):
    from mnist_course.data import read_idx

    model = load_model(cnn_model)
    images = read_idx(mnist_dir / "t10k-images-idx3-ubyte.gz")[:2000]
    labels = read_idx(mnist_dir / "t10k-labels-idx1-ubyte.gz")[:2000]
    # Of the pairs that are one mark no wider than a digit, the rows of many cross more strokes than any
    # MNIST training digit's, so the model's likelier reading decides.
    pairs = touching_pairs(model, images, labels, range(80, 200, 2))
    one_mark, exact = len(pairs), sum(right for _, right in pairs)
    crossing_more = sum(not cuts.digit_wide for cuts, _ in pairs)
    # Single MNIST test digits wider than tall cross no more: one digit is the likelier, as before.
    singles = wide_singles(images, slice(60, 120))
    offered = [choice for [choice] in singles if isinstance(choice, reading.Cuts)]
    one_digit = sum(len(chances) == 1 for _, chances in reading.read_pictures(model, singles))
    print(f"{one_mark} pairs one mark: {crossing_more} cross more, {exact} read exactly; "
          f"{sum(choice.digit_wide for choice in offered)} of {len(offered)} wide digits cross no more, "
          f"{one_digit} of {len(singles)} read as one digit")
    # With this small model 15 of 31 cross more and 14 are read exactly; output/mnist_cnn.h5 reads 23
    # (21 while every mark no wider than a digit was more likely one; 4 px into each other: 15, 12).
    assert one_mark >= 15 and crossing_more >= one_mark / 3 and exact >= one_mark / 3
    assert sum(choice.digit_wide for choice in offered) >= 0.95 * len(offered)
    assert one_digit >= 0.9 * len(singles)


def test_a_dark_grainy_photo_of_a_digit_is_read_and_the_same_grain_alone_is_blank(cnn_model, mnist_dir, tmp_path):
    """In low light the paper is dark and its grain, single pixels, a quarter of its light: each
    pixel's noise is as strong as the ink, but the 3x3 average the ink is measured on has a third."""
    from mnist_course.data import read_idx

    images = read_idx(mnist_dir / "t10k-images-idx3-ubyte.gz")[200:210]
    labels = read_idx(mnist_dir / "t10k-labels-idx1-ubyte.gz")[200:210]
    random = np.random.default_rng(5)
    paths, blanks = [], []
    for index, (image, label) in enumerate(zip(images, labels)):
        ink = np.asarray(Image.fromarray(np.pad(image, 14)).resize((224, 224), Image.Resampling.BILINEAR)) / 255
        for digit, folder in ((ink, paths), (0 * ink, blanks)):
            light = 0.16 * (1 - 0.7 * digit) + 0.036 * random.standard_normal(ink.shape)
            picture = Image.fromarray(np.clip(light * 255, 0, 255).astype(np.uint8))
            folder.append(save(picture, tmp_path / f"{index:05d}_{label if folder is paths else 'none'}_dark.png"))
    read = read_set(load_model(cnn_model), paths)
    assert np.mean(np.array(read) == labels.astype(str)) >= 0.8  # 0 before: "the image looks blank"
    for blank in blanks:
        with pytest.raises(CourseError, match="no digit found, the image looks blank"):
            digits.find_digits(blank)


def test_a_digit_too_small_for_its_photo_says_to_crop_closer(cnn_model, mnist_dir, tmp_path):
    """A 12 px digit in a 2000 px photo is a speck once the photo is shrunk to 512 px: the one line
    says so, and the same digit cropped closer is read."""
    from mnist_course.data import read_idx

    image = read_idx(mnist_dir / "t10k-images-idx3-ubyte.gz")[0]
    label = read_idx(mnist_dir / "t10k-labels-idx1-ubyte.gz")[0]
    digit = Image.fromarray(255 - image).resize((12, 12), Image.Resampling.LANCZOS)
    photo = Image.new("L", (2000, 1500), 255)
    photo.paste(digit, (900, 700))
    with pytest.raises(CourseError, match=r"small.png: no digit found.*1/50 of the picture's size is a speck: crop closer"):
        digits.find_readings(save(photo, tmp_path / "small.png"))
    cropped = save(photo.crop((860, 660, 960, 760)), tmp_path / "cropped.png")
    assert read_set(load_model(cnn_model), [cropped]) == [str(label)]


def test_a_zigzag_across_the_page_gives_the_model_a_bounded_number_of_pieces():
    from PIL import ImageDraw

    image = Image.new("L", (512, 200), 255)
    wave = [(5 + step / 2, 100 + 5 * np.sin(step / 2)) for step in range(1004)]  # 80 zigs, 10 px high
    ImageDraw.Draw(image).line(wave, fill=0, width=2)
    readings = digits.find_readings(image)
    assert 1 <= len(reading.candidate_images(readings)) <= digits.MAX_PIECES  # 905 pieces uncapped


def test_a_dithered_1_bit_scan_is_read_as_the_grey_it_stood_for(cnn_model, mnist_dir, tmp_path):
    from mnist_course.data import read_idx

    images = read_idx(mnist_dir / "t10k-images-idx3-ubyte.gz")[100:120]
    labels = read_idx(mnist_dir / "t10k-labels-idx1-ubyte.gz")[100:120]
    paths = []
    for index, (image, label) in enumerate(zip(images, labels)):
        # Grey pencil on grey paper, scanned in 1 bit: Pillow's "1" is Floyd-Steinberg error diffusion.
        grey = 215 - np.pad(image, 10).astype(np.float32) * (215 - 90) / 255
        dpi = 4 if index % 2 == 0 else 8  # every other one larger than the 512 px it is shrunk to
        scan = Image.fromarray(grey.astype(np.uint8)).resize((48 * dpi, 48 * dpi), Image.Resampling.BILINEAR)
        dots = scan.convert("1").resize((48 * dpi * 3, 48 * dpi * 3), Image.Resampling.NEAREST)  # shown 3x larger
        paths.append(save(dots, tmp_path / f"{index:05d}_{label}_dithered.png"))
    gray = digits.read_grayscale(paths[0])
    paper = gray[:40, :40]
    assert Image.open(paths[0]).mode == "1"  # saved as a 1-bit scanner saves it
    assert paper.std() < 0.05 and 0.7 < paper.mean() < 0.95  # the paper's dots are its grey again
    read = read_set(load_model(cnn_model), paths)
    assert np.mean(np.array(read) == labels.astype(str)) >= 0.8  # 20 of 20 (dots as ink: 0, rows of "1"s)
    assert digits.dither_dot_size(Image.open(paths[0])) == 3  # the dots drawn 3x larger
    # A drawing in black and white (a paint program's) has no dots on its paper: nothing to undo.
    drawing = np.full((100, 100), 255, np.uint8)
    drawing[30:70, 45:52] = 0
    assert digits.dither_dot_size(Image.fromarray(drawing)) == 0


def test_a_low_resolution_digit_blown_up_pixel_by_pixel_is_read_from_its_own_pixels(cnn_model, mnist_dir, tmp_path):
    from mnist_course.data import read_idx

    images = read_idx(mnist_dir / "t10k-images-idx3-ubyte.gz")[200:280]
    labels = read_idx(mnist_dir / "t10k-labels-idx1-ubyte.gz")[200:280]
    paths = []
    for index, (image, label) in enumerate(zip(images, labels)):
        # Dark pencil scanned at 10 px with 16 grey levels, then shown larger by repeating each pixel,
        # as a zoomed screenshot or a blown-up scan does (every other one by an uneven factor).
        page = Image.fromarray((255 - 0.8 * np.pad(image, 4)).astype(np.uint8)).resize((10, 10), Image.Resampling.BOX)
        scan = Image.fromarray(np.asarray(page) // 16 * 16 + 8)
        size = (80, 80) if index % 2 == 0 else (67, 75)
        paths.append(save(scan.resize(size, Image.Resampling.NEAREST), tmp_path / f"{index:05d}_{label}_blocky.png"))
    assert digits.read_grayscale(paths[0]).shape == (10, 10)  # its own pixels
    assert digits.clean_ink(paths[0])[0].shape == (digits.GRANULOMETRY_SIZE,) * 2  # its ink enlarged smoothly
    with Image.open(paths[1]) as blocky:
        assert digits._own_pixels(blocky).size == (10, 10)
    # Saved as JPEG it would be found too, but a low-quality JPEG's own 8x8 blocks look the same
    # (a photo of an 8 was squashed 8x across): a lossy format's picture is read as it is.
    jpeg = save(Image.open(paths[0]), tmp_path / "blocky.jpg", quality=95, subsampling=0)
    with Image.open(jpeg) as blocky:
        assert digits._own_pixels(blocky).size == (10, 10)
    assert digits.read_grayscale(jpeg).shape == (80, 80)
    read = read_set(load_model(cnn_model), paths)
    assert np.mean(np.array(read) == labels.astype(str)) >= 0.8  # 84% (72% read from the blown-up pixels)
    # A photo or a drawing changes between neighbouring pixels somewhere: nothing to undo.
    smooth = scan.resize((80, 80), Image.Resampling.BILINEAR)
    assert digits._own_pixels(smooth).size == (80, 80)
    drawing = np.full((100, 100), 255, np.uint8)
    drawing[30:70, 45:52] = 0
    assert digits._own_pixels(Image.fromarray(drawing)).size == (100, 100)


def test_a_small_blank_scrap_of_paper_stays_blank(tmp_path):
    # A small picture's ink is enlarged only after the blank test, which counts the noise at the
    # picture's own pixels (enlarged first, an 8 px scrap of grey paper was read "41").
    rng = np.random.default_rng(8)
    for side in (8, 24, 40):
        paper = np.clip(rng.normal(200, 6, (side, side)), 0, 255).astype(np.uint8)
        path = save(Image.fromarray(paper), tmp_path / f"scrap_{side}.png")
        with pytest.raises(CourseError, match="no digit found, the image looks blank"):
            digits.find_readings(path)


def test_a_zero_in_two_arcs_is_one_digit_and_ten_stays_two(cnn_model, tmp_path):
    from PIL import ImageDraw

    zero = Image.new("L", (300, 300), 255)
    pen = ImageDraw.Draw(zero)
    pen.arc((90, 40, 210, 260), 100, 260, fill=0, width=14)  # the left arc, and the right one:
    pen.arc((90, 40, 210, 260), 280, 80, fill=0, width=14)   # gaps at the top and the bottom
    ten = Image.new("L", (400, 300), 255)
    pen = ImageDraw.Draw(ten)
    pen.line((120, 60, 120, 240), fill=0, width=14)
    pen.ellipse((135, 60, 255, 240), outline=0, width=14)  # 8 px after the 1: close enough to ask
    zero, ten = save(zero, tmp_path / "zero.png"), save(ten, tmp_path / "ten.png")
    # The strokes alone: two marks side by side. The arcs may be one digit (their rows cross 2 strokes);
    # the 1 and the 0 together would cross 3, more than any MNIST digit: two digits, not asked.
    [[apart, together]] = digits.find_readings(zero)
    assert len(apart) == 2 and len(together) == 1
    assert [len(alternative) for choice in digits.find_readings(ten) for alternative in choice] == [1, 1]
    assert read_set(load_model(cnn_model), [zero, ten]) == ["0", "10"]


def test_a_scribble_is_no_digit(tmp_path):
    image = Image.new("L", (300, 300), 255)
    from PIL import ImageDraw
    random = np.random.default_rng(1)
    angles = np.cumsum(random.uniform(0.3, 0.6, 150))
    points = 150 + np.stack([np.cos(angles), np.sin(angles)], axis=1) * random.uniform(30, 80, (150, 1))
    ImageDraw.Draw(image).line([tuple(point) for point in points], fill=0, width=3)
    with pytest.raises(CourseError, match="scribble.png: no digit found, the marks look like a scribble"):
        digits.find_digits(save(image, tmp_path / "scribble.png"))


def test_a_zig_zag_without_a_loop_is_no_digit_but_digits_written_into_each_other_are_read():
    """A word scribbled out with a zig-zag has no loop; its rows cross more strokes than any MNIST
    digit's, even counted per digit of its width. Five 0s written into each other cross fewer."""
    from PIL import ImageDraw
    zig_zag = Image.new("L", (500, 200), 255)
    ImageDraw.Draw(zig_zag).line([(50 + 16 * step, 40 if step % 2 else 160) for step in range(25)], fill=0, width=5)
    [shape] = [digits.black_and_white(ink[box], mask) for ink in [digits.clean_ink(zig_zag)[0]]
               for mask, box in digits.split_digits(ink)]
    assert digits.loops(shape) == 0  # not refused for its loops
    with pytest.raises(CourseError, match="no digit found, the marks look like a scribble"):
        digits.find_readings(zig_zag)
    zeros = Image.new("L", (500, 200), 255)
    for place in range(5):  # each 0 70 px wide, 10 px into the one before
        ImageDraw.Draw(zeros).ellipse((40 + 60 * place, 40, 110 + 60 * place, 160), outline=0, width=6)
    [choice] = digits.find_readings(zeros)  # one mark, offered cut
    assert isinstance(choice, reading.Cuts)


def huge_png(path, width=20000, height=20000):
    """A valid PNG header claiming width x height: tiny on disk, 400 MB if it were decoded."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                     + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b""))
    return path


@pytest.mark.parametrize("size", [(20000, 20000), (10000, 10000)])
def test_huge_image_is_refused_before_decoding(tmp_path, size):
    path = huge_png(tmp_path / "huge.png", *size)
    with pytest.raises(CourseError, match="huge.png: image too large"):
        single_digit(path)


# ---------- a model, a user-style set, and the script ----------

@pytest.fixture(scope="session")
def user_digits(tmp_path_factory, mnist_dir):
    """168 user-style images from MNIST test digits, made by tools/make_user_digits.py: 12 of
    each of its 14 styles, the styles taking turns."""
    folder = tmp_path_factory.mktemp("user_digits")
    result = run_script("tools/make_user_digits.py", folder, "--count", 168, "--seed", 3,
                        "--data-dir", mnist_dir)
    assert result.returncode == 0, result.stderr
    return sorted(folder.iterdir())


def read_set(model, paths):
    """What the course reads in each picture, as MNISTPredict.py does (tools/score_digits.py's
    scoring): a string of digits, or None for "no digit found"."""
    return score_digits.score(paths, model, "course")[0]


def right_by_style(paths, answers):
    """Per style, whether each picture was read right: its label, or "no digit found" for none."""
    right = {}
    for path, answer in zip(paths, answers):
        label = make_user_digits.label_of(path)
        right.setdefault(make_user_digits.style_of(path), []).append(
            answer is None if label == "none" else answer == label)
    return right


def read_held_out(cnn_model, mnist_dir, folder, count, kinds=()):
    """Make `count` pictures of tools/make_heldout_digits.py's kinds (its first family if none are
    given) in `folder` and read them: right_by_style."""
    result = run_script("tools/make_heldout_digits.py", folder, "--count", count, "--seed", 3,
                        *(("--kinds", *kinds) if kinds else ()), "--data-dir", mnist_dir)
    assert result.returncode == 0, result.stderr
    pictures = sorted(folder.iterdir())
    return right_by_style(pictures, read_set(load_model(cnn_model), pictures))


def test_user_style_digits_are_recognized(cnn_model, user_digits):
    model = load_model(cnn_model)
    labels = np.array([make_user_digits.label_of(path) for path in user_digits])
    correct = np.array(read_set(model, user_digits)) == labels
    naive = reading.probabilities(model, [digits.naive_resize(p) for p in user_digits])
    naive_accuracy = (naive.argmax(axis=1).astype(str) == labels).mean()
    styles = np.array([make_user_digits.style_of(path) for path in user_digits])
    by_style = {style: correct[styles == style].mean() for style in make_user_digits.STYLES}
    print(f"user-style accuracy {correct.mean():.1%}, naive resize {naive_accuracy:.1%}, by style",
          {style: f"{accuracy:.0%}" for style, accuracy in by_style.items()})
    assert correct.mean() >= 0.92  # this small, quickly trained model scores about 96%
    assert min(by_style.values()) >= 0.75  # every style, notebook photos too: at most 3 of 12 wrong
    assert naive_accuracy < 0.25  # the claim, and the lesson's point: without preprocessing it fails


@pytest.fixture(scope="session")
def stress_digits(tmp_path_factory, mnist_dir):
    """A floor-checked sample of what the classic styles miss (tools/make_user_digits.py --styles
    stress): 10 each of blur, low resolution, thin pen, marker, faint ink, numbers of 2-6 digits
    (plain, photo, ruled page), and pictures with no digit (blank, lines, scribble)."""
    folder = tmp_path_factory.mktemp("stress_digits")
    result = run_script("tools/make_user_digits.py", folder, "--count", 110, "--seed", 3,
                        "--styles", "stress", "--data-dir", mnist_dir)
    assert result.returncode == 0, result.stderr
    return sorted(folder.iterdir())


def test_blurred_tiny_thin_fat_and_faint_digits_and_whole_numbers_are_read(cnn_model, stress_digits):
    by_style = right_by_style(stress_digits, read_set(load_model(cnn_model), stress_digits))
    shares = {style: np.mean(right) for style, right in by_style.items()}
    print({style: f"{share:.0%}" for style, share in shares.items()})
    for style in make_user_digits.QUALITY_STYLES + make_user_digits.NUMBER_STYLES:
        assert shares[style] >= 0.7, style  # 10 pictures each: at most 3 wrong (a quick model)
    assert shares["blank"] == shares["lines"] == 1  # never a number on an empty page
    assert shares["scribble"] >= 0.8  # 89% of 100 (README 6.2): at most 2 of 10 read as a number


def test_held_out_pictures_made_another_way_are_read(cnn_model, mnist_dir, tmp_path):
    """A sample of tools/make_heldout_digits.py's first family (6 of each of its 11 kinds), which
    the preprocessing was not tuned on: other writers (UCI), another blur, noise, shadows, ..."""
    right = read_held_out(cnn_model, mnist_dir, tmp_path, 66)
    shares = {kind: np.mean(values) for kind, values in right.items()}
    print({kind: f"{share:.0%}" for kind, share in shares.items()})
    assert np.mean([answer for values in right.values() for answer in values]) >= 0.75  # 92% of 1,100
    assert min(shares["shadow"], shares["number_shadow"]) >= 0.5  # a hand's shadow is paper, not ink


@pytest.mark.parametrize("family", ["ninth", "tenth", "eleventh", "twelfth"])
def test_the_later_held_out_families_make_each_kind_labelled_by_its_name(family, mnist_dir, tmp_path):
    import make_heldout_digits

    result = run_script("tools/make_heldout_digits.py", tmp_path, "--count", 10, "--seed", 3,
                        "--kinds", family, "--data-dir", mnist_dir)
    assert result.returncode == 0, result.stderr
    pictures = sorted(tmp_path.iterdir())
    assert [make_user_digits.style_of(path) for path in pictures] == list(make_heldout_digits.KIND_SETS[family])
    for path in pictures:
        label, kind = make_user_digits.label_of(path), make_user_digits.style_of(path)
        if kind.startswith("none"):
            assert label == "none"
        else:
            assert label.isdigit() and (2 <= len(label) <= 5 if kind.startswith("number") else len(label) == 1)
        with Image.open(path) as image:
            assert image.mode == "RGB" and max(image.size) <= 1200


def test_a_page_photographed_with_a_desk_or_a_frame_around_it_is_read(cnn_model, mnist_dir, tmp_path):
    """A sample of the held-out kinds where the photo shows more than the page: an index card and a
    torn scrap on a desk (with a thumb), a sticky note on a desk, a laptop's screen in its frame."""
    right = read_held_out(cnn_model, mnist_dir, tmp_path, 24, ("index_card", "torn_scrap", "sticky_note", "screen"))
    print({kind: f"{np.mean(values):.0%}" for kind, values in right.items()})
    assert np.mean([answer for values in right.values() for answer in values]) >= 0.75  # 95-100% of 82-100 each; before the page was found: 17-88%


def test_a_page_on_a_darker_ground_a_bordered_pad_and_a_zig_zag_are_read(cnn_model, mnist_dir, tmp_path):
    """A sample of held-out kinds this round mended: a fisheye's bright rim and faint pencil under a
    flash (the page lighter than its surround: the ink is still dark), coloured pencil on a pad with a
    printed border (a frame), and words scribbled out with a zig-zag (no digit)."""
    kinds = ("fisheye", "pencil_backlit", "colored_pencil", "none_scribble")
    right = read_held_out(cnn_model, mnist_dir, tmp_path, 48, kinds)
    print({kind: f"{np.mean(values):.0%}" for kind, values in right.items()})
    # With the full CNN on 60-75 each: 97%, 93%, 92% and 65% "no digit found" (72%, 78%, 69%, 7% before
    # this round's steps 2, 5 and 6). Here 12 each, the quick model: 89% of the digits (72% before), 75%.
    assert np.mean([answer for kind in kinds[:3] for answer in right[kind]]) >= 0.8
    assert np.mean(right["none_scribble"]) >= 0.5


def test_every_kind_of_image_file_gets_an_answer_and_bad_ones_one_line(cnn_model, user_digits,
                                                                       tmp_path):
    good = [user_digits[index] for index in range(len(make_user_digits.STYLES))]  # one of each style
    missing = tmp_path / "missing.png"
    not_image = tmp_path / "notes.png"
    not_image.write_text("this is not an image\n")
    blank = save(stroke_image(box=(0, 0, 0, 0)), tmp_path / "blank.jpg")
    huge = huge_png(tmp_path / "huge.png")
    truncated = tmp_path / "truncated.png"
    truncated.write_bytes(good[0].read_bytes()[:200])
    pipe = tmp_path / "pipe.png"
    os.mkfifo(pipe)  # opening a named pipe for reading waits until someone writes to it
    folder = tmp_path / "folder.png"
    folder.mkdir()
    ruled = notebook_photo(tmp_path / "ruled.jpg", lines=("ruled",))  # only the page's lines
    margin = notebook_photo(tmp_path / "margin.jpg", lines=("margin",))
    bad = [missing, not_image, blank, huge, truncated, pipe, folder, ruled, margin]
    shown = tmp_path / "shown"

    try:
        result = run_script("MNISTPredict.py", good[0], *bad, *good[1:], "--model", cnn_model,
                            "--verbose", "--save-preprocessed", shown, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail("MNISTPredict.py waited forever on a named pipe")

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    answers = [line for line in result.stdout.splitlines() if not line.startswith(("?", " "))]
    assert len(answers) == len(good), result.stdout
    for path, line in zip(good, answers):
        assert line.startswith(f"{path}: ") and "%)" in line and "top 3:" in line
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == len(bad) + 1  # one per bad image, then the summary
    for path, line in zip(bad, errors):
        assert str(path) in line
    assert "no such file" in errors[0] and "not an image" in errors[1]
    assert "no digit found" in errors[2] and "too large" in errors[3] and "truncated" in errors[4]
    assert errors[5:7] == [f"error: {pipe}: not a regular file (a named pipe)",
                           f"error: {folder}: not a regular file (a folder)"]
    assert "no digit found" in errors[7] and "no digit found" in errors[8]
    saved = sorted(shown.iterdir())
    assert len(saved) == len(good)
    with Image.open(saved[0]) as image:
        assert image.size == (28, 28) and image.mode == "L"


def test_missing_default_model_says_to_train_first(tmp_path, user_digits):
    result = run_script("MNISTPredict.py", user_digits[0], cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "error: output/mnist_cnn.h5: model file not found (train it first: python MNISTCNN.py)"]


def test_file_that_is_not_a_model(tmp_path, user_digits):
    fake = tmp_path / "fake.h5"
    fake.write_text("not a model\n")
    result = run_script("MNISTPredict.py", user_digits[0], "--model", fake)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {fake}: not a Keras model")


def test_model_input_shapes(tmp_path, cnn_model):
    from mnist_course import cli

    keras = cli.import_keras()
    # A softmax (dense) model takes 784 numbers: the same image, flattened.
    dense = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10, activation="softmax")])
    dense.save(tmp_path / "softmax.h5")
    probabilities = reading.probabilities(load_model(tmp_path / "softmax.h5"),
                                          np.zeros((2, 28, 28), np.float32))
    assert probabilities.shape == (2, 10)
    # A model for 32x32 color images does not fit.
    color = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Flatten(),
                              keras.layers.Dense(10, activation="softmax")])
    color.save(tmp_path / "color.h5")
    with pytest.raises(CourseError, match=r"color.h5: model input shape \(32, 32, 3\) does not fit"):
        load_model(tmp_path / "color.h5")


def test_model_with_code_inside_is_not_run(tmp_path):
    from mnist_course import cli

    keras = cli.import_keras()
    marker = tmp_path / "code_ran"
    sneaky = keras.Sequential([keras.Input((784,)), keras.layers.Lambda(
        lambda x, marker=str(marker): (open(marker, "w").close(), x)[1]),
        keras.layers.Dense(10, activation="softmax")])
    sneaky.save(tmp_path / "sneaky.h5")
    marker.unlink(missing_ok=True)  # saving traced the lambda once
    with pytest.raises(CourseError, match="sneaky.h5: not a Keras model we can load safely"):
        load_model(tmp_path / "sneaky.h5")
    assert not marker.exists()


def test_model_files_are_judged_by_their_content(tmp_path):
    from mnist_course import cli

    keras = cli.import_keras()
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10, activation="softmax")])
    model.save(tmp_path / "zip.keras")
    model.save(tmp_path / "hdf5.h5")
    for genuine in (tmp_path / "zip.keras", tmp_path / "hdf5.h5"):
        load_model(genuine)
    text = tmp_path / "notes.keras"
    text.write_text("not a model\n")
    zip_as_h5 = (tmp_path / "zip.keras").rename(tmp_path / "zip.h5")
    hdf5_as_keras = (tmp_path / "hdf5.h5").rename(tmp_path / "hdf5.keras")
    cases = {
        text: "not a Keras model file (neither a .keras zip archive nor an HDF5 file)",
        zip_as_h5: "a .keras (zip) model file named .h5; rename it to end in .keras",
        hdf5_as_keras: "an HDF5 (.h5) model file named .keras; rename it to end in .h5",
    }
    for path, problem in cases.items():
        with pytest.raises(CourseError) as caught:
            load_model(path)
        assert str(caught.value) == f"{path}: {problem}"


def test_a_model_trained_in_bfloat16_is_read_in_float32_with_its_own_weights(tmp_path):
    import json

    import h5py
    from mnist_course import cli

    keras = cli.import_keras()

    def cnn(dtype):
        keras.utils.set_random_seed(3)
        return keras.Sequential([
            keras.Input((28, 28, 1)),
            keras.layers.Conv2D(4, 3, activation="relu", dtype=dtype, name="conv"),
            keras.layers.MaxPooling2D(dtype=dtype, name="pool"),
            keras.layers.Flatten(dtype=dtype),
            keras.layers.Dense(10, activation="softmax", dtype="float32", name="out")])

    cnn("mixed_bfloat16").save(tmp_path / "bf16.h5")  # as MNISTCNN.py saves it on a bfloat16 CPU
    with h5py.File(tmp_path / "bf16.h5") as saved:
        layers = json.loads(saved.attrs["model_config"])["config"]["layers"]
    assert any("mixed_bfloat16" in json.dumps(layer["config"].get("dtype")) for layer in layers)
    loaded = load_model(tmp_path / "bf16.h5")
    assert {layer.dtype_policy.compute_dtype for layer in loaded.layers} == {"float32"}
    assert [layer.name for layer in loaded.layers][:2] == ["conv", "pool"]  # the drawing page names them
    # Only float32 sums are run (a CPU without bfloat16 may not run the saved model at all): the
    # same network built in float32 with the same weights gives the same answers.
    same = cnn("float32")
    same.set_weights(loaded.get_weights())
    images = np.random.default_rng(0).random((20, 28, 28, 1), dtype=np.float32)
    np.testing.assert_allclose(loaded.predict_on_batch(images), same.predict_on_batch(images), atol=1e-6)
    float32 = tmp_path / "float32.h5"
    same.save(float32)
    assert all(layer.dtype_policy.name == "float32" for layer in load_model(float32).layers)
    # A model inside a model is made float32 too; a quantized one (int8 weights) is read as saved.
    inputs = keras.Input((28, 28, 1))
    nested = keras.Model(inputs, cnn("mixed_bfloat16")(inputs))
    nested.save(tmp_path / "nested.keras")
    inner = load_model(tmp_path / "nested.keras").layers[-1]
    assert {layer.dtype_policy.compute_dtype for layer in inner.layers} == {"float32"}
    quantized = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(),
                                  keras.layers.Dense(16, dtype="mixed_bfloat16"),
                                  keras.layers.Dense(10, activation="softmax", dtype="float32")])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Layer Flatten does not have a quantize method": only Dense has
        quantized.quantize("int8")
    quantized.save(tmp_path / "int8.keras")
    reader = load_model(tmp_path / "int8.keras")
    assert "int8_from_mixed_bfloat16" in {layer.dtype_policy.name for layer in reader.layers}
    assert reader.predict_on_batch(images).shape == (20, 10)


def test_model_that_is_not_a_regular_file(tmp_path):
    pipe = tmp_path / "model.h5"
    os.mkfifo(pipe)
    with pytest.raises(CourseError) as caught:
        load_model(pipe)
    assert str(caught.value) == f"{pipe}: not a regular file (a named pipe)"
    with pytest.raises(CourseError) as caught:
        load_model(tmp_path)
    assert str(caught.value) == f"{tmp_path}: not a regular file (a folder)"


def test_a_number_gets_one_line_with_each_digit_and_one_28x28_per_digit(cnn_model, stress_digits, tmp_path):
    numbers = [path for path in stress_digits if make_user_digits.style_of(path) == "number_pen"][:3]
    shown = tmp_path / "shown"
    result = run_script("MNISTPredict.py", *numbers, "--model", cnn_model, "--save-preprocessed", shown)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if not line.startswith("?")]
    assert len(lines) == len(numbers)
    for path, line in zip(numbers, lines):
        match = re.fullmatch(rf"{re.escape(str(path))}: (\d+) \(((?:\d\?? \d+\.\d%(?:, )?)+)\)", line)
        assert match, line
        read, each = match.groups()
        assert [part[0] for part in each.split(", ")] == list(read)  # the digits, in order
        saved = sorted(shown.glob(f"{path.stem}_*_28x28.png"))
        assert len(saved) == len(read) >= 2


def test_a_digit_the_model_is_unsure_of_is_marked_not_hidden():
    sure, unsure = np.eye(10, dtype=np.float32)[[2]], np.full((1, 10), 0.02, np.float32)
    unsure[0, 6] = 0.55
    assert reading.answer_line("one.png", sure) == "one.png: 2 (100.0%)"
    assert reading.answer_line("one.png", unsure) == "one.png: 6? (55.0%)"
    assert reading.answer_line("two.png", np.concatenate([sure, unsure])) == "two.png: 26 (2 100.0%, 6? 55.0%)"
    verbose = reading.answer_line("two.png", np.concatenate([sure, unsure]), verbose=True).splitlines()
    assert verbose[1].startswith("    digit 1 2: top 3: 2 100.0%, ") and verbose[1].count("%") == 3
    assert verbose[2].startswith("    digit 2 6?: top 3: 6 55.0%, ") and verbose[2].endswith("2.0%")


# ---------- hostile files (issue 19) ----------

def png_with_huge_text(path):
    """A digit's PNG whose zTXt text chunk unpacks to 2 MB, past Pillow's MAX_TEXT_CHUNK: a 3 KB file."""
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "A" * 2_000_000, zip=True)
    return save(stroke_image(), path, pnginfo=text)


def test_png_with_oversized_metadata_is_one_line_and_the_other_images_are_answered(tmp_path):
    model = tiny_model(tmp_path / "tiny.h5")
    hostile = png_with_huge_text(tmp_path / "text_bomb.png")
    good = save(stroke_image(), tmp_path / "good.png")
    result = run_script("MNISTPredict.py", hostile, good, "--model", model)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: {hostile}: its PNG metadata (a text or color profile chunk) unpacks to over 1 MB, "
        f"too much to read; save the picture again without it",
        "error: 1 problem(s) with 2 image(s), see above"]
    assert len(result.stdout.splitlines()) == 1 and result.stdout.startswith(f"{good}: ")


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("where", ["everywhere", "one pixel beside a digit"])
def test_a_float_tiff_with_pixels_that_are_not_numbers_is_one_line(tmp_path, value, where):
    pixels = np.asarray(stroke_image(), dtype=np.float32)  # a digit-like stroke, 0..255
    if where == "everywhere":
        pixels[:] = value
    else:
        pixels[0, 0] = value
    path = save(Image.fromarray(pixels, mode="F"), tmp_path / "scan.tiff")
    with pytest.raises(CourseError) as caught, warnings.catch_warnings():
        warnings.simplefilter("error")  # the one line only: no NumPy warning printed before it
        digits.find_digits(path)
    assert str(caught.value) == f"{path}: has pixels that are not numbers (NaN or infinity), so no digit can be read"


@pytest.mark.parametrize("weight, problem", [
    (np.nan, "its weights include NaN or infinite numbers (training went wrong); train it again"),
    # Finite weights whose answer overflows: every output is infinite, and softmax makes them NaN.
    (1e38, "the model answers with numbers that are not probabilities (NaN or infinity); train it again")])
def test_a_model_that_answers_nan_is_one_line_naming_it(tmp_path, weight, problem):
    model = tiny_model(tmp_path / "diverged.h5", weight)
    image = save(stroke_image(), tmp_path / "seven.png")
    result = run_script("MNISTPredict.py", image, "--model", model)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == f"error: {model}: {problem}\n"


def keras_file_unpacking_to(model, path, mebibytes):
    """The model as a .keras file whose config.json is padded with spaces (still valid JSON) to unpack
    to that many MiB more: 1.5 GiB make a 1.6 MB file, as a decompression bomb does. Each MiB of spaces is
    deflated once: after a full flush the next MiB would be the very same bytes."""
    import zipfile
    import zlib

    mebibyte = b" " * 2**20
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated_mebibyte = deflater.compress(mebibyte) + deflater.flush(zlib.Z_FULL_FLUSH)

    class Deflater:  # zlib's deflate, but each MiB of spaces from the one computed above
        def __init__(self):
            self.stream = zlib.compressobj(9, zlib.DEFLATED, -15)

        def compress(self, data):
            if data == mebibyte:
                return self.stream.flush(zlib.Z_FULL_FLUSH) + deflated_mebibyte
            return self.stream.compress(data)

        def flush(self):
            return self.stream.flush()

    model.save(path.with_suffix(".plain.keras"))
    with zipfile.ZipFile(path.with_suffix(".plain.keras")) as plain, zipfile.ZipFile(path, "w") as bomb:
        for entry in plain.infolist():
            if entry.filename != "config.json":
                bomb.writestr(entry, plain.read(entry))
                continue
            config = plain.read(entry)
            with bomb.open(zipfile.ZipInfo("config.json"), "w") as member:
                member._compressor = Deflater()  # zipfile's own (private) compressor, replaced
                member._zinfo.compress_type = zipfile.ZIP_DEFLATED
                member.write(config[:-1])
                for _ in range(mebibytes):
                    member.write(mebibyte)
                member.write(config[-1:])
    return path


def test_a_keras_file_that_unpacks_to_gigabytes_is_refused_at_once(tmp_path):
    import time
    import tracemalloc

    from mnist_course import cli, models

    keras = cli.import_keras()
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10, activation="softmax")])
    bomb = keras_file_unpacking_to(model, tmp_path / "bomb.keras", 1536)  # 1.5 GiB
    assert bomb.stat().st_size < 2_000_000
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(CourseError) as caught:
            models.load_model(bomb)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(caught.value).startswith(f"{bomb}: its config.json unpacks to 1,610,61")
    assert str(caught.value).endswith("more than a model's description needs (10,000,000); not loaded")
    assert seconds < 1 and peak < 10_000_000  # before any entry is read (the issue: 29 s, 3.8 GB)


@pytest.mark.parametrize("case", ["deflated 1,000-fold", "LZMA", "more than the total"])
def test_a_keras_file_whose_weights_unpack_too_far_is_refused(tmp_path, monkeypatch, case):
    import zipfile

    from mnist_course import models

    path = tmp_path / "model.keras"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("metadata.json", "{}")
        archive.writestr("config.json", "{}")
        if case == "deflated 1,000-fold":
            archive.writestr("model.weights.h5", bytes(20_000_000), zipfile.ZIP_DEFLATED)
        elif case == "LZMA":
            archive.writestr("model.weights.h5", bytes(1000), zipfile.ZIP_LZMA)
        else:
            archive.writestr("model.weights.h5", bytes(2000))
            monkeypatch.setattr(models, "MAX_MODEL_BYTES", 2000)
    with pytest.raises(CourseError) as caught:
        models.load_model(path)
    compressed = zipfile.ZipFile(path).getinfo("model.weights.h5").compress_size
    assert str(caught.value) == f"{path}: " + {
        "deflated 1,000-fold": f"its model.weights.h5 unpacks to 20,000,000 bytes from {compressed:,}, "
                               f"as a decompression bomb does; not loaded",
        "LZMA": "its model.weights.h5 is packed with compression method 14; Keras stores entries "
                "unpacked (or deflated)",
        "more than the total": "unpacks to 2,004 bytes, more than 2,000; not a model for 28x28 digits",
    }[case]


def test_file_names_with_a_newline_or_an_escape_are_printed_quoted(tmp_path):
    model = tiny_model(tmp_path / "tiny.h5")
    hostile = tmp_path / "notes\n\x1b[31mred.png"  # a newline, then the ESC sequence for red text
    hostile.write_text("not an image\n")
    good = save(stroke_image(), tmp_path / "seven\x1b]0;title\x07.png")  # sets the terminal's title
    result = run_script("MNISTPredict.py", hostile, good, "--model", model)
    assert "\x1b" not in result.stdout + result.stderr
    assert result.stderr.splitlines() == [
        f"error: {tmp_path}/notes$'\\n\\x1b''[31mred.png': not an image Pillow can read (PNG, JPEG, BMP, GIF, ...)",
        "error: 1 problem(s) with 2 image(s), see above"]
    assert len(result.stdout.splitlines()) == 1
    assert result.stdout.startswith(f"{tmp_path}/seven$'\\x1b'']0;title'$'\\x07'.png: ")
