"""mnist_course.legacy: the TF1 read_data_sets / DataSet.next_batch behaviour, on the real MNIST."""
import numpy as np
import pytest

from mnist_course import CourseError
from mnist_course.data import load_mnist
from mnist_course.legacy import DataSet, read_data_sets


@pytest.fixture(scope="module")
def raw(mnist_dir):
    return load_mnist(mnist_dir)


@pytest.fixture(scope="module")
def mnist(mnist_dir):
    return read_data_sets(mnist_dir, one_hot=True, seed=0)


@pytest.fixture(scope="module")
def subset(raw):
    """The first 1000 real training images and labels; no two of those images are the same."""
    (x_train, y_train), _ = raw
    images, labels = x_train[:1000], y_train[:1000]
    assert len({image.tobytes() for image in images}) == len(images)
    return images, labels


def batch_indices(batch_images, subset_images):
    """Which subset examples a batch holds, found by comparing images."""
    where = {image.tobytes(): index for index, image in enumerate(subset_images)}
    pixels = np.rint(batch_images * 255).astype(np.uint8).reshape(-1, 28, 28)
    return [where[image.tobytes()] for image in pixels]


def test_split_sizes(mnist):
    assert mnist.train.num_examples == 55000
    assert mnist.validation.num_examples == 5000
    assert mnist.test.num_examples == 10000
    assert mnist.train.images.shape == (55000, 784)
    assert mnist.validation.images.shape == (5000, 784)
    assert mnist.test.images.shape == (10000, 784)
    assert mnist.train.labels.shape == (55000, 10)
    assert mnist.validation.labels.shape == (5000, 10)
    assert mnist.test.labels.shape == (10000, 10)


def test_validation_is_the_first_5000_training_images(mnist, raw):
    (x_train, y_train), (x_test, y_test) = raw
    for split, images, labels in ((mnist.validation, x_train[:5000], y_train[:5000]),
                                  (mnist.train, x_train[5000:], y_train[5000:]),
                                  (mnist.test, x_test, y_test)):
        assert np.array_equal((split.images * 255).round().astype(np.uint8),
                              images.reshape(len(images), 784))
        assert np.array_equal(split.labels.argmax(axis=1), labels)
    assert mnist.validation.labels[:5].argmax(axis=1).tolist() == [5, 0, 4, 1, 9]


def test_images_are_flat_float32_in_0_1(mnist, raw):
    (x_train, _), _ = raw
    for split in mnist:
        assert split.images.dtype == np.float32
        assert split.images.shape[1] == 784
        assert split.images.min() == 0.0 and split.images.max() == 1.0
    # 255 (ink) -> 1.0 and every value is a pixel / 255.
    assert np.allclose(mnist.validation.images[0], x_train[0].reshape(784) / 255.0)


def test_one_hot_labels(mnist, raw):
    (_, y_train), (_, y_test) = raw
    for split, labels in ((mnist.train, y_train[5000:]), (mnist.validation, y_train[:5000]),
                          (mnist.test, y_test)):
        assert set(np.unique(split.labels).tolist()) == {0.0, 1.0}
        assert np.array_equal(split.labels.sum(axis=1), np.ones(split.num_examples))
        assert np.array_equal(split.labels.argmax(axis=1), labels)


def test_integer_labels_without_one_hot_and_the_seed(mnist_dir, raw):
    (x_train, y_train), (_, y_test) = raw
    plain = read_data_sets(mnist_dir, one_hot=False, seed=3)
    assert plain.train.labels.shape == (55000,)
    assert np.issubdtype(plain.train.labels.dtype, np.integer)
    assert np.array_equal(plain.train.labels, y_train[5000:])
    assert np.array_equal(plain.validation.labels, y_train[:5000])
    assert np.array_equal(plain.test.labels, y_test)
    # The seed decides the batches: the same as a DataSet of the same images with that seed.
    same = DataSet(x_train[5000:], y_train[5000:], seed=3)
    for _ in range(3):
        (images, labels), (images_2, labels_2) = plain.train.next_batch(50), same.next_batch(50)
        assert images.shape == (50, 784) and labels.shape == (50,)
        assert np.array_equal(images, images_2) and np.array_equal(labels, labels_2)


def test_next_batch_on_the_training_split(mnist):
    images, labels = mnist.train.next_batch(100)
    assert images.shape == (100, 784) and images.dtype == np.float32
    assert labels.shape == (100, 10)
    assert np.array_equal(labels.sum(axis=1), np.ones(100))


def test_next_batch_gives_every_example_once_per_epoch(subset):
    images, labels = subset
    dataset = DataSet(images, labels, seed=1)
    assert dataset.num_examples == 1000
    batch_size = 64  # 1000 = 15 * 64 + 40: the 16th batch spans the end of an epoch
    seen, epochs_completed = [], []
    for _ in range(47):  # 3008 examples: three whole epochs and a bit
        batch_images, batch_labels = dataset.next_batch(batch_size)
        assert batch_images.shape == (batch_size, 784) and batch_labels.shape == (batch_size,)
        indices = batch_indices(batch_images, images)
        assert np.array_equal(batch_labels, labels[indices])
        seen.extend(indices)
        epochs_completed.append(dataset.epochs_completed)
    epochs = [seen[0:1000], seen[1000:2000], seen[2000:3000]]
    for order in epochs:
        assert sorted(order) == list(range(1000))  # each example exactly once
    assert epochs[0] != list(range(1000))  # shuffled, not in file order
    assert epochs[0] != epochs[1] and epochs[1] != epochs[2]  # reshuffled every epoch
    # The batch across the boundary: the last 40 of epoch 1, then the first 24 of epoch 2.
    assert epochs_completed[14] == 0 and epochs_completed[15] == 1
    assert seen[15 * 64:16 * 64] == epochs[0][960:] + epochs[1][:24]
    assert epochs_completed[-1] == 3


def test_next_batch_without_shuffle_keeps_the_file_order(subset):
    images, labels = subset
    dataset = DataSet(images, labels)
    first, first_labels = dataset.next_batch(600, shuffle=False)
    second, second_labels = dataset.next_batch(600, shuffle=False)
    assert np.array_equal(first, images[:600].reshape(600, 784) / np.float32(255))
    assert np.array_equal(first_labels, labels[:600])
    assert np.array_equal(second_labels, np.concatenate([labels[600:], labels[:200]]))
    assert dataset.epochs_completed == 1


def test_same_seed_same_batches(subset):
    images, labels = subset
    one, two, other = (DataSet(images, labels, seed=seed) for seed in (7, 7, 8))
    for _ in range(40):  # 40 * 70 = 2800: across two epoch boundaries
        a, b, c = one.next_batch(70), two.next_batch(70), other.next_batch(70)
        assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    assert not np.array_equal(a[1], c[1])


@pytest.mark.parametrize("batch_size", [0, -1, 1001])
def test_impossible_batch_size_is_a_course_error(subset, batch_size):
    images, labels = subset
    with pytest.raises(CourseError, match="batch size"):
        DataSet(images, labels).next_batch(batch_size)
