"""Draw Data/MNISTCNN示意图.PNG from the real CNN of MNISTCNN.py: its layers and output shapes.

根据 MNISTCNN.py 中真实模型的各层与输出形状绘制网络示意图，图与代码永远一致。
Run: python tools/draw_cnn_diagram.py [--output PATH]
"""
import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # so the lesson can be imported when run from anywhere

import matplotlib  # noqa: E402

matplotlib.use("Agg")  # a file, never a window
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

from mnist_course import cli  # noqa: E402
from mnist_course.saving import replacing  # noqa: E402

LAYER_COLOURS = {"Conv2D": "#4c8bf5", "MaxPooling2D": "#f5a04c", "Dropout": "#b0b0b0",
                 "Flatten": "#9c6ade", "Dense": "#3cb371", "Input": "#606060"}


def describe(layer):
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


def shape_text(shape):
    return " x ".join(str(size) for size in shape[1:])


def draw(model, path):
    rows = [("Input", "28 x 28 grey image", shape_text(model.input_shape), 0)]
    for layer in model.layers:
        kind, setup = describe(layer)
        rows.append((kind, setup, shape_text(layer.output.shape), layer.count_params()))
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
    axis.text(0.1, 3.6, f"MNISTCNN.py — {model.count_params():,} parameters; below each layer: its output "
              "shape (height x width x channels)", fontsize=11)
    with replacing(path) as temporary:
        figure.savefig(temporary, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("--output", default=str(REPO / "Data" / "MNISTCNN示意图.PNG"),
                        help="where to write the PNG")
    args = parser.parse_args()
    cli.import_keras()
    from MNISTCNN import build_model

    draw(build_model(), Path(args.output))
    print(f"Saved diagram 示意图已保存: {args.output}")


if __name__ == "__main__":
    cli.run(main)
