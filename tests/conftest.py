"""Shared test helpers: real MNIST, a small trained CNN, and running lessons as a learner would."""
import gzip
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parent.parent

# pytest.ini runs two test files at once, each mostly lessons running TensorFlow in subprocesses
# (which inherit this environment). On a 2-core machine TensorFlow's thread pools, each sized for
# the whole CPU, then fight: one thread each is quicker (two quick CNN runs at once: 83 s -> 69 s).
os.environ.setdefault("TF_NUM_INTRAOP_THREADS", "1")
os.environ.setdefault("TF_NUM_INTEROP_THREADS", "1")

# A relative MNIST_DATA_DIR means "from the repository root" (as in .ci/run); make it absolute so
# lessons run from any working directory, such as a test's tmp_path, find the same files.
if os.environ.get("MNIST_DATA_DIR"):
    os.environ["MNIST_DATA_DIR"] = str((REPO / os.environ["MNIST_DATA_DIR"]).resolve())


@pytest.fixture(scope="session")
def mnist_dir(tmp_path_factory):
    """A folder with the four real MNIST IDX files.

    CI and offline machines point MNIST_DATA_DIR at them; otherwise (or if that folder holds another
    form of MNIST) the tests get MNIST the way the lessons would and write out the original files.
    """
    from mnist_course.data import IDX_FILES, load_mnist

    given = os.environ.get("MNIST_DATA_DIR")
    if given and all((Path(given) / f"{name}.gz").is_file() for name in IDX_FILES.values()):
        return Path(given)
    # Uncompressed files, an mnist.npz, Data/ or Keras's download: written out as the four .gz files.
    (x_train, y_train), (x_test, y_test) = load_mnist(given)
    folder = tmp_path_factory.mktemp("mnist")
    arrays = {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}
    for key, array in arrays.items():
        write_idx(folder / (IDX_FILES[key] + ".gz"), array)
    os.environ["MNIST_DATA_DIR"] = str(folder)  # lessons run by the tests read the same files
    return folder


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


def write_idx(path, array):
    """Write a uint8 array as an IDX file (gzip-compressed if the name ends in .gz): test data."""
    from mnist_course.data import idx_bytes

    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "wb") as file:
        file.write(idx_bytes(array))


def run_script(script, *args, cwd=None, timeout=600, env=None):
    """Run a repository script headless in a subprocess, as `python SCRIPT ARGS` in a terminal."""
    environment = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    environment.update(env or {})
    return subprocess.run([sys.executable, str(REPO / script), *map(str, args)], cwd=cwd or REPO,
                          env=environment, capture_output=True, text=True, timeout=timeout)


def single_digit(source):
    """The one 28x28 digit the course's preprocessing finds in a picture of one digit."""
    from mnist_course import digits

    found = digits.find_digits(source)
    assert len(found) == 1, f"{len(found)} digits found in a picture of one"
    return found[0]


def tiny_model(path, weight=None):
    """An untrained softmax model saved at `path`, quick to make; `weight` fills every weight with it."""
    from mnist_course import cli

    keras = cli.import_keras()
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10, activation="softmax")])
    if weight is not None:
        model.set_weights([np.full(array.shape, weight, np.float32) for array in model.get_weights()])
    model.save(path)
    return path
