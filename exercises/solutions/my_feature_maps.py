"""Solution to exercise 7.1b: the first Conv2D layer's feature maps (README 4.1, 2.4). 练习 7.1b 的解答。"""
import numpy as np


def first_feature_maps(image, kernel, bias):
    height, width, _, filters = kernel.shape  # (3, 3, 1, 32): one grey channel in, 32 maps out
    rows, columns = image.shape[0] - height + 1, image.shape[1] - width + 1
    maps = np.zeros((rows, columns, filters), dtype="float32")
    for r in range(rows):
        for c in range(columns):
            patch = image[r:r + height, c:c + width]
            # every filter at once: the patch times each kernel, summed, plus that kernel's bias
            maps[r, c] = np.tensordot(patch, kernel[:, :, 0, :], axes=([0, 1], [0, 1])) + bias
    return np.maximum(maps, 0)  # ReLU
