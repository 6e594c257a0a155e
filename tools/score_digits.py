"""Score how well MNISTPredict.py's preprocessing reads a folder of labelled pictures, per style.

按风格统计 MNISTPredict.py 的预处理在一组带标签图片上的准确率。文件名里写着答案：
00042_7_photo.jpg（一个数字）、00043_2026_number_photo.jpg（一个数）、00044_none_lines.png（没有数字）。

Run:    python tools/score_digits.py FOLDER --model output/mnist_cnn.h5 [--methods course reference]
        [--wrong DIR]   (copies the pictures the course reads wrong into DIR, with what it read)
Makes:  python tools/make_user_digits.py FOLDER --styles classic stress   (the course's own styles)
        python tools/make_heldout_digits.py FOLDER                         (made another way)
Prints per style: digits read right (per digit of a number, in place), numbers read exactly, and
for pictures with no digit how many were answered "no digit found".
  course     digits.find_readings, the course's preprocessing (the model chooses where it is unsure)
  reference  a plain MNIST-style normalisation (below: invert, subtract the paper, crop to the ink,
             longer side to 20 px, centre by mass), one digit per picture: the yardstick
"""
import argparse
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as `python tools/...`: make mnist_course importable

from mnist_course import CourseError, cli, digits, reading  # noqa: E402
from mnist_course.models import load_model  # noqa: E402
from make_user_digits import label_of, style_of  # noqa: E402  (tools/ is on the path)


def reference(path):
    """A plain MNIST-style normalisation of the whole picture as one digit, in 15 lines."""
    with Image.open(path) as image:
        gray = np.asarray(image.convert("L"), np.float32) / 255
    border = np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]])
    ink = np.abs(gray - np.median(border))  # dark ink on light paper, or light on dark
    ink = np.clip(ink - 4 * np.median(np.abs(border - np.median(border))), 0, None)
    if ink.max() == 0:
        raise CourseError(f"{path}: blank")
    rows, columns = np.nonzero(ink > 0.2 * ink.max())
    crop = ink[rows.min():rows.max() + 1, columns.min():columns.max() + 1]
    scale = digits.DIGIT_BOX / max(crop.shape)
    size = (max(1, round(crop.shape[1] * scale)), max(1, round(crop.shape[0] * scale)))
    small = np.asarray(Image.fromarray(crop, mode="F").resize(size, Image.Resampling.LANCZOS)).clip(0, None)
    return [[[digits.center_by_mass(small / small.max())]]]  # one digit, no alternative


METHODS = {"course": digits.find_readings, "reference": reference}


def score(paths, model, method):
    """Per picture: (label, what was read, or None for "no digit found"); and the seconds per picture."""
    found, readable = [], []
    start = time.perf_counter()
    for path in paths:
        try:
            found.append(METHODS[method](path))
            readable.append(True)
        except CourseError:  # "no digit found": right for a blank page, wrong for a digit
            found.append([])
            readable.append(False)
    seconds = (time.perf_counter() - start) / max(1, len(paths))
    answers = reading.read_pictures(model, found)
    return [reading.number(chances) if ok else None for (_, chances), ok in zip(answers, readable)], seconds


def table(paths, results):
    """Rows per style: pictures, then for each method the digits right and the exact numbers."""
    by_style = defaultdict(list)
    for index, path in enumerate(paths):
        by_style[style_of(path)].append(index)
    lines = [f"{'style':<15}{'pictures':>9}" + "".join(f"{method + ' digits':>18}{'exact':>8}" for method in results)]
    totals = defaultdict(lambda: [0, 0, 0, 0])
    for style, indices in by_style.items():
        row = f"{style:<15}{len(indices):>9}"
        for method, read in results.items():
            right = total = exact = 0
            for index in indices:
                label, answer = label_of(paths[index]), read[index]
                if label == "none":
                    exact += answer is None
                    continue
                total += len(label)
                exact += answer == label
                if answer is not None and len(answer) == len(label):
                    right += sum(a == b for a, b in zip(answer, label))
            digits_share = f"{right / total:.1%}" if total else "-"
            row += f"{digits_share:>18}{exact / len(indices):>8.1%}"
            totals[method] = [t + v for t, v in zip(totals[method], (right, total, exact, len(indices)))]
        lines.append(row)
    row = f"{'all':<15}{len(paths):>9}"
    for method in results:
        right, total, exact, count = totals[method]
        row += f"{right / max(1, total):>18.1%}{exact / count:>8.1%}"
    return "\n".join(lines + [row])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("folder", type=Path, help="pictures named NUMBER_LABEL_STYLE.ext")
    parser.add_argument("--model", default="output/mnist_cnn.h5", help="a model trained on MNIST")
    parser.add_argument("--methods", nargs="+", choices=METHODS, default=["course", "reference"])
    parser.add_argument("--wrong", type=Path, help="copy the pictures the course reads wrong here")
    args = parser.parse_args()
    paths = sorted(path for path in args.folder.iterdir() if path.name[:1].isdigit())
    if not paths:
        raise CourseError(f"{args.folder}: no labelled pictures (NUMBER_LABEL_STYLE.ext)")
    model = load_model(args.model)
    results = {}
    for method in args.methods:
        results[method], seconds = score(paths, model, method)
        print(f"{method}: {seconds * 1000:.0f} ms per picture (preprocessing)")
    print(table(paths, results))
    if args.wrong and "course" in results:
        args.wrong.mkdir(parents=True, exist_ok=True)
        for path, answer in zip(paths, results["course"]):
            if answer != (None if label_of(path) == "none" else label_of(path)):
                shutil.copy(path, args.wrong / f"{path.stem}_read_{answer}{path.suffix}")


if __name__ == "__main__":
    cli.run(main)
