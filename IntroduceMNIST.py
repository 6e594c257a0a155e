# %% [markdown]
# # 第一课：用 TensorFlow 1 的方式认识 MNIST / Lesson 1 — MNIST the TensorFlow 1 way
#
# `read_data_sets`、数据划分、one-hot 标签、小批量。TensorFlow 2 已经删除了原来的
# `tensorflow.examples.tutorials.mnist` 模块；课程在 `mnist_course/legacy.py` 里按原样重建了它。
# The original loader is gone from TensorFlow 2; `mnist_course/legacy.py` rebuilds it with the
# same behaviour: splits, one-hot labels, mini-batches (README 1.1).
#
# Run `python IntroduceMNIST.py`, or open this file as a notebook. Expect train 55000,
# validation 5000, test 10000; images (55000, 784) float32 in [0, 1].

# %%
import numpy as np

from mnist_course import cli, plots
from mnist_course.legacy import read_data_sets

options = cli.lesson_options("IntroduceMNIST.py", "Lesson 1: MNIST the TensorFlow 1 way")

# %% [markdown]
# ## 1. 加载 MNIST / Load MNIST with `read_data_sets(one_hot=True)`

# %%
cli.step(1, "加载 MNIST / Load MNIST with read_data_sets(one_hot=True)")
mnist = read_data_sets(options.data_dir, one_hot=True, seed=options.seed)

# %% [markdown]
# ## 2. 数据划分 / The three splits
# The first 5,000 training images became the validation set.

# %%
cli.step(2, "数据划分 / The three splits")
for name in ("train", "validation", "test"):
    split = getattr(mnist, name)
    print(f"{name:<10} {split.num_examples:>6} examples   images {split.images.shape}   "
          f"labels {split.labels.shape}")

# %% [markdown]
# ## 3. 一张图片 / One image: 784 pixels in [0, 1] and a one-hot label

# %%
cli.step(3, "一张图片 / One image: 784 pixels in [0, 1] and a one-hot label")
image, label = mnist.train.images[0], mnist.train.labels[0]
print(f"dtype {image.dtype}, pixel range [{image.min():.3f}, {image.max():.3f}]; "
      f"{np.count_nonzero(image)} of 784 pixels have ink")
print(f"label vector {label.astype(int).tolist()} -> digit {label.argmax()}")

# %% [markdown]
# ## 4. 小批量 / A mini-batch from `next_batch(100)`
# Each epoch every image comes exactly once, in a new random order (`--seed` fixes it).

# %%
cli.step(4, "小批量 / A mini-batch from next_batch(100)")
batch_images, batch_labels = mnist.train.next_batch(100)
print(f"batch images {batch_images.shape}, batch labels {batch_labels.shape}; "
      f"digits in this batch: {batch_labels.argmax(axis=1)[:20].tolist()} ...")

# %% [markdown]
# ## 5. 看看样本 / Look at the first training images

# %%
cli.step(5, "看看样本 / Look at the first training images")
figure = plots.sample_grid(mnist.train.images[:32], mnist.train.labels[:32].argmax(axis=1),
                           "MNIST training images (read_data_sets) with their labels")
plots.save(figure, options.output_dir / "introduce_mnist_samples.png")
plots.show_all()
