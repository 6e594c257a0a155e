# %% [markdown]
# # 第二课：用 Keras 的方式认识 MNIST / Lesson 2 — MNIST the Keras way
#
# 四个 uint8 数组：`(x_train, y_train), (x_test, y_test)`，像素 0 为背景、255 为笔迹。
# The four uint8 arrays `keras.datasets.mnist.load_data()` returns; `mnist_course.data.load_mnist`
# reads them from local files first, so the lesson also works offline (README 1.2 and 1.3).
#
# Run `python IntroduceMNISTKeras.py`, or open this file as a notebook. Expect x_train
# (60000, 28, 28) uint8, y_train (60000,), x_test (10000, 28, 28), y_test (10000,).

# %%
import numpy as np

from mnist_course import cli, data, plots

options = cli.lesson_options("IntroduceMNISTKeras.py", "Lesson 2: MNIST the Keras way", seed=False)

# %% [markdown]
# ## 1. 加载 MNIST / Load MNIST

# %%
cli.step(1, "加载 MNIST / Load MNIST")
(x_train, y_train), (x_test, y_test) = data.load_mnist(options.data_dir)

# %% [markdown]
# ## 2. 形状与类型 / Shapes and dtypes

# %%
cli.step(2, "形状与类型 / Shapes and dtypes")
for name, array in (("x_train", x_train), ("y_train", y_train), ("x_test", x_test), ("y_test", y_test)):
    print(f"{name:<8} shape {str(array.shape):<16} dtype {array.dtype}")

# %% [markdown]
# ## 3. 像素范围 / Pixel range
# 0 = background 背景, 255 = ink 笔迹.

# %%
cli.step(3, "像素范围 / Pixel range: 0 = background 背景, 255 = ink 笔迹")
print(f"min {x_train.min()}, max {x_train.max()}; "
      f"{np.mean(x_train == 0):.0%} of all training pixels are pure background")
print(f"first training labels: {y_train[:10].tolist()}")

# %% [markdown]
# ## 4. 看看样本 / Look at the first training images

# %%
cli.step(4, "看看样本 / Look at the first training images")
figure = plots.sample_grid(x_train[:32], y_train[:32], "MNIST training images with their labels")
plots.save(figure, options.output_dir / "introduce_mnist_keras_samples.png")
plots.show_all()
