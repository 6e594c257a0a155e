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

    CI and offline machines point MNIST_DATA_DIR at them; a newcomer with internet gets MNIST the
    way the lessons would (Data/, else Keras's download), written out as the original IDX files.
    """
    if os.environ.get("MNIST_DATA_DIR"):
        return Path(os.environ["MNIST_DATA_DIR"])
    from mnist_course.data import IDX_FILES, load_mnist, write_idx

    (x_train, y_train), (x_test, y_test) = load_mnist()
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
