# %% [markdown]
# # 第三课：实战 MNIST Softmax 网络 / Lesson 3 — a softmax network for MNIST
#
# 每张图片展开成 784 个数；两层各 512 个神经元的全连接层学习特征；最后 10 个输出经 softmax
# 变成每个数字的概率。训练、保存为 HDF5、重新加载，最后在测试集上报告结果。
#
# Each image becomes 784 numbers; two Dense layers of 512 learn features; a softmax layer of 10
# gives one probability per digit. Trained, saved as HDF5, loaded back, tested (README section 3).
#
# Run `python MNISTSoftmax.py` (`--help` lists the options), or open this file as a notebook
# (README, "Open a lesson as a notebook"). Expect about 98.5% test accuracy in about a minute;
# the model, figures and report land in `output/`.

# %%
from mnist_course import cli

EPOCHS = 10
BATCH_SIZE = 128
LEARNING_RATE = 1e-3  # Adam's usual start; it decays to 0 over the run
VALIDATION_SIZE = 5000  # the last 5,000 training images check progress; the test set waits till the end

# Options first: --help and a mistyped option answer at once, before TensorFlow's seconds of loading.
options = cli.lesson_options("MNISTSoftmax.py", "Lesson 3: a softmax network for MNIST", EPOCHS, BATCH_SIZE)

# %%
import math

import numpy as np

from mnist_course import data, plots, report, saving, shown, training  # training imports TensorFlow, quietly
import keras

keras.utils.set_random_seed(options.seed)  # the same seed gives the same model (README 3.6)

# %% [markdown]
# ## 1. 加载 MNIST / Load MNIST
# The four arrays `keras.datasets.mnist.load_data()` returns; local files are read first (README 1.3).

# %%
cli.step(1, "加载 MNIST / Load MNIST")
(x_train, y_train), (x_test, y_test) = data.load_mnist(options.data_dir)
print(f"training images {x_train.shape}, test images {x_test.shape}")

# %% [markdown]
# ## 2. 数据规范化 / Normalize
# 每张图片变成 784 个 [0, 1] 之间的 float32；训练集最后 5,000 张作验证集。
# Each image becomes 784 float32 values in [0, 1]; the last 5,000 training images validate.

# %%
cli.step(2, "数据规范化 / Normalize: 784 values per image, float32 / 255 -> [0, 1]")
x_train = x_train.reshape(-1, 784).astype("float32") / 255
x_test = x_test.reshape(-1, 784).astype("float32") / 255
(x_train, y_train), (x_val, y_val) = data.hold_out(x_train, y_train, VALIDATION_SIZE, options.train_limit)
print(f"train {x_train.shape} {x_train.dtype}, validation {x_val.shape}, test {x_test.shape}; "
      f"pixels in [{x_train.min()}, {x_train.max()}]")

# %% [markdown]
# ## 3. 统计标签 / Count the labels
# Roughly ten percent each: accuracy is a fair summary.

# %%
cli.step(3, "统计标签 / Count the labels")
counts = np.bincount(y_train, minlength=10)
print("  ".join(f"{digit}: {count}" for digit, count in enumerate(counts)))
plots.save(plots.label_counts(counts, f"Training labels ({len(y_train)} images)"),
           options.output_dir / "mnist_softmax_label_counts.png")

# %% [markdown]
# ## 4. One-hot 编码 / One-hot encode the labels
# `categorical_crossentropy` compares the 10 probabilities with a one-hot vector (README 2).

# %%
cli.step(4, "One-hot 编码 / One-hot encode the labels")
y_train_onehot = keras.utils.to_categorical(y_train, 10)
y_val_onehot = keras.utils.to_categorical(y_val, 10)
y_test_onehot = keras.utils.to_categorical(y_test, 10)
print(f"label {y_train[0]} -> {y_train_onehot[0].astype(int).tolist()}")

# %% [markdown]
# ## 5. 定义模型 / Define the model
# 784 inputs → Dense 512 relu → Dense 512 relu → Dense 10 softmax. Layers made after
# `set_precision` compute in bfloat16 where the CPU has it (README 5.3).

