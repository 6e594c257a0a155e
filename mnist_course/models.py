"""A trained model from a file, loaded safely, and images shaped the way it wants them.

安全地加载训练好的模型文件，并把 28x28 图像整理成模型需要的输入形状。
Used by the tools that answer with a trained model: MNISTPredict.py and MNISTDraw.py.
"""
from pathlib import Path

import numpy as np

from mnist_course import CourseError, cli


def load_model(path, default=False):
    """Load a Keras model safely and check it takes MNIST-shaped input and gives 10 classes.

    safe_mode=True refuses Lambda layers with pickled Python code, and no custom objects are
    passed: loading someone else's model file cannot run code. compile=False: we only predict.
    """
    path = Path(path)
    if path.is_dir():
        raise CourseError(f"{path}: is a folder, not a model file")
    if not path.is_file():
        hint = " (train it first: python MNISTCNN.py)" if default else ""
        raise CourseError(f"{path}: model file not found{hint}")
    keras = cli.import_keras()
    try:
        model = keras.models.load_model(path, compile=False, safe_mode=True)
    except Exception as error:  # h5py, zipfile and Keras raise many kinds; all mean "not a model"
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0].split(". ")[0]
        raise CourseError(f"{path}: not a Keras model we can load safely ({reason[:160]})")
    input_shape = tuple(model.input_shape[1:]) if not isinstance(model.input_shape, list) else None
    if input_shape not in ((28, 28, 1), (28, 28), (784,)):
        raise CourseError(f"{path}: model input shape {input_shape} does not fit 28x28 MNIST "
                          f"images; expected (28, 28, 1), (28, 28) or (784,)")
    if tuple(model.output_shape[1:]) != (10,):
        raise CourseError(f"{path}: model output shape {model.output_shape[1:]} is not 10 digits")
    return model


def model_input(model, images):
    """28x28 images in [0, 1] as the model takes them: (n, 28, 28, 1) for a CNN, (n, 784) for softmax."""
    return images.reshape((len(images), *model.input_shape[1:])).astype(np.float32)
