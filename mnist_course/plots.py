"""Figures the lessons save as PNG (always) and show in a window (only when asked and possible).

所有图都保存为 PNG；只有在有显示器且没有 --no-show 时才弹出窗口，无界面运行永不阻塞。
"""
import os
import sys

import matplotlib
import matplotlib.pyplot as plt  # picks no backend until the first figure: configure() still can
import numpy as np

from mnist_course.saving import replacing

_show_windows = False


def configure(no_show):
    """Decide once whether windows may open; without a display, draw off-screen (Agg)."""
    global _show_windows
    has_display = sys.platform in ("win32", "darwin") or bool(
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    _show_windows = has_display and not no_show
    if not _show_windows:
        matplotlib.use("Agg")


def save(figure, path):
    """Save a figure as PNG (atomically) and tell the learner where it is."""
    figure.tight_layout()
    with replacing(path) as temporary:
        # No "Software" tag (the matplotlib version): the same pixels are always the same bytes.
        figure.savefig(temporary, format="png", dpi=100, metadata={"Software": None})
    print(f"Saved figure 图已保存: {path}")
    if not _show_windows:
        plt.close(figure)


def show_all():
    """Open the saved figures in windows, if allowed; this waits until they are closed."""
    if _show_windows:
        plt.show()


def sample_grid(images, labels, title, rows=4, columns=8, predictions=None):
    """A grid of digits with their labels (and predictions, if given)."""
    figure, axes = plt.subplots(rows, columns, figsize=(columns * 1.2, rows * 1.4))
    for index, axis in enumerate(axes.flat):
        axis.axis("off")
        if index >= len(images):
            continue
        # As stored: 0 = black background, 255 = white ink.
        axis.imshow(np.reshape(images[index], (28, 28)), cmap="gray")
        if predictions is None:
            axis.set_title(str(labels[index]))
        else:
            axis.set_title(f"{labels[index]} → {predictions[index]}", color="crimson", fontsize=9)
    figure.suptitle(title)
    return figure


def label_counts(counts, title):
    """A bar chart of how many images each digit has."""
    figure, axis = plt.subplots(figsize=(7, 4))
    bars = axis.bar(range(10), counts, color="steelblue")
    axis.bar_label(bars, fontsize=8)
    axis.set_xticks(range(10))
    axis.set_xlabel("digit")
    axis.set_ylabel("images")
    axis.set_title(title)
    return figure


def history(history_dict, title):
    """Accuracy and loss per epoch, training vs validation, side by side."""
    figure, (accuracy_axis, loss_axis) = plt.subplots(1, 2, figsize=(11, 4))
    epochs = np.arange(1, len(history_dict["loss"]) + 1)
    for axis, metric in ((accuracy_axis, "accuracy"), (loss_axis, "loss")):
        axis.plot(epochs, history_dict[metric], "o-", label="train")
        if f"val_{metric}" in history_dict:
            axis.plot(epochs, history_dict[f"val_{metric}"], "o-", label="validation")
        axis.set_xlabel("epoch")
        axis.set_ylabel(metric)
        axis.set_xticks(epochs)
        axis.grid(alpha=0.3)
        axis.legend()
    figure.suptitle(title)
    return figure


def confusion_matrix(matrix, title):
    """Rows are the true digit, columns the predicted one; the diagonal is what went right."""
    matrix = np.asarray(matrix)
    figure, axis = plt.subplots(figsize=(7, 6))
    image = axis.imshow(np.log1p(matrix), cmap="Blues")  # log scale: mistakes stay visible
    for true in range(10):
        for predicted in range(10):
            value = matrix[true, predicted]
            color = "white" if value > matrix.max() / 10 else "black"
            axis.text(predicted, true, value, ha="center", va="center", fontsize=8, color=color)
    axis.set_xticks(range(10))
    axis.set_yticks(range(10))
    axis.set_xlabel("predicted digit")
    axis.set_ylabel("true digit")
    axis.set_title(title)
    figure.colorbar(image, ax=axis, label="log(1 + count)")
    return figure