# %%
cli.step(5, "定义模型 / Define the model: keras.Sequential")
training.set_precision(options.precision)
model = keras.Sequential([
    keras.Input((784,)),
    keras.layers.Dense(512, activation="relu"),
    keras.layers.Dense(512, activation="relu"),
    # float32 output: softmax probabilities need more precision than bfloat16 has (README 5.3)
    keras.layers.Dense(10, activation="softmax", dtype="float32"),
], name="mnist_softmax")
model.summary()

# %% [markdown]
# ## 6. 编译模型 / Compile
# Cross-entropy loss, the Adam optimizer, accuracy as the metric. The learning rate follows a
# cosine from 0.001 down to 0 over the run: big steps first, small ones to settle at the end.

# %%
cli.step(6, "编译模型 / Compile: categorical cross-entropy, Adam, accuracy")
total_steps = math.ceil(len(x_train) / options.batch_size) * options.epochs
schedule = keras.optimizers.schedules.CosineDecay(LEARNING_RATE, decay_steps=total_steps)
model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(schedule), metrics=["accuracy"])
print(f"Adam: learning rate {LEARNING_RATE}, decaying to 0 along a cosine over {total_steps:,} steps")

# %% [markdown]
# ## 7. 训练模型 / Train
# `fit` returns the `history` of every epoch. The backup lets Ctrl-C and the same command again
# continue from the last finished epoch (README 3.5).

# %%
cli.step(7, f"训练模型 / Train: fit() for {options.epochs} epochs, batch size {options.batch_size}")
backup = training.Backup(options.output_dir / "mnist_softmax_backup", options, len(x_train))
timer = training.Timer()
history = model.fit(x_train, y_train_onehot, batch_size=options.batch_size, epochs=options.epochs,
                    initial_epoch=backup.epochs_done, validation_data=(x_val, y_val_onehot),
                    callbacks=[backup, timer], verbose=training.progress_style())

# %% [markdown]
# ## 8. 训练过程 / Plot the history
# Accuracy and loss per epoch, training against validation.

# %%
cli.step(8, "训练过程 / Plot accuracy and loss, train vs validation")
whole_history = backup.with_earlier_epochs(history.history)  # after a resume: the earlier epochs too
plots.save(plots.history(whole_history, "mnist_softmax: training history"),
           options.output_dir / "mnist_softmax_history.png")

# %% [markdown]
# ## 9. 保存模型 / Save as HDF5
# Written to a temporary file, then renamed: a crash never leaves half a model (README 3.3).

# %%
cli.step(9, "保存模型 / Save as HDF5")
model_path = options.output_dir / "mnist_softmax.h5"
with saving.replacing(model_path) as temporary_path:
    model.save(temporary_path)  # HDF5, because the file name ends in .h5
print(f"Saved model 模型已保存: {shown(model_path)}")
backup.finish()  # the trained model is safe on disk: the training backup has done its job

# %% [markdown]
# ## 10. 加载模型 / Load it back

# %%
cli.step(10, "加载模型 / Load it back with keras.models.load_model")
loaded_model = keras.models.load_model(model_path)
print(f"Loaded {shown(model_path)}: {loaded_model.name}, {loaded_model.count_params():,} parameters")

# %% [markdown]
# ## 11. 测试集结果 / Results on the test set
# The test set is used once, now, by the loaded model.

# %%
cli.step(11, "测试集结果 / Results on the test set (used once, now)")
test_loss, test_accuracy = loaded_model.evaluate(x_test, y_test_onehot, verbose=0)
probabilities = loaded_model.predict(x_test, verbose=0)
predicted = probabilities.argmax(axis=1)
print(f"Test loss: {test_loss:.4f}   Test accuracy: {test_accuracy:.2%}")
print("Classified correctly count:", np.sum(predicted == y_test))
print("Classified incorrectly count:", np.sum(predicted != y_test))
report.publish("mnist_softmax", options.output_dir, x_test, y_test, probabilities, test_loss,
               training={**backup.settings, "command": options.command, "history": whole_history,
                         "seconds_per_epoch": timer.seconds_per_epoch()})
plots.show_all()
