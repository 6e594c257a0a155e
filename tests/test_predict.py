"""MNISTPredict.py and mnist_course/digits.py: each preprocessing step, a user-style set, bad input."""
import struct
import sys
import zlib

import numpy as np
import pytest
from PIL import Image

from conftest import REPO, run_script
from mnist_course import CourseError, digits

sys.path.insert(0, str(REPO / "tools"))
import make_user_digits  # noqa: E402


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


def test_dark_ink_on_light_paper_is_inverted(tmp_path):
    gray = digits.read_grayscale(save(stroke_image(), tmp_path / "dark_on_light.png"))
    light = digits.make_ink_light(gray)
    assert light[80, 70] > 0.9 and light[5, 5] < 0.1  # ink is now light, paper dark


def test_light_ink_on_dark_paper_is_kept(tmp_path):
    gray = digits.read_grayscale(save(stroke_image(ink=255, paper=0), tmp_path / "chalk.png"))
    assert digits.make_ink_light(gray) is gray


def test_transparent_background_becomes_paper(tmp_path):
    # A canvas export: background (0, 0, 0, 0), ink opaque black. Read naively it is all black.
    rgba = np.zeros((160, 200, 4), dtype=np.uint8)
    rgba[40:130, 60:90, 3] = 255
    path = save(Image.fromarray(rgba, mode="RGBA"), tmp_path / "canvas.png")
    gray = digits.read_grayscale(path)
    assert gray[5, 5] == pytest.approx(1.0) and gray[80, 70] == pytest.approx(0.0)
    assert ink_box(digits.preprocess(path))[:2] == (4, 23)  # a 20 px tall bar


def test_palette_and_rgb_modes_read_alike(tmp_path):
    base = stroke_image(ink=40, paper=230)
    results = [digits.preprocess(save(base.convert(mode), tmp_path / f"{mode}.{extension}"))
               for mode, extension in (("L", "png"), ("RGB", "bmp"), ("P", "gif"), ("RGB", "jpg"))]
    for result in results[1:]:  # the same bar, give or take JPEG's blur and a pixel of centring
        top, bottom, left, right = ink_box(result)
        assert (bottom - top, right - left) == (19, 4)
        assert result.sum() == pytest.approx(results[0].sum(), rel=0.05)


def test_paper_level_noise_and_uneven_light_are_removed(tmp_path):
    random = np.random.default_rng(0)
    rows, columns = np.indices((300, 300))
    paper = 0.6 + 0.15 * columns / 300 + random.normal(0, 0.04, (300, 300))  # gray, lit from one side
    paper[100:220, 140:160] = 0.15  # a pencil stroke
    path = save(Image.fromarray(np.uint8(np.clip(paper, 0, 1) * 255)), tmp_path / "photo.png")
    result = digits.preprocess(path)
    top, bottom, left, right = ink_box(result, level=0.05)
    assert bottom - top + 1 == 20  # cropped to the stroke, not to the noise
    assert np.count_nonzero(result[:, :left]) == 0 and np.count_nonzero(result[:, right + 1:]) == 0


def test_off_centre_digit_is_centred_by_mass(tmp_path):
    # An L-shaped mark in a corner: its mass centre, not its box centre, goes to (14, 14).
    values = np.full((400, 400), 255, dtype=np.uint8)
    values[20:120, 300:315] = 0
    values[105:120, 300:360] = 0
    result = digits.preprocess(save(Image.fromarray(values), tmp_path / "corner.png"))
    row, column = center_of_mass(result)
    assert abs(row - 14) <= 0.5 and abs(column - 14) <= 0.5
    assert result.shape == (28, 28) and result.dtype == np.float32
    assert result.min() >= 0 and result.max() == pytest.approx(1.0)


def test_aspect_ratio_is_kept_longer_side_20(tmp_path):
    tall = digits.preprocess(save(stroke_image(box=(90, 10, 110, 150)), tmp_path / "tall.png"))
    top, bottom, left, right = ink_box(tall)
    assert bottom - top + 1 == 20 and right - left + 1 <= 4  # a "1" stays thin
    wide = digits.preprocess(save(stroke_image(box=(20, 60, 180, 100)), tmp_path / "wide.png"))
    top, bottom, left, right = ink_box(wide)
    assert right - left + 1 == 20 and 4 <= bottom - top + 1 <= 7


def test_thick_brush_strokes_are_thinned():
    ring = np.zeros((200, 200), dtype=np.float32)
    rows, columns = np.indices(ring.shape)
    distance = np.hypot(rows - 100, columns - 100)
    ring[(distance > 50) & (distance < 95)] = 1  # a "0" painted with a very broad brush
    thinner = digits.thin_thick_strokes(ring)
    assert digits.stroke_width(thinner) < digits.stroke_width(digits._resized(ring, 80, 2)) - 4
    assert thinner[40, 40] == 0  # the hole stays open


def test_blank_image_is_refused(tmp_path):
    path = save(stroke_image(box=(0, 0, 0, 0), paper=200), tmp_path / "blank.png")
    with pytest.raises(CourseError, match="blank.png: no digit found, the image looks blank"):
        digits.preprocess(path)


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
        digits.preprocess(path)


# ---------- a model, a user-style set, and the script ----------

