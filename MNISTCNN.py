# %% [markdown]
# # 第四课：实战 MNIST CNN 网络 / Lesson 4 — a convolutional network (CNN) for MNIST
#
# 卷积、池化、Dropout、Flatten：卷积网络知道相邻的像素组成笔画，测试准确率 99.3% 以上。
# 步骤与第三课相同，不同的是图片形状 (28, 28, 1)、模型本身、平移数据增强，以及查看网络结构与
# 训练好的网络"看到"了什么。
#
# Convolutions, pooling, dropout, flatten: a CNN knows that neighbouring pixels form strokes, and
# reaches over 99.3% test accuracy (README sections 4 and 5). The steps are those of lesson 3; new
# are the image shape (28, 28, 1), the model, shifted training images, a look at the network's
# structure and at what the trained network sees.
#
# Run `python MNISTCNN.py` (`--help` lists the options), or open this file as a notebook (README,
# "Open a lesson as a notebook"). It says after a few seconds of training how long it will take on
# your machine (README 5.3); the model, figures and report land in `output/`.

# %%
from mnist_course import cli

# The recipe of README 5.2, each part measured: 99.3% or more in 4 epochs.
EPOCHS = 4
BATCH_SIZE = 64
PEAK_LEARNING_RATE = 5e-3  # reached after a warm-up, then decaying to 0
WARMUP = 0.1  # the first tenth of the steps climbs from 0 to the peak
MAX_SHIFT = 1  # pixels each training image may move each way, every epoch
VALIDATION_SIZE = 5000  # the last 5,000 training images check progress; the test set waits till the end

# Options first: --help and a mistyped option answer at once, before TensorFlow's seconds of loading.
options = cli.lesson_options("MNISTCNN.py", "Lesson 4: a convolutional network for MNIST", EPOCHS, BATCH_SIZE)

# %%
import math

import numpy as np

from mnist_course import data, plots, report, saving, shown, training  # training imports TensorFlow, quietly
import keras

keras.utils.set_random_seed(options.seed)  # the same seed gives the same model (README 3.6)

# %% [markdown]
# ## 1. 加载 MNIST / Load MNIST

# %%
cli.step(1, "加载 MNIST / Load MNIST")
(x_train, y_train), (x_test, y_test) = data.load_mnist(options.data_dir)
print(f"training images {x_train.shape}, test images {x_test.shape}")

# %% [markdown]
# ## 2. 数据规范化 / Normalize
# 卷积层要的是图片，不是 784 个数：形状 (28, 28, 1)，最后一维是颜色通道（灰度只有 1 个）。
# A convolution wants images, not lists of 784 numbers: shape (28, 28, 1), the last axis holding
# the colour channels (grey has one).

# %%
cli.step(2, "数据规范化 / Normalize: images of shape (28, 28, 1), float32 / 255 -> [0, 1]")
x_train = np.expand_dims(x_train, -1).astype("float32") / 255
x_test = np.expand_dims(x_test, -1).astype("float32") / 255
(x_train, y_train), (x_val, y_val) = data.hold_out(x_train, y_train, VALIDATION_SIZE, options.train_limit)
print(f"train {x_train.shape}, validation {x_val.shape}, test {x_test.shape}")

# %% [markdown]
# ## 3. 统计标签 / Count the labels

# %%
cli.step(3, "统计标签 / Count the labels")
counts = np.bincount(y_train, minlength=10)
plots.save(plots.label_counts(counts, f"Training labels ({len(y_train)} images)"),
           options.output_dir / "mnist_cnn_label_counts.png")

# %% [markdown]
# ## 4. One-hot 编码 / One-hot encode the labels

# %%
cli.step(4, "One-hot 编码 / One-hot encode the labels")
y_train_onehot, y_val_onehot, y_test_onehot = (keras.utils.to_categorical(y, 10) for y in (y_train, y_val, y_test))

# %% [markdown]
# ## 5. 定义模型 / Define the CNN
# Two convolutions, max pooling, dropout, flatten, a dense layer, 10 softmax outputs (README 4).

# %%
cli.step(5, "定义模型 / Define the CNN: keras.Sequential")
training.set_precision(options.precision)  # bfloat16 makes this CNN's training about 1.5x faster
layers = keras.layers
model = keras.Sequential([
    keras.Input((28, 28, 1)),
    layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),  # 32 detectors of small strokes
    layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),  # 64 of their combinations
    layers.MaxPooling2D(pool_size=(2, 2)),  # keep the strongest answer of each 2x2 patch
    layers.Dropout(0.25),  # drop a quarter of the features while training: less memorising
    layers.Flatten(),  # 12 x 12 x 64 feature maps -> one vector of 9,216 numbers
    layers.Dense(128, activation="relu"),
    layers.Dropout(0.5),
    layers.Dense(10, activation="softmax", dtype="float32"),  # probabilities in float32
], name="mnist_cnn")

# %% [markdown]
# ## 6. 查看 MNIST CNN 模型网络结构 / Look at the network's structure
# `model.summary()` lists each layer's output shape and parameters; the diagram draws the same.

# %%
cli.step(6, "查看 MNIST CNN 模型网络结构 / Look at the network's structure")
model.summary()
plots.save(plots.network_diagram(model, "MNISTCNN.py"), options.output_dir / "mnist_cnn_structure.png", dpi=110)

