"""Lesson 4 — a convolutional network (CNN) for MNIST: the course's main lesson.

第四课：实战 MNIST CNN 网络 —— 卷积、池化、Dropout、Flatten，测试准确率 99.3% 以上。
Same steps as MNISTSoftmax.py (this lesson reuses its data preparation and its training and
testing steps); what is new is the image shape (28, 28, 1) and the model.

Run: python MNISTCNN.py                   (model, figures and report land in output/)
Expect: at least 99.3% test accuracy in under 5 minutes on a 2-core laptop CPU (README, 5).
"""
from mnist_course import cli, plots, training
from MNISTSoftmax import prepare_data, train_and_test

keras = cli.import_keras()

TRAINING_DEFAULTS = {"epochs": 10, "batch_size": 128}
LEARNING_RATE = 2e-3  # twice the softmax lesson's: measured better for this short run (README 5.2)


def build_model():
    """Step 5: two convolutions, max pooling, dropout, flatten, a dense layer, 10 softmax outputs."""
    layers = keras.layers
    return keras.Sequential([
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


def main():
    args = cli.lesson_parser(__doc__.splitlines()[0], TRAINING_DEFAULTS).parse_args()
    plots.configure(args.no_show)
    keras.utils.set_random_seed(args.seed)
    data = prepare_data(args, image_shape=(28, 28, 1), name="mnist_cnn")

    cli.step(5, "定义模型 / Define the CNN: keras.Sequential")
    training.set_precision(args.precision)
    model = build_model()
    model.summary()
    for layer in model.layers:
        print(f"{layer.name:<16} output shape {tuple(layer.output.shape)}")
    # Data augmentation (README 5.2): every epoch each training image is shifted by up to 2 pixels.
    batches = training.shifted_batches(data.x_train, data.y_train, args.batch_size, args.seed)
    train_and_test(model, data, args, "mnist_cnn", LEARNING_RATE, training_data=batches)


if __name__ == "__main__":
    cli.run(main)
