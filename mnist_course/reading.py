"""Read digits and numbers with a trained model: the answers MNISTPredict.py prints and MNISTDraw.py shows.

用训练好的模型读出数字和多位数：MNISTPredict.py 打印的和 MNISTDraw.py 页面显示的答案。
"""
import numpy as np

from mnist_course import shown
from mnist_course.models import model_input

# A digit read with less than this probability is marked "?". On the 10,000 MNIST test digits the
# course's CNN is at least this sure of 98.9% and then right 99.7% of the time; of the 111 below it
# only 55% are right (README 6): below 80% the answer deserves a second look.
UNSURE = 0.8


def probabilities(model, images):
    """Probabilities (n, 10) for 28x28 images in [0, 1], in one batch, reshaped to the model's input."""
    if len(images) == 0:
        return np.zeros((0, 10), np.float32)
    return np.asarray(model.predict_on_batch(model_input(model, np.stack(images))), np.float32)


def read_pictures(model, digits_per_picture):
    """For each picture's list of 28x28 digits, its digits' probabilities; all in one prediction."""
    counts = [len(found) for found in digits_per_picture]
    everything = probabilities(model, [digit for found in digits_per_picture for digit in found])
    return np.split(everything, np.cumsum(counts)[:-1]) if counts else []


def number(chances):
    """The number the digits' probabilities (n, 10) spell, left to right: "2026"."""
    return "".join(str(digit) for digit in np.argmax(chances, axis=1))


def answer_line(name, chances, verbose=False):
    """NAME: 7 (99.7%) for one digit, NAME: 2026 (2 99.8%, 0 97.1%, 2 99.9%, 6 95.0%) for a number.
    A digit below UNSURE is marked "?"; verbose adds each digit's top 3 (one line per digit of a number)."""
    best = np.argmax(chances, axis=1)
    marked = [f"{digit}{'?' if row[digit] < UNSURE else ''}" for digit, row in zip(best, chances)]
    top_3 = ["top 3: " + ", ".join(f"{digit} {row[digit]:.1%}" for digit in np.argsort(row)[::-1][:3])
             for row in chances]
    if len(chances) == 1:
        line = f"{shown(name)}: {marked[0]} ({chances[0][best[0]]:.1%})"
        return line + f"   {top_3[0]}" if verbose else line
    each = ", ".join(f"{mark} {row[digit]:.1%}" for mark, digit, row in zip(marked, best, chances))
    line = f"{shown(name)}: {number(chances)} ({each})"
    if verbose:
        line += "".join(f"\n    digit {place} {mark}: {top}"
                        for place, (mark, top) in enumerate(zip(marked, top_3), start=1))
    return line
