"""The two loading lessons run headless, as a learner would run them, on the real MNIST."""
import re

import matplotlib.image
import numpy as np
import pytest

from conftest import run_script
from mnist_course.cli import _TF_STARTUP_NOISE

LESSONS = {
    "IntroduceMNIST.py": ("introduce_mnist_samples.png",
                          ["train", "55000", "validation", "5000", "test", "10000", "(55000, 784)",
                           "float32", "(100, 784)"]),
    "IntroduceMNISTKeras.py": ("introduce_mnist_keras_samples.png",
                               ["(60000, 28, 28)", "(60000,)", "(10000, 28, 28)", "(10000,)", "uint8",
                                "min 0, max 255", "first training labels: [5, 0, 4, 1, 9"]),
}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
NOISE = re.compile(r"oneDNN|cuda|cpu_feature_guard|absl::InitializeLog|rebuild TensorFlow",
                   re.IGNORECASE)


@pytest.mark.parametrize("show", [["--no-show"], []], ids=["no-show", "show-without-display"])
@pytest.mark.parametrize("script", sorted(LESSONS))
def test_lesson_runs_headless_and_saves_its_figure(script, show, tmp_path):
    figure_name, facts = LESSONS[script]
    output = tmp_path / "figures"
    result = run_script(script, "--output-dir", output, *show, cwd=tmp_path, timeout=180)
    print(result.stdout, result.stderr)
    assert result.returncode == 0, result.stderr

    steps = re.findall(r"^=== (\d+)\. .+ ===$", result.stdout, re.MULTILINE)
    assert len(steps) >= 4
    assert steps == [str(number) for number in range(1, len(steps) + 1)]
    for fact in facts:
        assert fact in result.stdout

    figure = output / figure_name
    # No temporary file left, and no lock: it goes with the run that held it.
    assert [path.name for path in output.iterdir()] == [figure_name]
    assert str(figure) in result.stdout  # the lesson says where the figure is
    assert figure.read_bytes()[:8] == PNG_SIGNATURE
    assert figure.stat().st_size > 10_000
    pixels = matplotlib.image.imread(figure)
    assert pixels.shape[0] > 200 and pixels.shape[1] > 400
    assert np.std(pixels[..., :3]) > 0.05  # digits drawn, not a blank canvas

    assert "Traceback" not in result.stderr
    for line in result.stderr.splitlines():
        assert not _TF_STARTUP_NOISE.match(line) and not NOISE.search(line), line
