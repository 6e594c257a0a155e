"""Benchmark MNISTPredict.py's reading of one picture: find the digits, then one predict_on_batch.

读一张图片要多久：找出并预处理每个数字，再调用一次模型。

Each picture is read alone, as a learner reads a photo, one after another in one process (the first
is read once before timing: TensorFlow's first call builds the model's graph). Not a test: the goal
is at most 50 ms per single-digit photo on a 2-core CPU.

Run:    python benchmarks/predict_latency.py FOLDER [--model output/mnist_cnn.h5]
Make:   python tools/make_user_digits.py output/classic --count 1400 --seed 5
"""
import argparse
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mnist_course import CourseError, cli, digits, reading  # noqa: E402
from mnist_course.models import load_model  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("folder", type=Path, help="pictures to read, e.g. made by tools/make_user_digits.py")
    parser.add_argument("--model", default="output/mnist_cnn.h5", help="a model trained on MNIST")
    args = parser.parse_args()
    paths = sorted(path for path in args.folder.iterdir() if path.is_file())
    if not paths:
        raise CourseError(f"{args.folder}: no pictures")
    model = load_model(args.model)
    reading.read_pictures(model, [digits.find_readings(paths[0])])  # the first call builds the graph
    preparing, reading_all = [], []
    for path in paths:
        start = time.perf_counter()
        try:
            found = digits.find_readings(path)
        except CourseError:  # "no digit found": nothing for the model to read
            continue
        prepared = time.perf_counter()
        reading.read_pictures(model, [found])
        preparing.append(prepared - start)
        reading_all.append(time.perf_counter() - start)
    preparing, reading_all = np.array(preparing) * 1000, np.array(reading_all) * 1000
    print(f"{len(reading_all)} pictures read, one at a time:")
    print(f"  preprocessing            mean {preparing.mean():6.1f} ms")
    print(f"  preprocessing + model    mean {reading_all.mean():6.1f} ms   p50 {np.percentile(reading_all, 50):6.1f} ms"
          f"   p90 {np.percentile(reading_all, 90):6.1f} ms")


if __name__ == "__main__":
    cli.run(main)
