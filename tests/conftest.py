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
def mnist_dir():
    """The real MNIST files (CI sets MNIST_DATA_DIR=../shared/mnist)."""
    if not os.environ.get("MNIST_DATA_DIR"):
        pytest.fail("set MNIST_DATA_DIR to the folder with the MNIST IDX files (see README)")
    return Path(os.environ["MNIST_DATA_DIR"])


def run_script(script, *args, cwd=None, timeout=600, env=None):
    """Run a repository script headless in a subprocess, as `python SCRIPT ARGS` in a terminal."""
    environment = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    environment.update(env or {})
    return subprocess.run([sys.executable, str(REPO / script), *map(str, args)], cwd=cwd or REPO,
                          env=environment, capture_output=True, text=True, timeout=timeout)
