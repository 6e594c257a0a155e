"""A held-out evaluation set, made another way than tools/make_user_digits.py, to check the course's
preprocessing was not tuned to its own generator.

另一种方法做出的评测集（不是 make_user_digits.py 的风格）：别人写的数字（UCI 手写数字，8x8、16 级灰度，
由 43 位书写者所写，scikit-learn 自带），以及 MNIST 测试集数字经过另一些退化：散焦（圆盘模糊）、
运动模糊、椒盐噪声、硬阴影、透视、马赛克、极低质量 JPEG；还有由它们组成的多位数。

第二组（--kinds second）又是另一种做法，与以上两个工具都不同：弱光高 ISO、反光过曝、揉皱的纸、
印刷网点、断续的圆珠笔、倾斜、白板、便利贴，以及沿骨架用圆头笔重画的数字和大小不一的多位数。

Run:    python tools/make_heldout_digits.py output/heldout --count 1500
        --kinds second: the second family (below); or some kinds by name; the kinds take turns
Score:  python tools/score_digits.py output/heldout --model output/mnist_cnn.h5
Kinds:  first (the default): uci (one UCI digit, upscaled), uci_number (2-6 UCI digits), defocus,
        motion, salt_pepper, shadow, perspective, pixelated, jpeg10 (MNIST test digits),
        number_defocus, number_shadow.
        second: low_light, glare, crumpled, halftone, skipping_pen, slant, whiteboard, sticky_note,
        round_pen, uci_round_pen, number_scales, number_sticky_note (see _capture).
"""
import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw
from scipy import ndimage
from skimage import draw, morphology, transform

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
    parser.add_argument("--kinds", nargs="+", choices=(*KIND_SETS, *KINDS, *SECOND_KINDS), default=["first"],
                        metavar="KIND", help=f"kinds, or a family of them: first (default: {', '.join(KINDS)}) "
                                             f"or second ({', '.join(SECOND_KINDS)}); they take turns")
    parser.add_argument("--data-dir", help="MNIST folder (default: $MNIST_DATA_DIR, then Data/)")
    args = parser.parse_args()
    kinds = [kind for name in args.kinds for kind in KIND_SETS.get(name, (name,))]
    from sklearn.datasets import load_digits  # bundled with scikit-learn: no download
    uci = load_digits()
    _, (mnist_images, mnist_labels) = load_mnist(args.data_dir)
    args.output_dir.mkdir(parents=True, exist_ok=True)
    for number in range(args.count):
        kind = kinds[number % len(kinds)]
        random = np.random.default_rng([args.seed, number])
        source = (uci.images / 16, uci.target) if kind.startswith("uci") else (mnist_images / 255, mnist_labels)
        if kind in SECOND_KINDS:
            image, extension, options, label = _second(kind, source, random)
        else:
            count = int(random.integers(2, 7)) if "number" in kind else 1
            chosen = random.integers(len(source[0]), size=count)
            ink = _write(source[0][chosen], random, low_res=kind.startswith("uci"))
            image, extension = _degrade(ink, kind, random)
            label = "".join(str(source[1][index]) for index in chosen)
            options = {"quality": int(random.integers(5, 13))} if kind == "jpeg10" else {}
        path = args.output_dir / f"{number:05d}_{label}_{kind}.{extension}"
        with replacing(path) as temporary:
            image.save(temporary, format="JPEG" if extension == "jpg" else "PNG", **options)
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
        warp = transform.ProjectiveTransform.from_estimate(corners, moved)
        if not warp:  # from_estimate returns a false FailedEstimation instead of raising
            raise RuntimeError(f"perspective: {warp}")
        values = transform.warp(values, warp, mode="edge")
    if kind == "pixelated":  # shown at 1/4-1/8 size, enlarged again with nearest neighbours
        factor = int(random.integers(4, 9))
        small = values[::factor, ::factor]
        values = np.kron(small, np.ones((factor, factor)))
    values = values + random.normal(0, 0.01, values.shape)
    image = Image.fromarray(np.round(np.clip(values, 0, 1) * 255).astype(np.uint8), mode="L")
    return image, "jpg" if kind == "jpeg10" else "png"


# The second family: degradations neither this tool's first family nor make_user_digits.py uses,
# so that a measure on it was not tuned on it. Each draws its own ink (pen redrawn along the
# skeleton, slant) and its own capture (photons, glare, crumples, print, notes on a desk).
SECOND_KINDS = ("low_light", "glare", "crumpled", "halftone", "skipping_pen", "slant", "whiteboard",
                "sticky_note", "round_pen", "uci_round_pen", "number_scales", "number_sticky_note")
