"""The TensorFlow 1 loader the original course used, rebuilt on today's data layer.

`tensorflow.examples.tutorials.mnist.input_data.read_data_sets` was removed in TensorFlow 2.
This keeps its behaviour: 55,000 / 5,000 / 10,000 split (validation = the FIRST 5,000 training
images), images flattened to 784 float32 values in [0, 1], optional one-hot labels, and
`next_batch` that reshuffles every epoch.
TF1 的 input_data.read_data_sets 在 TF2 中已被删除，这里按原来的行为重新实现。
"""
import collections

import numpy as np

from mnist_course import CourseError
from mnist_course.data import load_mnist

Datasets = collections.namedtuple("Datasets", ["train", "validation", "test"])


class DataSet:
    """Images and labels of one split, served in shuffled mini-batches."""

    def __init__(self, images, labels, one_hot=False, seed=None):
        self.images = images.reshape(len(images), 28 * 28).astype(np.float32) / 255.0
        self.labels = np.eye(10, dtype=np.float32)[labels] if one_hot else labels
        self.num_examples = len(images)
        self.epochs_completed = 0
        self._random = np.random.default_rng(seed)
        self._order = np.arange(self.num_examples)
        self._index_in_epoch = 0

    def next_batch(self, batch_size, shuffle=True):
        """The next `batch_size` examples; every example comes once per epoch, in a new order."""
        if not 0 < batch_size <= self.num_examples:
            raise CourseError(f"batch size {batch_size} must be between 1 and {self.num_examples}")
        if self.epochs_completed == 0 and self._index_in_epoch == 0 and shuffle:
            self._random.shuffle(self._order)
        start = self._index_in_epoch
        if start + batch_size <= self.num_examples:
            self._index_in_epoch += batch_size
            return self._take(self._order[start:self._index_in_epoch])
        # The epoch ends inside this batch: its rest, then the start of a freshly shuffled epoch.
        rest = self._order[start:].copy()  # a copy: the shuffle below reorders _order in place
        self.epochs_completed += 1
        if shuffle:
            self._random.shuffle(self._order)
        self._index_in_epoch = batch_size - len(rest)
        return self._take(np.concatenate([rest, self._order[:self._index_in_epoch]]))

    def _take(self, indices):
        return self.images[indices], self.labels[indices]


def read_data_sets(train_dir=None, one_hot=False, validation_size=5000, seed=None):
    """Like TF1's input_data.read_data_sets(train_dir, one_hot=...); train_dir is a data folder
    (None: MNIST_DATA_DIR, Data/, the caches, then a download; README 1.3)."""
    (x_train, y_train), (x_test, y_test) = load_mnist(train_dir)
    if not 0 <= validation_size <= len(x_train):
        raise CourseError(f"validation size {validation_size} must be between 0 and {len(x_train)}")
    return Datasets(
        train=DataSet(x_train[validation_size:], y_train[validation_size:], one_hot, seed),
        validation=DataSet(x_train[:validation_size], y_train[:validation_size], one_hot, seed),
        test=DataSet(x_test, y_test, one_hot, seed),
    )
