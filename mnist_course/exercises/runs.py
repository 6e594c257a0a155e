"""What a lesson's run left in output/, read without TensorFlow: the .h5 model and the report JSON.

读取课程运行后留在 output/ 里的东西（.h5 模型和报告 JSON），不导入 TensorFlow，所以检查只需一两秒。
A Keras .h5 file is an HDF5 file: the model's layers as JSON in its `model_config` attribute,
each layer's weights under `model_weights/<layer name>/`. h5py reads both.
"""
import json
from pathlib import Path

import numpy as np

from mnist_course import CourseError

LESSONS = {"mnist_softmax": "MNISTSoftmax.py", "mnist_cnn": "MNISTCNN.py"}  # output name -> lesson


class Run:
    """One finished run of a training lesson: its model's layers and weights, and its report."""

    def __init__(self, root, name):
        output = Path(root) / "output"
        self.model_path = output / f"{name}.h5"
        self.report_path = output / f"{name}_report.json"
        run_it = f"run python {LESSONS[name]} first"
        for path in (self.model_path, self.report_path):
            if not path.is_file():
                raise CourseError(f"{path.relative_to(root)}: not found; {run_it}")
        self.layers, self.weights = read_model(self.model_path)
        try:
            self.report = json.loads(self.report_path.read_text(encoding="utf-8"))
            self.settings = self.report["training"]
            self.history = self.settings["history"]
            self.test_accuracy = float(self.report["test_accuracy"])
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
            raise CourseError(f"{self.report_path.relative_to(root)}: not a lesson's report; {run_it} again")
        # The report is written last: one older than the model means the run stopped before its end.
        if self.report_path.stat().st_mtime < self.model_path.stat().st_mtime:
            raise CourseError(f"{self.report_path.relative_to(root)}: older than {self.model_path.name}, "
                              f"the run did not finish; {run_it} again")

    def kinds(self):
        """The layers' class names in order, e.g. ["Dense", "Dense", "Dense"]."""
        return [layer["class_name"] for layer in self.layers]

    def last_epoch(self, metric):
        return float(self.history[metric][-1])


def read_model(path):
    """(layers, weights) of a Sequential .h5 model: the layer configs after the input, and for
    each layer its weight arrays in Keras's order (kernel, bias)."""
    import h5py  # installed with Keras, which saves .h5 through it

    try:
        with h5py.File(path, "r") as file:
            config = json.loads(file.attrs["model_config"])
            layers = [layer for layer in config["config"]["layers"] if layer["class_name"] != "InputLayer"]
            stored = file["model_weights"]
            weights = []
            for layer in layers:
                group = stored.get(layer["config"]["name"])
                names = [] if group is None else group.attrs.get("weight_names", [])
                weights.append([np.asarray(group[name], dtype=np.float32) for name in names])
    except (OSError, KeyError, ValueError, TypeError) as error:
        raise CourseError(f"{path}: not a Sequential Keras .h5 model ({error})")
    return layers, weights


def activation(name, z):
    if name == "relu":
        return np.maximum(z, 0)
    if name == "softmax":
        exp = np.exp(z - z.max(axis=-1, keepdims=True))  # minus the largest: exp never overflows
        return exp / exp.sum(axis=-1, keepdims=True)
    if name == "linear":
        return z
    raise CourseError(f"activation {name!r}: the exercises' NumPy model knows relu, softmax and linear")


def convolve(images, kernel, bias):
    """Conv2D without padding, stride 1: images (n, h, w, c), kernel (kh, kw, c, filters)."""
    windows = np.lib.stride_tricks.sliding_window_view(images, kernel.shape[:2], axis=(1, 2))
    return np.einsum("nijcxy,xycf->nijf", windows, kernel, optimize=True) + bias


def forward(layers, weights, images):
    """The model's outputs for a batch of images, in NumPy: the same sums as Keras, in float32.

    Knows the layers of the course's two models (Dense, Conv2D, MaxPooling2D, Dropout, Flatten);
    Dropout does nothing at prediction time.
    """
    values = np.asarray(images, dtype=np.float32)
    for layer, arrays in zip(layers, weights):
        kind, config = layer["class_name"], layer["config"]
        if kind == "Dense":
            values = activation(config["activation"], values @ arrays[0] + arrays[1])
        elif kind == "Conv2D":
            if config.get("padding") != "valid" or tuple(config.get("strides", (1, 1))) != (1, 1):
                raise CourseError("Conv2D: the exercises' NumPy model knows padding 'valid', strides 1 only")
            values = activation(config["activation"], convolve(values, arrays[0], arrays[1]))
        elif kind == "MaxPooling2D":
            size = tuple(config["pool_size"])
            n, height, width, channels = values.shape
            rows, columns = height // size[0], width // size[1]  # "valid": a ragged edge is dropped
            values = values[:, :rows * size[0], :columns * size[1]].reshape(
                n, rows, size[0], columns, size[1], channels).max(axis=(2, 4))
        elif kind == "Flatten":
            values = values.reshape(len(values), -1)
        elif kind != "Dropout":
            raise CourseError(f"{kind}: a layer the exercises' NumPy model does not know")
    return values
