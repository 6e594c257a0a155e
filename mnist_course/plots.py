"""Figures the lessons save as PNG (always) and show: inline in a notebook, in a window at the end
of a terminal run (only when asked and possible).

所有图都保存为 PNG；在 notebook 里直接显示；在终端里只有在有显示器且没有 --no-show 时才弹出窗口，
无界面运行永不阻塞。
"""
import os
import sys

import matplotlib
import matplotlib.pyplot as plt  # picks no backend until the first figure: configure() still can
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from mnist_course import in_notebook, shown
from mnist_course.saving import replacing

_show_windows = False


def configure(no_show):
    """Decide once whether windows may open; without a display, draw off-screen (Agg).

    A notebook keeps its own (inline) backend: figures appear under the cell that made them.
    """
    global _show_windows
    if in_notebook():
        return
    has_display = sys.platform in ("win32", "darwin") or bool(
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    _show_windows = has_display and not no_show
    if not _show_windows:
        matplotlib.use("Agg")


def save(figure, path, dpi=100):
    """Save a figure as PNG (atomically), tell the learner where it is, show it in a notebook."""
    figure.tight_layout()
    with replacing(path) as temporary:
        # No "Software" tag (the matplotlib version): the same pixels are always the same bytes.
        figure.savefig(temporary, format="png", dpi=dpi, metadata={"Software": None})
    print(f"Saved figure 图已保存: {shown(path)}")
    if in_notebook():
        plt.show()  # the inline backend draws the figure under this cell, then closes it
    elif not _show_windows:
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


LAYER_COLOURS = {"Conv2D": "#4c8bf5", "MaxPooling2D": "#f5a04c", "Dropout": "#b0b0b0",
                 "Flatten": "#9c6ade", "Dense": "#3cb371", "Input": "#606060"}


def network_diagram(model, title):
    """The model's layers left to right: kind, set-up, output shape and parameter count of each."""
    rows = [("Input", "28 x 28 grey image", _shape_text(model.input_shape), 0)]
    for layer in model.layers:
        kind, setup = _describe(layer)
        rows.append((kind, setup, _shape_text(layer.output.shape), layer.count_params()))
    figure, axis = plt.subplots(figsize=(15, 4.2))
    axis.set_xlim(0, len(rows) * 1.6)
    axis.set_ylim(0, 4.2)
    axis.axis("off")
    for index, (kind, setup, shape, parameters) in enumerate(rows):
        x = index * 1.6 + 0.1
        axis.add_patch(FancyBboxPatch((x, 1.2), 1.3, 1.8, boxstyle="round,pad=0.03",
                                      facecolor=LAYER_COLOURS.get(kind, "#cccccc"), alpha=0.9))
        axis.text(x + 0.65, 2.55, kind, ha="center", va="center", fontsize=9, color="white", weight="bold")
        axis.text(x + 0.65, 2.0, setup.replace(", ", "\n"), ha="center", va="center", fontsize=7.5,
                  color="white")
        axis.text(x + 0.65, 0.85, shape, ha="center", va="center", fontsize=9)
        if parameters:
            axis.text(x + 0.65, 0.45, f"{parameters:,} params", ha="center", va="center", fontsize=7.5,
                      color="#444444")
        if index:
            axis.add_patch(FancyArrowPatch((x - 0.22, 2.1), (x - 0.02, 2.1), arrowstyle="->",
                                           mutation_scale=12))
    axis.text(0.1, 3.6, f"{title} — {model.count_params():,} parameters; below each layer: its output "
              "shape (height x width x channels)", fontsize=11)
    return figure


def _describe(layer):
    """Two lines of text for a layer: what it is and how it is set up."""
    kind = type(layer).__name__
    config = layer.get_config()
    if kind == "Conv2D":
        return kind, f"{config['filters']} filters {config['kernel_size'][0]}x{config['kernel_size'][1]}, " \
                     f"{config['activation']}"
    if kind == "MaxPooling2D":
        return kind, f"{config['pool_size'][0]}x{config['pool_size'][1]}"
    if kind == "Dropout":
        return kind, f"rate {config['rate']}"
    if kind == "Dense":
        return kind, f"{config['units']} units, {config['activation']}"
    if kind == "Flatten":
        return kind, "maps to\none vector"
    return kind, ""


def _shape_text(shape):
    return " x ".join(str(size) for size in shape[1:])


def what_the_cnn_sees(filters, image, feature_maps, layer_names, title, maps_per_layer=16):
    """The first layer's filters, one digit, and its feature maps after each layer, one row each.

    filters: (3, 3, 1, n) kernel of the first Conv2D; feature_maps: one (h, w, channels) array
    per layer. Bright = a strong answer: the filter found its pattern there.
    """
    columns = maps_per_layer
    rows = 2 + len(feature_maps)  # filters take two rows (32 of them), then one row per layer
    figure = plt.figure(figsize=(columns * 0.9, rows * 1.05 + 0.6))
    grid = figure.add_gridspec(rows, columns + 2)
    image_axis = figure.add_subplot(grid[0:2, 0:2])
    image_axis.imshow(np.reshape(image, (28, 28)), cmap="gray")
    image_axis.set_title("input", fontsize=9)
    image_axis.axis("off")
    kernels = filters[:, :, 0, :]
    for index in range(min(kernels.shape[-1], 2 * columns)):
        axis = figure.add_subplot(grid[index // columns, 2 + index % columns])
        limit = np.abs(kernels[..., index]).max()
        axis.imshow(kernels[..., index], cmap="RdBu_r", vmin=-limit, vmax=limit)  # red +, blue -
        axis.axis("off")
    for row, (name, maps) in enumerate(zip(layer_names, feature_maps), start=2):
        label_axis = figure.add_subplot(grid[row, 0:2])
        label_axis.axis("off")
        label_axis.text(0.95, 0.5, f"{name}\n{maps.shape[0]}x{maps.shape[1]}x{maps.shape[2]}",
                        ha="right", va="center", fontsize=8)
        maps = np.asarray(maps, dtype=np.float32)  # bfloat16 under mixed precision: matplotlib wants floats
        for channel in range(min(maps.shape[-1], columns)):
            axis = figure.add_subplot(grid[row, 2 + channel])
            axis.imshow(maps[..., channel], cmap="magma")
            axis.axis("off")
    figure.suptitle(f"{title}\ntop: the {kernels.shape[-1]} first-layer 3x3 filters (red: positive weight, "
                    f"blue: negative); below: feature maps after each layer (bright: the pattern is there)",
                    fontsize=10)
    return figure