KIND_SETS = {"first": KINDS, "second": SECOND_KINDS}
_PENS = {"round_pen": (0.05, 0.13), "uci_round_pen": (0.06, 0.12), "skipping_pen": (0.035, 0.06),
         "whiteboard": (0.08, 0.13)}  # pen width / digit height


def _second(kind, source, random):
    """One picture of a second-family kind: (PIL image, extension, save options, label)."""
    count = int(random.integers(2, 7)) if kind.startswith("number") else 1
    chosen = random.integers(len(source[0]), size=count)
    height = int(random.integers(50, 131))
    sizes = np.full(count, height)
    if kind == "number_scales":  # one number, digits 1-1.5x apart in height (written small, then big)
        sizes = height * random.uniform(1, 1.5, count)
        sizes[random.permutation(count)[:2]] = height * np.array([1, random.uniform(1.3, 1.5)])
    pen = height * random.uniform(*_PENS[kind]) if kind in _PENS else None
    pieces = []
    for place, size in enumerate(sizes):
        while (piece := _pen_ink(source[0][chosen[place]], int(size), pen)) is None:
            chosen[place] = random.integers(len(source[0]))  # no pen path through this one: another
        pieces.append(piece)
    if kind == "slant":
        pieces = [_slant(piece, random) for piece in pieces]
    ink = _line_up(pieces, random)
    image, extension, options = _capture(ink, kind, random)
    return image, extension, options, "".join(str(source[1][index]) for index in chosen)


