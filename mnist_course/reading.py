"""Read digits and numbers with a trained model: the answers MNISTPredict.py prints and MNISTDraw.py shows.

用训练好的模型读出数字和多位数：MNISTPredict.py 打印的和 MNISTDraw.py 页面显示的答案。
"""
from typing import NamedTuple

import numpy as np

from mnist_course import shown
from mnist_course.models import model_input

# A digit read with less than this probability is marked "?". On the 10,000 MNIST test digits the
# course's CNN is at least this sure of 98.9% and then right 99.7% of the time; of the 111 below it
# only 55% are right (README 6): below 80% the answer deserves a second look.
UNSURE = 0.8
# A mark no wider than a digit is cut only where the pieces leave under a tenth of the doubt the
# model has about the mark whole: the model, never shown half a digit, reads a piece cut out of a
# 0 or a 3 as a sure digit of its own. Without this margin 5 more held-out pictures were read
# wrong (a 0 as "17", a 3 as "55"). The whole's doubt counts however small: the model reads "72"
# written into each other as a sure "2" too. Two MNIST test digits written 2 px into each other are
# read exactly 62% of the time (21% before such marks were cut; 44% while a whole read 80% or surer
# always stayed one digit), and 99.4% of test digits wider than tall stay one digit (99.7%;
# tools/measure_touching_digits.py, README 6.3).
CUT_DOUBT = 0.1


class Cuts(NamedTuple):
    """A mark that may be digits written so close that their strokes touch: the pieces it may be
    cut into, each (start, end, 28x28 image) between two cut columns, ordered by where they end,
    then start; the mark itself (first column to last) among them where it may be one digit.
    `whole` is the mark as one 28x28: what the strokes alone suggest. `digit_wide`: the mark is no
    wider than MNIST's digits (digits.WIDE) and its rows cross no more strokes than theirs
    (digits.MOST_CROSSED), so one digit is the likelier. The model chooses (choose)."""
    pieces: list
    whole: object
    digit_wide: bool


def probabilities(model, images):
    """Probabilities (n, 10) for 28x28 images in [0, 1], in one batch, reshaped to the model's input."""
    if len(images) == 0:
        return np.zeros((0, 10), np.float32)
    return np.asarray(model.predict_on_batch(model_input(model, np.stack(images))), np.float32)


def read_pictures(model, readings_per_picture):
    """For each picture's readings (digits.find_readings), the digits read: (their 28x28 images,
    their probabilities (n, 10)), left to right. Every candidate of every picture in one prediction."""
    candidates = [candidate_images(readings) for readings in readings_per_picture]
    everything = probabilities(model, [image for images in candidates for image in images])
    results, start = [], 0
    for readings, images in zip(readings_per_picture, candidates):
        chances = everything[start:start + len(images)]
        start += len(images)
        rows = choose(readings, chances)
        results.append(([images[row] for row in rows], chances[rows]))
    return results


def candidate_images(readings):
    """Every 28x28 image of every alternative of a picture's readings, in order: one model call's worth."""
    return [image for choice in readings for alternative in _alternatives(choice) for image in alternative]


def _alternatives(choice):
    """A choice's alternatives; a Cuts' pieces each as an alternative of one image (in its order)."""
    return [[image] for _, _, image in choice.pieces] if isinstance(choice, Cuts) else choice


def choose(readings, chances):
    """Which rows of `chances` (one per image of candidate_images(readings)) are the digits read.

    For each choice, the alternative the model finds likelier: the product of its digits'
    probabilities, as an OCR reads a word. Two arcs of a broken 0 read as "1" 100% and "1" 84%
    (84% together) against "0" 100%: one 0. A 1 and a 0 8 px apart read 100% and 100% against
    99.5% for the two as one digit: 10. Ties keep the first (what the strokes alone suggest).
    切分不确定时，取模型认为可能性更大的那种读法（各位概率之积）。
    """
    rows, start = [], 0
    for choice in readings:
        if isinstance(choice, Cuts):
            rows.extend(start + piece for piece in _best_cuts(choice, chances[start:start + len(choice.pieces)]))
            start += len(choice.pieces)
            continue
        spans = []
        for alternative in choice:
            spans.append(range(start, start + len(alternative)))
            start += len(alternative)
        best = max(spans, key=lambda span: np.prod(chances[list(span)].max(axis=1)))  # max keeps the first of equals
        rows.extend(best)
    return rows


def _best_cuts(cuts, chances):
    """The pieces (their indices) of the mark that the model reads likeliest: the row of pieces from
    the mark's first column to its last whose digits are likeliest together (the product of their
    probabilities, as above; dynamic programming over the cut columns, left to right), or the mark
    whole. A mark no wider than a digit stays one digit unless the pieces leave under CUT_DOUBT of
    the whole's doubt, however sure the model is of the whole: it reads "72" written into each other
    as a sure "2" too. A wider mark (wider than 999 MNIST digits in 1,000), or one whose rows cross
    more strokes than any MNIST digit's ("03" written into each other), is more likely digits: it
    stays one digit only where the model finds it likelier whole than cut, as any other choice: kept
    whole while read 80% sure, "42" written into each other was a "4" read 90% sure against "4" 100%
    and "2" 98.8% (README 6, step 5).
    连在一起的一串笔迹：用动态规划找出模型认为最可能的切法，再和整个读作一位比较。"""
    first, last = min(start for start, _, _ in cuts.pieces), max(end for _, end, _ in cuts.pieces)
    best = {first: (0.0, [])}  # column: (log of the likeliest reading up to it, its pieces)
    whole = None
    for index, (start, end, _) in enumerate(cuts.pieces):
        if (start, end) == (first, last):
            whole = index
        elif start in best:
            score = best[start][0] + np.log(max(chances[index].max(), 1e-30))
            if end not in best or score > best[end][0]:
                best[end] = (score, best[start][1] + [index])
    if whole is not None:
        doubt, pieces_doubt = 1 - chances[whole].max(), 1 - np.exp(best[last][0])
        margin = CUT_DOUBT if cuts.digit_wide else 1  # wider, or crossing more, than a digit: the likelier reading
        if pieces_doubt >= margin * doubt:
            return [whole]
    return best[last][1]


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
