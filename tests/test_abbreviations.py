"""Every script refuses a shortened option (argparse would otherwise take --verbos as --verbose)."""
import pytest

from conftest import run_script

# (script, its required arguments, an option cut short). An unknown option follows, so the
# script stops at its arguments whether or not the short form is accepted: nothing else runs.
SCRIPTS = [
    ("MNISTPredict.py", ["digit.png"], "--verbos"),
    ("tools/make_user_digits.py", ["folder"], "--coun"),
    ("tools/make_heldout_digits.py", ["folder"], "--kind"),
    ("tools/measure_mnist_digits.py", [], "--coun"),
    ("tools/draw_figures.py", [], "--update-read"),
    ("benchmarks/benchmark.py", [], "--outp"),
    ("benchmarks/original_recipe.py", [], "--epoch"),
    ("benchmarks/draw_latency.py", [], "--mod"),
    ("benchmarks/predict_latency.py", ["folder"], "--mod"),
    ("MNISTDraw.py", [], "--no-brow"),
    ("MNISTCNN.py", [], "--epoch"),
]


@pytest.mark.parametrize("script, arguments, shortened", SCRIPTS, ids=[row[0] for row in SCRIPTS])
def test_shortened_option_is_refused(script, arguments, shortened, tmp_path):
    result = run_script(script, *arguments, shortened, "2", "--no-such-option", cwd=tmp_path,
                        timeout=120)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert "unrecognized arguments" in last and shortened in last.split()
