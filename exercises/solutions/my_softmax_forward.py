"""Solution to exercise 3.1a: the softmax network's forward pass in NumPy (README 2.5, 2.6). 练习 3.1a 的解答。"""
import numpy as np


def forward(weights, images):
    values = images
    kernels, biases = weights[0::2], weights[1::2]  # model.get_weights(): kernel, bias, kernel, bias, ...
    for kernel, bias in zip(kernels[:-1], biases[:-1]):
        values = np.maximum(values @ kernel + bias, 0)  # Dense + relu; Keras's kernel is inputs × neurons
    z = values @ kernels[-1] + biases[-1]
    exp = np.exp(z - z.max(axis=1, keepdims=True))  # softmax; minus the largest z, so exp cannot overflow
    return exp / exp.sum(axis=1, keepdims=True)
