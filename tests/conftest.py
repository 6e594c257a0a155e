"""Shared test helpers: the real MNIST folder and a way to run lessons as a learner would."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

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
    from mnist_course.data import IDX_FILES, load_mnist, write_idx

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


def run_script(script, *args, cwd=None, timeout=600, env=None):
    """Run a repository script headless in a subprocess, as `python SCRIPT ARGS` in a terminal."""
    environment = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    environment.update(env or {})
    return subprocess.run([sys.executable, str(REPO / script), *map(str, args)], cwd=cwd or REPO,
                          env=environment, capture_output=True, text=True, timeout=timeout)
