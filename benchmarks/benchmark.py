"""Is the course's first run better and quicker than the original course's 5 epochs? Whole processes.

每个程序整体计时（启动、读数据、训练、保存、测试）：原课程的训练方法与本课程 MNISTCNN.py 的默认运行。
Each run is timed as a whole process (start-up, data, training, saving, testing), one after the other
in one call, so their ratio is fair on a shared, noisy machine:
  - the original course's recipe (benchmarks/original_recipe.py: same network, plain arrays, Adam
    0.001, batch 128, float32) for 2 epochs on all 60,000 training images. Its 5 epochs count as
    5 times its second epoch alone: its start-up, data loading, the first epoch's tracing, testing
    (and TensorFlow 2.21's idle waits between epochs, README 5.3) are left out, in its favour;
  - the lesson's default run, `python MNISTCNN.py --no-show` (test accuracy from its report), and
    the same in float32;
  - both again with oneDNN held to AVX2 (ONEDNN_MAX_CPU_ISA=AVX2), as on the many CPUs without
    AVX-512 or bfloat16, where the lesson's `--precision auto` trains in float32.
Ratio = lesson's whole default run / original's 5 epochs: at most 1 means quicker. Not a test: about 10 minutes.

Run:    python benchmarks/benchmark.py            (writes benchmarks/results.md)
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mnist_course import cli, training  # noqa: E402
from mnist_course.saving import replacing  # noqa: E402

MACHINES = {  # name -> extra environment, the precision the lesson's --precision auto picks there
    "this CPU": ({}, "mixed_bfloat16" if training.cpu_supports_bfloat16() else "float32"),
    "AVX2 only": ({"ONEDNN_MAX_CPU_ISA": "AVX2"}, "float32"),
}


def timed(command, environment):
    """Run a command as a learner would; return (wall seconds, its stdout)."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=REPO, env={**os.environ, **environment}, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"error: {' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return seconds, result.stdout


def original_epoch(environment):
    """(Seconds of the original recipe's second epoch, seconds of its whole 2-epoch process)."""
    seconds, output = timed([sys.executable, "benchmarks/original_recipe.py", "--epochs", "2"], environment)
    result = json.loads(output.strip().splitlines()[-1])
    epoch = result["epoch_seconds"][1]  # the first also traces the model into a graph
    print(f"  original recipe, 2 epochs: {seconds:.0f} s as a process, {epoch:.0f} s for the second epoch, "
          f"test accuracy {result['test_accuracy']:.2%}", flush=True)
    return epoch, seconds


def lesson_run(environment, precision):
    """Seconds for the CNN lesson's default run, and its test accuracy and seconds per epoch."""
    with tempfile.TemporaryDirectory() as output_dir:
        seconds, _ = timed([sys.executable, "MNISTCNN.py", "--no-show", "--precision", precision,
                            "--output-dir", output_dir], environment)
        report = json.loads((Path(output_dir) / "mnist_cnn_report.json").read_text())
    print(f"  MNISTCNN.py ({precision}): {seconds:.0f} s, test accuracy {report['test_accuracy']:.2%}",
          flush=True)
    return seconds, report["test_accuracy"], report["training"]["seconds_per_epoch"], report["training"]["epochs"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("--output", default=str(REPO / "benchmarks" / "results.md"))
    args = parser.parse_args()

    keras = cli.import_keras()
    import tensorflow

    lines = [f"Measured by `python benchmarks/benchmark.py` on {platform.machine()}, "
             f"{len(os.sched_getaffinity(0))} cores, TensorFlow {tensorflow.__version__}, Keras {keras.__version__}. "
             "The lesson's times are whole processes (start-up, data, training, saving, testing); the "
             "original course's 5 epochs are 5 times its second epoch alone (its start-up, data, "
             "first-epoch tracing and testing left out, in its favour).", "",
             "| CPU | run | precision | epochs | s/epoch | whole run | test accuracy | vs original 5 epochs |",
             "|---|---|---|---|---|---|---|---|"]
    for machine, (environment, default_precision) in MACHINES.items():
        print(f"{machine}:", flush=True)
        epoch, process = original_epoch(environment)
        original = 5 * epoch
        lines.append(f"| {machine} | original recipe (its 2-epoch process: {process:.0f} s) | float32 | 5 | "
                     f"{epoch:.1f} | {original:.0f} s (5 epochs alone) | about 99.1% (course) | 1.00 |")
        for precision in dict.fromkeys((default_precision, "float32")):
            seconds, accuracy, per_epoch, epochs = lesson_run(environment, precision)
            label = "`MNISTCNN.py` default" if precision == default_precision else "`MNISTCNN.py --precision float32`"
            lines.append(f"| {machine} | {label} | {precision} | {epochs} | {per_epoch:.1f} | {seconds:.0f} s | "
                         f"{accuracy:.2%} | **{seconds / original:.2f}** |")
    table = "\n".join(lines) + "\n"
    print("\n" + table)
    with replacing(args.output) as temporary:
        temporary.write_text(table, encoding="utf-8")
    print(f"Saved {args.output}")


if __name__ == "__main__":
    cli.run(main)
