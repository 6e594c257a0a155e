"""--help says each option's default once, and says nothing for options that have none."""
import re

import pytest

from conftest import run_script

SCRIPTS = {  # script -> a default its --help must still show
    "MNISTCNN.py": "--epochs EPOCHS passes over the training images; at most 1,000 (1,000 CNN epochs take about 4 hours) (default: 4)",
    "IntroduceMNIST.py": "where figures, models and reports go (default: output)",
    "MNISTPredict.py": "(.h5 or .keras) (default: output/mnist_cnn.h5)",
    "MNISTDraw.py": "0 picks a free one (default: 8000)",
    "benchmarks/draw_latency.py": "MNIST folder (default: as the lessons find it)",
}


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_help_shows_each_default_once(script, tmp_path):
    result = run_script(script, "--help", cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    options = [" ".join(entry.split()) for entry in re.split(r"\n  (?=-)", result.stdout)[1:]]
    assert any(SCRIPTS[script] in option for option in options)
    for option in options:
        assert option.count("default") <= 1, option
        assert "(default: None)" not in option and "(default: False)" not in option, option
