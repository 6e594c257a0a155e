"""Solution to exercise 4.1a: a 3 x 3 convolution by hand, no padding (README 4.1). 练习 4.1a 的解答。"""
import numpy as np


def convolve(image, kernel):
    rows = image.shape[0] - kernel.shape[0] + 1
    columns = image.shape[1] - kernel.shape[1] + 1
    output = np.zeros((rows, columns))
    for r in range(rows):
        for c in range(columns):
            patch = image[r:r + kernel.shape[0], c:c + kernel.shape[1]]
            output[r, c] = np.sum(patch * kernel)  # entry by entry, then the sum (not flipped)
    return output