def _pen_ink(image, height, pen=None):
    """A digit (0..1, light on dark) as ink `height` px tall (1 = ink); with pen, its skeleton
    redrawn by a round pen that many px wide, so the stroke is continuous and even."""
    rows, columns = np.nonzero(image > 0.1)
    image = image[rows.min():rows.max() + 1, columns.min():columns.max() + 1]
    if pen is None:
        return np.clip(ndimage.zoom(image, height / image.shape[0], order=3), 0, 1)
    smooth = ndimage.gaussian_filter(ndimage.zoom(image, 80 / image.shape[0], order=3), 1)
    skeleton = morphology.skeletonize(smooth > 0.5)
    # None for a blob (ink over 28% of the height thick: its skeleton is no pen path) or where
    # the pen would break a stroke (more pieces than the faint ink has): unreadable when redrawn
    parts = [ndimage.label(ink, np.ones((3, 3)))[1] for ink in (skeleton, smooth > 0.1)]
    if (smooth > 0.5).sum() > 0.28 * 80 * skeleton.sum() or parts[0] > parts[1]:
        return None
    loops = _loops(smooth > 0.7, 10)  # loops of the ink core, even if its edge filled them
    spine_rows, spine_columns = np.nonzero(skeleton)
    scale = 2 * height / 80  # drawn at twice the size, then halved: smooth edges
    radius, pad = max(1.0, pen), int(pen) + 2
    picture = Image.new("L", tuple(int(side * scale) + 4 * pad for side in smooth.shape[::-1]))
    pencil = ImageDraw.Draw(picture)
    spine = set(zip(spine_rows, spine_columns))
    for row, column in spine:
        y, x = row * scale + 2 * pad, column * scale + 2 * pad
        pencil.ellipse((x - radius, y - radius, x + radius, y + radius), fill=255)
        for down, right in ((0, 1), (1, -1), (1, 0), (1, 1)):  # join to the neighbours: no beads
            if (row + down, column + right) in spine:
                pencil.line((x, y, x + right * scale, y + down * scale), fill=255, width=int(2 * radius))
    picture = picture.resize((picture.width // 2, picture.height // 2), Image.Resampling.BOX)
    ink = np.asarray(picture, np.float32) / 255
    if _loops(ink > 0.5, 2) < loops:  # a wide pen filled a small loop (an 8 became a P)
        return None
    rows, columns = np.nonzero(ink > 0.05)
    return ink[rows.min():rows.max() + 1, columns.min():columns.max() + 1]


def _loops(ink, least):
    """How many closed loops (holes of at least `least` px) the ink has."""
    holes, _ = ndimage.label(~np.pad(ink, 1))
    return int(np.sum(np.bincount(holes.ravel())[2:] >= least))  # 1 is the outside


def _slant(ink, random):
    """A writer who slants (italic shear of 10-20 degrees) or turns the whole digit 8-20 degrees."""
    if random.random() < 0.5:
        turn = random.choice([-1, 1]) * random.uniform(8, 20)
        return np.clip(transform.rotate(ink, turn, resize=True), 0, 1)
    lean = np.tan(np.radians(random.uniform(10, 20))) * random.choice([-1, 1])
    height, width = ink.shape
    wide = width + int(abs(lean) * height) + 2
    # output (row, column) reads input (row, column - lean * (height - row) - shift): the top leans
    shift = 0 if lean > 0 else -lean * height
    ink = ndimage.affine_transform(ink, [[1, 0], [lean, 1]], offset=(0, -lean * height - shift),
                                   output_shape=(height, wide), order=1)
    columns = np.nonzero(ink.max(axis=0) > 0.05)[0]
    return np.clip(ink[:, columns.min():columns.max() + 1], 0, 1)


def _line_up(pieces, random):
    """The digits left to right on one baseline (give or take 8%), never touching: each gap is
    15-45% of the taller neighbour (touching digits are a documented limitation); half a digit
    of margin around."""
    height = max(piece.shape[0] for piece in pieces)
    gaps = [int(max(a.shape[0], b.shape[0]) * random.uniform(0.15, 0.45)) for a, b in zip(pieces, pieces[1:])]
    margin = height // 2
    canvas = np.zeros((height + height // 10 + 2 * margin,
                       sum(piece.shape[1] for piece in pieces) + sum(gaps) + 2 * margin), np.float32)
    left = margin
    for piece, gap in zip(pieces, [0, *gaps]):
        left += gap
        bottom = margin + height + int(random.integers(0, height // 12 + 1))
        canvas[bottom - piece.shape[0]:bottom, left:left + piece.shape[1]] = piece
        left += piece.shape[1]
    return canvas


def _capture(ink, kind, random):
    """The ink (1 = ink) on its surface, captured as `kind` says: (PIL image, extension, options)."""
    shape = ink.shape
    rows, columns = np.indices(shape, dtype=np.float32)
    photo = {"quality": int(random.integers(75, 93))}
    if kind == "low_light":  # high ISO in a dim room: few photons a pixel, blotchy colour noise, dark
        scene = np.array([1, random.uniform(0.8, 0.95), random.uniform(0.55, 0.8)]) * (
            1 - random.uniform(0.75, 0.9) * ink[..., None])  # under a warm lamp
        photons = random.uniform(10, 40)  # at white paper: the shot noise is 1/sqrt of that
        values = random.poisson(scene * photons) / photons * random.uniform(0.3, 0.5)
        blotches = ndimage.gaussian_filter(random.normal(0, 1, scene.shape), (2.5, 2.5, 0))
        values += blotches / blotches.std() * random.uniform(0.02, 0.05) + random.normal(0, 0.02, scene.shape)
        return _rgb(values), "jpg", photo
    if kind == "glare":  # a lamp mirrored in glossy paper: a bright spot over-exposes part of the ink
        ink_rows, ink_columns = np.nonzero(ink > 0.5)
        spot = int(random.integers(len(ink_rows)))
        reach = np.ptp(ink_rows) * random.uniform(0.25, 0.5) * random.uniform(0.8, 1.25, 2)  # px, down and across
        light = np.exp(-((rows - ink_rows[spot]) / reach[0]) ** 2 / 2
                       - ((columns - ink_columns[spot]) / reach[1]) ** 2 / 2)
        ink = np.clip(1.6 * ink, 0, 1)  # a felt pen: solid strokes, not faint scanned edges
        paper, pen, gain = random.uniform(0.75, 0.9), random.uniform(0.05, 0.15), random.uniform(0.3, 0.9)
        mirror = random.uniform(0.1, 0.6 - pen * (1 + gain))  # the core of a stroke stays darker than 0.6
        values = (paper + (pen - paper) * ink) * (1 + gain * light) + mirror * light
        values = ndimage.gaussian_filter(values, 0.8)[..., None] * (1, 0.98, random.uniform(0.88, 0.96))
        return _rgb(values + random.normal(0, 0.015, values.shape)), "jpg", photo
    if kind == "crumpled":  # crumpled, smoothed out again, lit from one side: facets and soft creases
        surface = np.zeros(shape, np.float32)
        for size, depth in ((0.12, 1.0), (0.06, 0.5), (0.03, 0.25)):  # folds within folds
            bumps = ndimage.gaussian_filter(random.normal(0, 1, shape), max(shape) * size)
            surface += depth * max(shape) * size * np.abs(bumps / bumps.std())  # |.|: a crease where it is 0
        surface = ndimage.gaussian_filter(surface, max(shape) * random.uniform(0.004, 0.01))  # soft creases
        slope_rows, slope_columns = np.gradient(surface * random.uniform(0.08, 0.18))
        angle, elevation = random.uniform(0, 2 * np.pi), np.radians(random.uniform(35, 60))
        sun = np.array([np.cos(elevation) * np.sin(angle), np.cos(elevation) * np.cos(angle), np.sin(elevation)])
        shade = sun[2] - sun[0] * slope_columns - sun[1] * slope_rows  # Lambert: the light on the facet
        shade = shade / np.hypot(1, np.hypot(slope_rows, slope_columns))
        shade = np.clip(shade / sun[2], 0.55, 1.15)  # flat paper: 1
        # the paper's wrinkles moved the writing a pixel or two
        moved = [ndimage.gaussian_filter(random.normal(0, 1, shape), max(shape) * 0.04) for _ in range(2)]
        moved = [move / move.std() * max(shape) * 0.006 for move in moved]
        ink = ndimage.map_coordinates(ink, [rows + moved[0], columns + moved[1]], order=1)
        values = (random.uniform(0.8, 0.95) * shade * (1 - random.uniform(0.75, 0.9) * ink))[..., None]
        values = values * (1, random.uniform(0.96, 1), random.uniform(0.88, 0.97))
        return _rgb(values + random.normal(0, 0.012, values.shape)), "jpg", photo
    if kind == "halftone":  # written on a magazine photo: cyan, magenta, yellow dots on turned screens
        rgb = np.ones(shape + (3,), np.float32)
        period = random.uniform(4, 8)
        for channel, angle in zip(range(3), np.radians(np.array([15, 75, 0]) + random.uniform(0, 90))):
            tone = ndimage.gaussian_filter(random.normal(0, 1, shape), max(shape) * 0.12)
            tone = random.uniform(0.04, 0.12) + (tone - tone.min()) / np.ptp(tone) * random.uniform(0.1, 0.25)
            across = (np.cos(angle) * columns + np.sin(angle) * rows) / period
            along = (np.cos(angle) * rows - np.sin(angle) * columns) / period
            centre = np.hypot(across - np.round(across), along - np.round(along))
            dot = np.clip((np.sqrt(tone / np.pi) - centre) * period + 0.5, 0, 1)
            rgb[..., channel] *= 1 - 0.85 * dot  # cyan ink takes away red, magenta green, yellow blue
        pen = np.array([(0.08, 0.08, 0.1), (0.1, 0.12, 0.45)][random.integers(2)])
        rgb = rgb * (1 - ink[..., None]) + pen * ink[..., None]
        rgb = ndimage.gaussian_filter(rgb, (0.6, 0.6, 0)) * random.uniform(0.85, 1)
        return _rgb(rgb + random.normal(0, 0.012, rgb.shape)), "jpg", photo
    if kind == "skipping_pen":  # a ballpoint running dry: the ink fades and returns along the stroke
        flow = ndimage.gaussian_filter(random.normal(0, 1, shape), shape[0] * random.uniform(0.04, 0.08))
        faint = random.uniform(0.25, 0.45)
        flow = faint + (1 - faint) * (flow - flow.min()) / np.ptp(flow)
        grain = 0.8 + 0.2 * ndimage.gaussian_filter(random.random(shape), 0.8) / 0.5
        amount = np.clip(ink * flow * grain * random.uniform(0.85, 1), 0, 1)[..., None]
        pen = np.array([(0.1, 0.1, 0.12), (0.1, 0.15, 0.55)][random.integers(2)])
        rgb = random.uniform(0.88, 1) * (1 - amount) + pen * amount
        return _rgb(rgb + random.normal(0, 0.01, rgb.shape)), "png", {}
    if kind in ("slant", "round_pen", "uci_round_pen"):  # a scan: clean paper, dark ink, grayscale
        paper = random.uniform(0.85, 1)
        values = paper + (random.uniform(0.03, 0.25) - paper) * ink
        return _gray(values + random.normal(0, 0.01, shape)), "png", {}
    if kind == "whiteboard":  # marker on a whiteboard: smudges of old writing, a window mirrored in it
        marker = np.array([(0.1, 0.1, 0.12), (0.1, 0.2, 0.6), (0.75, 0.12, 0.12),
                           (0.1, 0.5, 0.2)][random.integers(4)])  # black, blue, red, green
        smudge = ndimage.gaussian_filter(random.normal(0, 1, shape), max(shape) * 0.05)
        board = random.uniform(0.8, 0.92) - 0.025 * smudge / smudge.std()
        rgb = board[..., None] * (0.97, 0.99, 1) * (1 - ink[..., None]) + marker * ink[..., None]
        for _ in range(int(random.integers(1, 3))):
            angle = random.uniform(0, np.pi)
            band = np.cos(angle) * rows + np.sin(angle) * columns
            middle, width = random.uniform(band.min(), band.max()), max(shape) * random.uniform(0.04, 0.12)
            rgb += random.uniform(0.2, 0.5) * np.exp(-((band - middle) / width) ** 2 / 2)[..., None]
        rgb = ndimage.gaussian_filter(rgb, (0.8, 0.8, 0))
        return _rgb(rgb + random.normal(0, 0.015, rgb.shape)), "jpg", photo
    if kind in ("sticky_note", "number_sticky_note"):
        return _sticky_note(ink, random), "jpg", photo
    if kind == "number_scales":  # a phone photo: the lens darkens the corners, the white balance is off
        distance = np.hypot(rows - shape[0] / 2, columns - shape[1] / 2)
        light = 1 - random.uniform(0.3, 0.45) * (distance / distance.max()) ** 2
        values = random.uniform(0.85, 1) * light * (1 - random.uniform(0.75, 0.9) * ink)
        rgb = values[..., None] * (random.uniform(0.9, 1), 1, random.uniform(0.85, 1.05))
        return _rgb(rgb + random.normal(0, 0.015, rgb.shape)), "jpg", photo
    raise ValueError(f"unknown kind {kind}")


def _sticky_note(ink, random):
    """A yellow, pink, green or orange sticky note on a desk, turned up to 8 degrees; the note's edges
    (1-2 of them in the picture) stay 0.4-0.7 digit heights away from the writing; a soft shadow."""
    ink_rows, ink_columns = np.nonzero(ink > 0.05)
    box = np.array([ink_rows.min(), ink_rows.max(), ink_columns.min(), ink_columns.max()], float)
    height = box[1] - box[0]
    gap = height * random.uniform(0.4, 0.7, 4) * (-1, 1, -1, 1)  # writing to the note's edges
    seen = random.permutation(4)[:int(random.integers(1, 3))]  # the sides where the desk shows
    frame = box + gap * np.where(np.isin(np.arange(4), seen), 1 + random.uniform(0.4, 1.0, 4),
                                 random.uniform(0.4, 0.8, 4))  # the picture's edges
    rows, columns = np.mgrid[int(frame[0]):int(frame[1]), int(frame[2]):int(frame[3])].astype(np.float32)
    angle = np.radians(random.uniform(-8, 8))  # turn the picture about the writing's middle
    middle_row, middle_column = (box[0] + box[1]) / 2, (box[2] + box[3]) / 2
    down = middle_row + (rows - middle_row) * np.cos(angle) - (columns - middle_column) * np.sin(angle)
    right = middle_column + (rows - middle_row) * np.sin(angle) + (columns - middle_column) * np.cos(angle)
    note = box + gap
    inside = np.minimum.reduce([down - note[0], note[1] - down, right - note[2], note[3] - right])
    inside = np.clip(inside + 0.5, 0, 1)  # 1 on the note, anti-aliased edge
    writing = ndimage.map_coordinates(ink, [down, right], order=1)
    grain = ndimage.gaussian_filter(random.normal(0, 1, rows.shape), (0.5, 12))  # a wooden or grey desk
    desk = np.array([(0.55, 0.38, 0.22), (0.45, 0.45, 0.47)][random.integers(2)])
    desk = desk * (0.9 + 0.1 * grain / grain.std())[..., None]
    shadow = ndimage.shift(ndimage.gaussian_filter(inside, height * 0.06), height * 0.03 * np.ones(2), order=1)
    desk = desk * (1 - 0.45 * shadow)[..., None]
    paper = np.array([(1, 0.92, 0.45), (1, 0.68, 0.78), (0.75, 0.95, 0.6), (1, 0.75, 0.45)][random.integers(4)])
    curl = 1 - random.uniform(0, 0.1) * np.clip((down - note[0]) / (note[1] - note[0]), 0, 1)  # the free end lifts
    pen = np.array([(0.08, 0.08, 0.1), (0.1, 0.15, 0.5)][random.integers(2)])
    amount = (writing * random.uniform(0.85, 1))[..., None]
    on_note = (paper * curl[..., None] * random.uniform(0.85, 1)) * (1 - amount) + pen * amount
    rgb = desk * (1 - inside[..., None]) + on_note * inside[..., None]
    rgb = ndimage.gaussian_filter(rgb, (0.7, 0.7, 0))
    return _rgb(rgb + random.normal(0, 0.015, rgb.shape))


def _gray(values):
    return Image.fromarray(np.round(np.clip(values, 0, 1) * 255).astype(np.uint8), mode="L")


def _rgb(values):
    return Image.fromarray(np.round(np.clip(values, 0, 1) * 255).astype(np.uint8), mode="RGB")


if __name__ == "__main__":
    cli.run(main)