@pytest.fixture(scope="session")
def cnn_model(tmp_path_factory, mnist_dir):
    """A small CNN trained for 2 epochs on 20,000 real training images (about 97% on MNIST test)."""
    from mnist_course import cli
    from mnist_course.data import read_idx

    keras = cli.import_keras()
    images = read_idx(mnist_dir / "train-images-idx3-ubyte.gz")[:20000, :, :, None] / np.float32(255)
    labels = read_idx(mnist_dir / "train-labels-idx1-ubyte.gz")[:20000]
    keras.utils.set_random_seed(1)
    layers = keras.layers
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(16, 3, activation="relu"), layers.MaxPooling2D(2),
        layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(2),
        layers.Flatten(), layers.Dense(64, activation="relu"), layers.Dense(10, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy")
    model.fit(images, labels, epochs=2, batch_size=64, verbose=0)
    path = tmp_path_factory.mktemp("model") / "mnist_cnn.h5"
    model.save(path)
    return path


@pytest.fixture(scope="session")
def user_digits(tmp_path_factory, mnist_dir):
    """160 user-style images from MNIST test digits, made by tools/make_user_digits.py."""
    folder = tmp_path_factory.mktemp("user_digits")
    result = run_script("tools/make_user_digits.py", folder, "--count", 160, "--seed", 3,
                        "--data-dir", mnist_dir)
    assert result.returncode == 0, result.stderr
    return sorted(folder.iterdir())


def test_user_style_digits_are_recognized(cnn_model, user_digits):
    import MNISTPredict

    model = MNISTPredict.load_model(cnn_model)
    labels = np.array([make_user_digits.label_of(path) for path in user_digits])
    ours = MNISTPredict.predict(model, np.stack([digits.preprocess(p) for p in user_digits]))
    naive = MNISTPredict.predict(model, np.stack([digits.naive_resize(p) for p in user_digits]))
    accuracy = (ours.argmax(axis=1) == labels).mean()
    naive_accuracy = (naive.argmax(axis=1) == labels).mean()
    print(f"user-style accuracy {accuracy:.1%}, naive resize {naive_accuracy:.1%}")
    assert accuracy >= 0.92  # this small, quickly trained model scores about 96%
    assert naive_accuracy < 0.25  # the claim, and the lesson's point: without preprocessing it fails


def test_every_kind_of_image_file_gets_an_answer_and_bad_ones_one_line(cnn_model, user_digits,
                                                                       tmp_path):
    good = [user_digits[index] for index in range(8)]  # one of each style
    missing = tmp_path / "missing.png"
    not_image = tmp_path / "notes.png"
    not_image.write_text("this is not an image\n")
    blank = save(stroke_image(box=(0, 0, 0, 0)), tmp_path / "blank.jpg")
    huge = huge_png(tmp_path / "huge.png")
    truncated = tmp_path / "truncated.png"
    truncated.write_bytes(good[0].read_bytes()[:200])
    bad = [missing, not_image, blank, huge, truncated]
    shown = tmp_path / "shown"

    result = run_script("MNISTPredict.py", good[0], *bad, *good[1:], "--model", cnn_model,
                        "--verbose", "--save-preprocessed", shown)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    answers = result.stdout.splitlines()
    assert len(answers) == len(good)
    for path, line in zip(good, answers):
        assert line.startswith(f"{path}: ") and "%)" in line and "top 3:" in line
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == len(bad) + 1  # one per bad image, then the summary
    for path, line in zip(bad, errors):
        assert str(path) in line
    assert "no such file" in errors[0] and "not an image" in errors[1]
    assert "no digit found" in errors[2] and "too large" in errors[3] and "truncated" in errors[4]
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
    import MNISTPredict
    from mnist_course import cli

    keras = cli.import_keras()
    # A softmax (dense) model takes 784 numbers: the same image, flattened.
    dense = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10, activation="softmax")])
    dense.save(tmp_path / "softmax.h5")
    probabilities = MNISTPredict.predict(MNISTPredict.load_model(tmp_path / "softmax.h5"),
                                         np.zeros((2, 28, 28), np.float32))
    assert probabilities.shape == (2, 10)
    # A model for 32x32 color images does not fit.
    color = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Flatten(),
                              keras.layers.Dense(10, activation="softmax")])
    color.save(tmp_path / "color.h5")
    with pytest.raises(CourseError, match=r"color.h5: model input shape \(32, 32, 3\) does not fit"):
        MNISTPredict.load_model(tmp_path / "color.h5")


def test_model_with_code_inside_is_not_run(tmp_path):
    import MNISTPredict
    from mnist_course import cli

    keras = cli.import_keras()
    marker = tmp_path / "code_ran"
    sneaky = keras.Sequential([keras.Input((784,)), keras.layers.Lambda(
        lambda x, marker=str(marker): (open(marker, "w").close(), x)[1]),
        keras.layers.Dense(10, activation="softmax")])
    sneaky.save(tmp_path / "sneaky.h5")
    marker.unlink(missing_ok=True)  # saving traced the lambda once
    with pytest.raises(CourseError, match="sneaky.h5: not a Keras model we can load safely"):
        MNISTPredict.load_model(tmp_path / "sneaky.h5")
    assert not marker.exists()