# %% [markdown]
# ## 7. 编译模型 / Compile
# 学习率先用十分之一的步数从 0 升到 0.005（"预热"），再沿余弦曲线降到 0：步子大，所以 4 轮就够。
# As in lesson 3, with a learning-rate schedule for few epochs: a warm-up from 0 to 0.005 over the
# first tenth of the steps (big steps on fresh, random weights would throw them about), then a
# cosine decay to 0. The big steps in between are why 4 epochs are enough (README 5.2).

# %%
cli.step(7, "编译模型 / Compile: categorical cross-entropy, Adam with warm-up and cosine decay, accuracy")
total_steps = math.ceil(len(x_train) / options.batch_size) * options.epochs
warmup_steps = round(WARMUP * total_steps)
schedule = keras.optimizers.schedules.CosineDecay(0.0, decay_steps=total_steps - warmup_steps,
                                                  warmup_target=PEAK_LEARNING_RATE, warmup_steps=warmup_steps)
model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(schedule), metrics=["accuracy"])
print(f"Adam: learning rate 0 -> {PEAK_LEARNING_RATE} over {warmup_steps:,} steps, then down to 0 along a "
      f"cosine over {total_steps - warmup_steps:,}")

# %% [markdown]
# ## 8. 训练模型 / Train on shifted images
# 每一轮每张训练图片随机平移至多 1 个像素：网络学的是形状，不是像素的确切位置。
# Every epoch each training image moves by up to 1 pixel each way: the network learns shapes, not
# exact pixel positions. Ctrl-C, then the same command, continues from the last finished epoch.

# %%
cli.step(8, f"训练模型 / Train: fit() for {options.epochs} epochs, batch size {options.batch_size}")
shifted_batches = training.shifted_batches(x_train, y_train_onehot, options.batch_size, options.seed, MAX_SHIFT)
backup = training.Backup(options.output_dir / "mnist_cnn_backup", options, len(x_train))
timer = training.Timer()
history = model.fit(shifted_batches, epochs=options.epochs, initial_epoch=backup.epochs_done,
                    validation_data=(x_val, y_val_onehot), callbacks=[backup, timer],
                    shuffle=False,  # shifted_batches shuffles every epoch itself
                    verbose=training.progress_style())

# %% [markdown]
# ## 9. 训练过程 / Plot the history

# %%
cli.step(9, "训练过程 / Plot accuracy and loss, train vs validation")
whole_history = backup.with_earlier_epochs(history.history)  # after a resume: the earlier epochs too
plots.save(plots.history(whole_history, "mnist_cnn: training history"), options.output_dir / "mnist_cnn_history.png")

# %% [markdown]
# ## 10. 网络看到了什么 / What the trained network sees
# 第一层的 32 个 3x3 卷积核，以及一张测试图片经过每个卷积层和池化层后的特征图（每层前 16 张）。
# The 32 first-layer filters, and one test digit's feature maps after each convolution and the
# pooling (the first 16 of each layer): bright where a filter found its pattern.

# %%
cli.step(10, "网络看到了什么 / What the trained network sees: filters and feature maps")
seeing_layers = model.layers[:3]  # Conv2D, Conv2D, MaxPooling2D
feature_model = keras.Model(model.inputs, [layer.output for layer in seeing_layers])
feature_maps = feature_model.predict(x_test[:1], verbose=0)
figure = plots.what_the_cnn_sees(seeing_layers[0].get_weights()[0], x_test[0], [maps[0] for maps in feature_maps],
                                 [layer.name for layer in seeing_layers], f"What the trained CNN sees: test digit {y_test[0]}")
plots.save(figure, options.output_dir / "mnist_cnn_feature_maps.png")

# %% [markdown]
# ## 11. 保存模型 / Save as HDF5

# %%
cli.step(11, "保存模型 / Save as HDF5")
model_path = options.output_dir / "mnist_cnn.h5"
with saving.replacing(model_path) as temporary_path:  # a crash never leaves half a model
    model.save(temporary_path)
print(f"Saved model 模型已保存: {shown(model_path)}")
backup.finish()  # the trained model is safe on disk: the training backup has done its job

# %% [markdown]
# ## 12. 加载模型 / Load it back

# %%
cli.step(12, "加载模型 / Load it back with keras.models.load_model")
loaded_model = keras.models.load_model(model_path)

# %% [markdown]
# ## 13. 测试集结果 / Results on the test set

# %%
cli.step(13, "测试集结果 / Results on the test set (used once, now)")
test_loss, test_accuracy = loaded_model.evaluate(x_test, y_test_onehot, verbose=0)
probabilities = loaded_model.predict(x_test, verbose=0)
print(f"Test loss: {test_loss:.4f}   Test accuracy: {test_accuracy:.2%}")
print("Classified correctly count:", np.sum(probabilities.argmax(axis=1) == y_test))
print("Classified incorrectly count:", np.sum(probabilities.argmax(axis=1) != y_test))
report.publish("mnist_cnn", options.output_dir, x_test, y_test, probabilities, test_loss,
               training={**backup.settings, "command": options.command, "history": whole_history,
                         "seconds_per_epoch": timer.seconds_per_epoch()})

plots.show_all()
