"""Lesson 2 — MNIST the Keras way: (x_train, y_train), (x_test, y_test) as uint8 arrays.

第二课：用 Keras 的方式认识 MNIST —— 四个 uint8 数组，像素 0 为背景、255 为笔迹。
The same arrays keras.datasets.mnist.load_data() returns; mnist_course.data reads them from
local files first, so the lesson also works offline.

Run: python IntroduceMNISTKeras.py       (figures land in output/)
Expect: x_train (60000, 28, 28) uint8, y_train (60000,), x_test (10000, 28, 28), y_test (10000,).
"""
from pathlib import Path

import numpy as np

from mnist_course import cli, plots
from mnist_course.data import load_mnist


def main():
    args = cli.lesson_parser(__doc__.splitlines()[0]).parse_args()
    plots.configure(args.no_show)
    output_dir = Path(args.output_dir)

    cli.step(1, "加载 MNIST / Load MNIST")
    (x_train, y_train), (x_test, y_test) = load_mnist(args.data_dir)

    cli.step(2, "形状与类型 / Shapes and dtypes")
    for name, array in (("x_train", x_train), ("y_train", y_train),
                        ("x_test", x_test), ("y_test", y_test)):
        print(f"{name:<8} shape {str(array.shape):<16} dtype {array.dtype}")

    cli.step(3, "像素范围 / Pixel range: 0 = background 背景, 255 = ink 笔迹")
    print(f"min {x_train.min()}, max {x_train.max()}; "
          f"{np.mean(x_train == 0):.0%} of all training pixels are pure background")
    print(f"first training labels: {y_train[:10].tolist()}")

    cli.step(4, "看看样本 / Look at the first training images")
    figure = plots.sample_grid(x_train[:32], y_train[:32], "MNIST training images with their labels")
    plots.save(figure, output_dir / "introduce_mnist_keras_samples.png")
    plots.show_all()


if __name__ == "__main__":
    cli.run(main)
