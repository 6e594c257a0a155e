"""Solution to exercise 2.8a: one-hot encoding by hand (README 2.8). 练习 2.8a 的解答。"""
import numpy as np


def one_hot(labels, classes):
    encoded = np.zeros((len(labels), classes), dtype="float32")
    encoded[np.arange(len(labels)), labels] = 1  # row i gets its 1 in column labels[i]
    return encoded
