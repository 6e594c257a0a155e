"""Draw the README's teaching figures (sections 2 and 4) and write its worked examples.

画出 README 第 2、4 节的教学插图，并生成其中的计算示例：图和数字出自同一份代码，测试再用 Keras 核对。
Every number in the README's generated blocks comes from the constants and NumPy code below;
tests/test_teaching_figures.py checks them against Keras (forward pass, GradientTape, Conv2D, ...)
and checks that the README holds exactly what this script writes.

Run: python tools/draw_figures.py [OUTPUT_DIR]     (default docs/figures)
     python tools/draw_figures.py --update-readme  (also rewrite the README's generated blocks)
"""
import argparse
import ast
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # so mnist_course imports when this runs from anywhere

import matplotlib  # noqa: E402

matplotlib.use("Agg")  # files, never windows
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from mnist_course import CourseError, cli, plots  # noqa: E402
from mnist_course.data import load_mnist  # noqa: E402
from mnist_course.saving import replacing  # noqa: E402

keras = cli.import_keras()

SEED = 0  # seeds the only random thing here: the XOR network's first weights

# 2.1-2.3 The perceptron and XOR. This perceptron computes OR, which is XOR except at (1, 1).
XOR_INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype="float32")
XOR_LABELS = np.array([0, 1, 1, 0])
PERCEPTRON_WEIGHTS = np.array([1.0, 1.0])
PERCEPTRON_BIAS = -0.5
XOR_HIDDEN_UNITS = 4

# 2.6-2.7 The worked example: 2 inputs -> 3 ReLU neurons -> 3 softmax outputs; W has one row per neuron.
EXAMPLE_INPUT = np.array([1.0, 0.5])
EXAMPLE_W1 = np.array([[0.1, 0.4], [-0.3, 0.2], [0.5, -0.6]])
EXAMPLE_B1 = np.array([0.1, 0.0, 0.1])
EXAMPLE_W2 = np.array([[0.5, 0.2, -0.3], [-0.4, 0.6, 0.1], [0.2, -0.1, 0.4]])
EXAMPLE_B2 = np.array([0.0, 0.1, -0.1])
EXAMPLE_CLASS = 0  # the right answer is class 1 of 3 (index 0)
EXAMPLE_LEARNING_RATE = 0.1

# 2.8 One-hot for words.
SENTENCE = "the cat sat on the mat"

# 4 A worked convolution on a real digit: the first training image (a 5), a 3x3 patch on a stroke.
PATCH_IMAGE = 0
PATCH_TOP, PATCH_LEFT = 10, 10  # the stroke's left edge
RIGHT_EDGE_LEFT = 12  # the same rows, three columns further: the stroke's right edge
VERTICAL_EDGES = np.array([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]])  # dark on the left, ink on the right
HORIZONTAL_EDGES = VERTICAL_EDGES.T  # dark above, ink below

# 4 Pooling: one strong answer in a 4x4 map, then the same map shifted one pixel left and right.
POOLING_MAP = np.array([[0, 9, 0, 0], [0, 0, 0, 0], [0, 0, 3, 0], [0, 0, 0, 0]])


# --- activation functions (2.4): each with its derivative, the formulas the README gives ---

def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    return sigmoid(z) * (1 - sigmoid(z))


def tanh_derivative(z):
    return 1 - np.tanh(z) ** 2


def relu(z):
    return np.maximum(z, 0)


def relu_derivative(z):
    return (z > 0).astype(float)


def softmax(z):
    exponentials = np.exp(z - np.max(z, axis=-1, keepdims=True))  # same result, no overflow
    return exponentials / exponentials.sum(axis=-1, keepdims=True)


ACTIVATIONS = {  # name -> (function, derivative)
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (np.tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
}
SOFTMAX_OTHER_LOGITS = np.array([1.0, 0.0])  # the softmax panel moves z1 and keeps z2, z3 fixed


def softmax_curves(first_logits):
    """p1, p2, p3 = softmax(z1, 1, 0) and dp1/dz1 = p1 (1 - p1), for each z1."""
    logits = np.column_stack([first_logits, np.tile(SOFTMAX_OTHER_LOGITS, (len(first_logits), 1))])
    probabilities = softmax(logits)
    return probabilities, probabilities[:, 0] * (1 - probabilities[:, 0])


# --- the worked example (2.6 forward, 2.7 backward), computed by hand in NumPy ---

def perceptron(inputs):
    return (inputs @ PERCEPTRON_WEIGHTS + PERCEPTRON_BIAS > 0).astype(int)


def forward(x, w1, b1, w2, b2):
    z1 = w1 @ x + b1
    a1 = relu(z1)
    z2 = w2 @ a1 + b2
    return {"z1": z1, "a1": a1, "z2": z2, "p": softmax(z2)}


def worked_example():
    """Forward pass, loss, every gradient by the chain rule, and one gradient-descent step."""
    x, y = EXAMPLE_INPUT, np.eye(3)[EXAMPLE_CLASS]
    result = {"x": x, "y": y, **forward(x, EXAMPLE_W1, EXAMPLE_B1, EXAMPLE_W2, EXAMPLE_B2)}
    result["loss"] = -np.sum(y * np.log(result["p"]))
    result["dz2"] = result["p"] - y  # softmax + cross-entropy: dL/dz = p - y
    result["dW2"] = np.outer(result["dz2"], result["a1"])
    result["db2"] = result["dz2"]
    result["da1"] = EXAMPLE_W2.T @ result["dz2"]
    result["dz1"] = result["da1"] * relu_derivative(result["z1"])
    result["dW1"] = np.outer(result["dz1"], x)
    result["db1"] = result["dz1"]
    step = EXAMPLE_LEARNING_RATE
    result["new"] = {"W1": EXAMPLE_W1 - step * result["dW1"], "b1": EXAMPLE_B1 - step * result["db1"],
                     "W2": EXAMPLE_W2 - step * result["dW2"], "b2": EXAMPLE_B2 - step * result["db2"]}
    new = result["new"]
    result["new_p"] = forward(x, new["W1"], new["b1"], new["W2"], new["b2"])["p"]
    result["new_loss"] = -np.sum(y * np.log(result["new_p"]))
    # Adam's first step: its running averages are just g and g squared, so each parameter moves by
    # about step * g / |g| (Keras's epsilon is negligible here).
    adam = {name: value - step * np.sign(result["d" + name])
            for name, value in (("W1", EXAMPLE_W1), ("b1", EXAMPLE_B1), ("W2", EXAMPLE_W2), ("b2", EXAMPLE_B2))}
    result["adam"] = adam
    result["adam_loss"] = -np.sum(y * np.log(forward(x, adam["W1"], adam["b1"], adam["W2"], adam["b2"])["p"]))
    return result


def word_one_hot(sentence):
    """The sorted vocabulary of a sentence and each word's one-hot vector."""
    vocabulary = sorted(set(sentence.split()))
    return vocabulary, np.eye(len(vocabulary), dtype=int)[[vocabulary.index(word) for word in sentence.split()]]


# --- convolution and pooling (4) ---

def convolve(image, kernel):
    """Slide a kernel over an image without padding (what Conv2D computes, with no bias)."""
    windows = np.lib.stride_tricks.sliding_window_view(image, kernel.shape)
    return np.einsum("ijkl,kl->ij", windows, kernel)


def max_pool(feature_map):
    """The largest value of each 2x2 window (MaxPooling2D((2, 2)))."""
    rows, columns = feature_map.shape
    return feature_map.reshape(rows // 2, 2, columns // 2, 2).max(axis=(1, 3))


def pooling_example():
    return {"map": POOLING_MAP, "left": np.roll(POOLING_MAP, -1, axis=1),
            "right": np.roll(POOLING_MAP, 1, axis=1)}


def patch_digit(data_dir=None):
    (x_train, y_train), _ = load_mnist(data_dir)
    return x_train[PATCH_IMAGE].astype(int), int(y_train[PATCH_IMAGE])


# --- parameter counts, from each layer's shape: checked against Keras's count_params() ---

def layer_parameters(layer):
    """(how it is counted, how many) for one Keras layer."""
    kind = type(layer).__name__
    if kind == "Dense":
        inputs, units = layer.input.shape[-1], layer.units
        return f"{units:,} × {inputs:,} + {units:,}", units * inputs + units  # W is units × inputs
    if kind == "Conv2D":
        (height, width), channels, filters = layer.kernel_size, layer.input.shape[-1], layer.filters
        return (f"{height} × {width} × {channels} × {filters} + {filters}",
                height * width * channels * filters + filters)
    return "", 0  # pooling, dropout, flatten


def lesson_model(lesson):
    """The model a lesson defines, built from its own `model = keras.Sequential([...])` line.

    Importing a lesson would run it (its steps are top-level notebook cells), so the model's
    definition is read from the file and only that expression is evaluated: the README's numbers
    come from the very code the learner reads.
    """
    tree = ast.parse((REPO / lesson).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and [ast.unparse(target) for target in node.targets] == ["model"]:
            code = compile(ast.Expression(node.value), lesson, "eval")
            return eval(code, {"keras": keras, "layers": keras.layers})  # noqa: S307 (our own file)
    raise CourseError(f"{lesson}: no `model = keras.Sequential(...)` line")


def lesson_models():
    return lesson_model("MNISTSoftmax.py"), lesson_model("MNISTCNN.py")


# --- the README's generated blocks ---

def number(value, decimals=4):
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def vector(values):
    return "[" + ", ".join(number(value) for value in values) + "]"


def matrix(values):
    """A matrix as lines of text, NumPy style, columns aligned."""
    rows = [[number(value) for value in row] for row in values]
    width = max(len(text) for row in rows for text in row)
    lines = [" [" + ", ".join(text.rjust(width) for text in row) + "]" for row in rows]
    lines[0], lines[-1] = "[" + lines[0][1:], lines[-1] + "]"
    return lines


def hanging(prefix, lines, suffix=""):
    """prefix + the first line + suffix; the other lines indented under the first."""
    return "\n".join([prefix + lines[0] + suffix] + [" " * len(prefix) + line for line in lines[1:]])


def beside(*blocks, gap=4):
    """Blocks of lines printed side by side."""
    widths = [max(map(len, block)) for block in blocks]
    return [(" " * gap).join(block[row].ljust(width) for block, width in zip(blocks, widths)).rstrip()
            for row in range(len(blocks[0]))]


def term(value):
    return f"({number(value)})" if value < 0 else number(value)


def weighted_sum(weights, inputs, bias):
    return " + ".join(f"{term(w)}×{term(x)}" for w, x in zip(weights, inputs)) + f" + {term(bias)}"


SUBSCRIPTS = "₁₂₃"


def perceptron_block():
    lines = ["| x₁ | x₂ | XOR | w·x + b | perceptron 感知机 |", "|---|---|---|---|---|"]
    for inputs, label, output in zip(XOR_INPUTS, XOR_LABELS, perceptron(XOR_INPUTS)):
        total = inputs @ PERCEPTRON_WEIGHTS + PERCEPTRON_BIAS
        mark = "✓" if output == label else "✗ wrong 错"
        lines.append(f"| {number(inputs[0])} | {number(inputs[1])} | {label} | "
                     f"{weighted_sum(PERCEPTRON_WEIGHTS, inputs, PERCEPTRON_BIAS)} = {number(total)} | "
                     f"{output} {mark} |")
    return "\n".join(lines)


def dense_layers_block(softmax_model):
    lines = ["| layer 层 | reads 输入 | W | b | σ | parameters 参数 |", "|---|---|---|---|---|---|"]
    reads = "784 pixels 像素"
    for index, layer in enumerate(softmax_model.layers, start=1):
        counted_as, parameters = layer_parameters(layer)
        inputs, units = layer.input.shape[-1], layer.units
        lines.append(f"| {index} | {reads} | {units} × {inputs} | {units} | "
                     f"{layer.activation.__name__} | {counted_as} = {parameters:,} |")
        reads = f"{units} outputs of layer {index}"
    total = sum(layer_parameters(layer)[1] for layer in softmax_model.layers)
    lines.append(f"| all 合计 | | | | | **{total:,}** |")
    return "\n".join(lines)


def forward_block(example):
    x, z1, a1, z2, p = example["x"], example["z1"], example["a1"], example["z2"], example["p"]
    lines = [f"x = a⁰ = {vector(x)}", "",
             "Layer 1 第 1 层: 3 neurons, ReLU",
             hanging("  W¹ = ", matrix(EXAMPLE_W1), f"    b¹ = {vector(EXAMPLE_B1)}")]
    for i in range(3):
        lines.append(f"  z¹{SUBSCRIPTS[i]} = {weighted_sum(EXAMPLE_W1[i], x, EXAMPLE_B1[i])} = {number(z1[i])}"
                     f"    a¹{SUBSCRIPTS[i]} = relu({number(z1[i])}) = {number(a1[i])}")
    lines += ["", "Layer 2 第 2 层: 3 neurons, softmax",
              hanging("  W² = ", matrix(EXAMPLE_W2), f"    b² = {vector(EXAMPLE_B2)}")]
    for i in range(3):
        total = weighted_sum(EXAMPLE_W2[i], a1, EXAMPLE_B2[i])
        lines.append(f"  z²{SUBSCRIPTS[i]} = {total} = {number(z2[i])}")
    exponentials = np.exp(z2)
    lines += [f"  exp(z²) = {vector(exponentials)}, sum {number(exponentials.sum())}",
              f"  p = a² = softmax(z²) = exp(z²) / sum = {vector(p)}", "",
              f"label 标签: class {EXAMPLE_CLASS + 1}, y = {vector(example['y'])}",
              f"loss 损失 L = −log(p{SUBSCRIPTS[EXAMPLE_CLASS]}) = −log({number(p[EXAMPLE_CLASS])}) = "
              f"{number(example['loss'])}"]
    return "```\n" + "\n".join(lines) + "\n```"


def backward_block(example):
    p, y, dz2, da1 = example["p"], example["y"], example["dz2"], example["da1"]
    differences = ", ".join(f"{number(p[i])} − {number(y[i])}" for i in range(3))
    lines = ["Layer 2 第 2 层 (softmax + cross-entropy):",
             f"  δ² = ∂L/∂z² = p − y = [{differences}] = {vector(dz2)}",
             hanging("  ∂L/∂W² = δ² · a¹ᵀ = ", matrix(example["dW2"]), "    (row i = δ²ᵢ × a¹)"),
             f"  ∂L/∂b² = δ² = {vector(example['db2'])}", "",
             "Layer 1 第 1 层 (chain rule 链式法则):",
             "  ∂L/∂a¹ = W²ᵀ · δ²    (column i of W², times δ²)"]
    for i in range(3):
        products = " + ".join(f"{term(EXAMPLE_W2[j, i])}×{term(dz2[j])}" for j in range(3))
        lines.append(f"    ∂L/∂a¹{SUBSCRIPTS[i]} = {products} = {number(da1[i])}")
    lines += [f"  relu′(z¹) = {vector(relu_derivative(example['z1']))}    (z¹ = {vector(example['z1'])})",
              f"  δ¹ = ∂L/∂z¹ = ∂L/∂a¹ ⊙ relu′(z¹) = {vector(example['dz1'])}",
              hanging("  ∂L/∂W¹ = δ¹ · xᵀ = ", matrix(example["dW1"]), "    (row i = δ¹ᵢ × x)"),
              f"  ∂L/∂b¹ = δ¹ = {vector(example['db1'])}", "",
              "One gradient-descent step 梯度下降一步, learning rate 学习率 "
              f"η = {number(EXAMPLE_LEARNING_RATE)}:",
              "  W ← W − η · ∂L/∂W,   b ← b − η · ∂L/∂b"]
    new = example["new"]
    lines += [hanging("  W¹ ← ", matrix(new["W1"]), f"    b¹ ← {vector(new['b1'])}"),
              hanging("  W² ← ", matrix(new["W2"]), f"    b² ← {vector(new['b2'])}"),
              f"  p{SUBSCRIPTS[EXAMPLE_CLASS]} {number(p[EXAMPLE_CLASS])} → "
              f"{number(example['new_p'][EXAMPLE_CLASS])},   loss 损失 {number(example['loss'])} → "
              f"{number(example['new_loss'])}", "",
              "Adam's first step instead 换成 Adam 的第一步: every parameter moves by η against the sign",
              "of its gradient (not at all where the gradient is 0):",
              f"  loss 损失 {number(example['loss'])} → {number(example['adam_loss'])}"]
    return "```\n" + "\n".join(lines) + "\n```"


def bits(row):
    return "".join(map(str, row))


def words_block():
    vocabulary, vectors = word_one_hot(SENTENCE)
    lines = ["| word 词 | one-hot |", "|---|---|"]
    for word, code in zip(vocabulary, np.eye(len(vocabulary), dtype=int)):
        lines.append(f"| {word} | {bits(code)} |")
    sentence = " ".join(bits(row) for row in vectors)
    return "\n".join(lines) + f"\n\n\"{SENTENCE}\" → `{sentence}`"


def convolution_block(digit, label):
    patch = digit[PATCH_TOP:PATCH_TOP + 3, PATCH_LEFT:PATCH_LEFT + 3]
    products = patch * VERTICAL_EDGES
    output = convolve(digit, VERTICAL_EDGES)
    at_patch, at_right_edge = output[PATCH_TOP, PATCH_LEFT], output[PATCH_TOP, RIGHT_EDGE_LEFT]
    rows = beside(["patch", *matrix(patch)], ["kernel (vertical edges)", *matrix(VERTICAL_EDGES)],
                  ["products", *matrix(products)])
    lines = [f"training image {PATCH_IMAGE} (a {label}), rows {PATCH_TOP}–{PATCH_TOP + 2}, columns "
             f"{PATCH_LEFT}–{PATCH_LEFT + 2}; pixels 0–255",
             "patch × kernel, entry by entry 图块与卷积核逐元素相乘:", *("  " + row for row in rows),
             f"sum 求和 = {' + '.join(term(value) for value in products.flat)} = {at_patch}",
             f"→ output map 输出特征图, row {PATCH_TOP}, column {PATCH_LEFT}: {at_patch}"
             f"   (÷ 255, the lessons' pixel scale: {number(at_patch / 255)})", "",
             f"same kernel, columns {RIGHT_EDGE_LEFT}–{RIGHT_EDGE_LEFT + 2} "
             f"(the stroke's right edge 右边缘): {at_right_edge}   (÷ 255: {number(at_right_edge / 255)})",
             "same kernel on plain background 背景: 0"]
    return "```\n" + "\n".join(lines) + "\n```"


def pooling_block():
    example = pooling_example()
    captions = {"map": "feature map 特征图", "left": "shifted 1 pixel left 左移一像素",
                "right": "shifted 1 pixel right 右移一像素"}
    lines = []
    for key, caption in captions.items():
        grid, pooled = example[key], max_pool(example[key])
        lines.append(f"{caption}: 4 × 4 → max-pool 2 × 2 → 2 × 2")
        for row in range(4):
            pooled_row = " ".join(map(str, pooled[row // 2])) if row % 2 == 0 else ""
            lines.append(f"  {' '.join(map(str, grid[row]))}    {pooled_row}".rstrip())
    return "```\n" + "\n".join(lines) + "\n```"


def cnn_layers_block(cnn_model):
    lines = ["| layer 层 | output shape 输出形状 | parameters 参数 |", "|---|---|---|"]
    for layer in cnn_model.layers:
        counted_as, parameters = layer_parameters(layer)
        shape = " × ".join(f"{size:,}" for size in layer.output.shape[1:])
        count = f"{counted_as} = {parameters:,}" if counted_as else "0 (no weights 无参数)"
        lines.append(f"| `{type(layer).__name__}` | {shape} | {count} |")
    total = sum(layer_parameters(layer)[1] for layer in cnn_model.layers)
    lines.append(f"| all 合计 | | **{total:,}** |")
    return "\n".join(lines)


def readme_blocks(data_dir=None):
    """The README's generated blocks, by name."""
    softmax_model, cnn_model = lesson_models()
    example = worked_example()
    digit, label = patch_digit(data_dir)
    return {"perceptron": perceptron_block(), "dense-layers": dense_layers_block(softmax_model),
            "forward": forward_block(example), "backward": backward_block(example), "words": words_block(),
            "convolution": convolution_block(digit, label), "pooling": pooling_block(),
            "cnn-layers": cnn_layers_block(cnn_model)}


BLOCK = re.compile(r"(<!-- begin generated: (\S+) [^\n]*-->\n)(.*?)(<!-- end generated: \2 -->)", re.DOTALL)


def blocks_in(text):
    return {match[2]: match[3].strip("\n") for match in BLOCK.finditer(text)}


def update_readme(path, blocks):
    """Replace each generated block of the README with its new text; nothing else changes."""
    text = Path(path).read_text(encoding="utf-8")
    missing = set(blocks) - set(blocks_in(text))
    if missing:
        raise CourseError(f"{path}: no generated block named {', '.join(sorted(missing))}")
    # Blank lines around each block, so Markdown never reads a marker as part of a table.
    text = BLOCK.sub(lambda match: f"{match[1]}\n{blocks[match[2]]}\n\n{match[4]}", text)
    with replacing(path) as temporary:
        temporary.write_text(text, encoding="utf-8")


# --- figures ---

def draw_xor():
    """XOR: one perceptron's straight line gets 3 of 4; a 2-layer network trained with Keras gets all 4."""
    keras.utils.set_random_seed(SEED)
    # float64, and outputs rounded before they are drawn: CPUs with and without AVX-512 round float32
    # sums differently, enough to move a few pixels of a contour; the committed figure must not.
    model = keras.Sequential([keras.Input((2,), dtype="float64"),
                              keras.layers.Dense(XOR_HIDDEN_UNITS, activation="tanh", dtype="float64"),
                              keras.layers.Dense(1, activation="sigmoid", dtype="float64")])
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="binary_crossentropy")
    # 200 steps on the four points: 50 copies in each of 4 epochs, since starting an epoch costs
    # Keras far more than a step does.
    model.fit(np.tile(XOR_INPUTS, (50, 1)).astype("float64"), np.tile(XOR_LABELS, 50), epochs=4, batch_size=4, shuffle=False,
              verbose=0)
    if not np.array_equal(model.predict(XOR_INPUTS, verbose=0)[:, 0] > 0.5, XOR_LABELS == 1):
        raise CourseError("the XOR network did not learn XOR: try another SEED in tools/draw_figures.py")

    axis_values = np.linspace(-0.5, 1.5, 201)
    first, second = np.meshgrid(axis_values, axis_values)
    grid = np.column_stack([first.ravel(), second.ravel()]).astype("float32")
    figure, axes = plt.subplots(1, 2, figsize=(12, 5.4), gridspec_kw={"width_ratios": [1, 1.22]})
    weights, bias = PERCEPTRON_WEIGHTS, PERCEPTRON_BIAS
    perceptron_right = np.sum(perceptron(XOR_INPUTS) == XOR_LABELS)
    panels = [(perceptron(grid), perceptron(XOR_INPUTS),
               f"One perceptron: output 1 if w·x + b > 0, w = ({number(weights[0])}, {number(weights[1])}), "
               f"b = {number(bias)}\nits boundary is a straight line: {perceptron_right} of 4 right "
               "(no line gets all 4)"),
              (np.round(model.predict(grid.astype("float64"), batch_size=len(grid), verbose=0)[:, 0], 6),
               (model.predict(XOR_INPUTS, verbose=0)[:, 0] > 0.5).astype(int),
               f"2 layers (2 → {XOR_HIDDEN_UNITS} tanh → 1 sigmoid), trained with Keras\n"
               "its boundary bends: 4 of 4 right")]
    for axis, (outputs, guesses, title) in zip(axes, panels):
        outputs = outputs.reshape(first.shape)
        filled = axis.contourf(first, second, outputs, levels=np.linspace(0, 1, 11), cmap="coolwarm", alpha=0.55)
        if axis is axes[0]:  # the exact line w·x + b = 0
            axis.plot(axis_values, -(weights[0] * axis_values + bias) / weights[1], color="black", linewidth=2)
        else:
            axis.contour(first, second, outputs, levels=[0.5], colors="black", linewidths=2)
        for inputs, label, guess in zip(XOR_INPUTS, XOR_LABELS, guesses):
            axis.scatter(*inputs, s=220, marker="o" if label == 0 else "s", edgecolors="black", linewidths=1.5,
                         color="#3b6fd6" if label == 0 else "#e0552f", zorder=3)
            axis.annotate(f"XOR = {label}" + ("" if guess == label else "\nwrong"), inputs, xytext=(0, -22),
                          textcoords="offset points", ha="center", va="top", fontsize=10,
                          color="black" if guess == label else "crimson", weight="bold")
        axis.set(xlim=(-0.5, 1.5), ylim=(-0.5, 1.5), xlabel="x₁", ylabel="x₂", aspect="equal")
        axis.set_title(title, fontsize=10.5)
    figure.colorbar(filled, ax=axes[1], label="output (black line: 0.5, where the answer changes)")
    return figure


def draw_activations():
    z = np.linspace(-5, 5, 401)
    figure, axes = plt.subplots(2, 2, figsize=(10, 7.5))
    titles = {"sigmoid": "sigmoid: σ(z) = 1 / (1 + e⁻ᶻ)\nσ′(z) = σ(z)(1 − σ(z))",
              "tanh": "tanh: (eᶻ − e⁻ᶻ) / (eᶻ + e⁻ᶻ)\ntanh′(z) = 1 − tanh²(z)",
              "relu": "ReLU: max(0, z)\nReLU′(z) = 0 for z < 0, 1 for z > 0"}
    for axis, (name, (function, derivative)) in zip(axes.flat, ACTIVATIONS.items()):
        axis.plot(z, function(z), color="#3b6fd6", linewidth=2.5, label=f"{name}(z)")
        axis.plot(z, derivative(z), color="#e0552f", linewidth=2, linestyle="--", label="derivative")
        axis.set_title(titles[name], fontsize=11)
    probabilities, slope = softmax_curves(z)
    axis = axes.flat[3]
    for index, style in enumerate(["-", ":", ":"]):
        axis.plot(z, probabilities[:, index], color=["#3b6fd6", "#7a7a7a", "#b0b0b0"][index], linestyle=style,
                  linewidth=2.5 if index == 0 else 2, label=f"p{'₁₂₃'[index]}")
    axis.plot(z, slope, color="#e0552f", linewidth=2, linestyle="--", label="∂p₁/∂z₁")
    axis.set_title(f"softmax of (z₁, {number(SOFTMAX_OTHER_LOGITS[0])}, {number(SOFTMAX_OTHER_LOGITS[1])}): "
                   "pᵢ = eᶻⁱ / Σⱼ eᶻʲ\n∂p₁/∂z₁ = p₁(1 − p₁)", fontsize=11)
    for axis in axes.flat:
        axis.axhline(0, color="black", linewidth=0.8)
        axis.axvline(0, color="black", linewidth=0.8)
        axis.set_xlabel("z₁" if axis is axes.flat[3] else "z")
        axis.grid(alpha=0.3)
        axis.legend(loc="upper left", fontsize=9)
    axes.flat[2].set_ylim(-0.5, 5.2)
    return figure


def draw_network(example):
    """The worked example's network: every weight on its connection, every value in its neuron."""
    figure, axis = plt.subplots(figsize=(12, 4.4))
    columns = {0: [2.5, 1.5], 1: [3, 2, 1], 2: [3, 2, 1]}  # neuron 1 at the top
    colours = ["#1f77b4", "#2ca02c", "#d62728"]  # a connection takes the colour of the neuron it feeds
    x_of = {0: 0, 1: 4, 2: 8}
    weights = {1: EXAMPLE_W1, 2: EXAMPLE_W2}
    for layer in (1, 2):
        for target, target_y in enumerate(columns[layer]):
            for source, source_y in enumerate(columns[layer - 1]):
                start, end = np.array([x_of[layer - 1], source_y]), np.array([x_of[layer], target_y])
                axis.plot(*zip(start, end), color=colours[target], linewidth=1.2, alpha=0.7, zorder=1)
                where = start + (end - start) * 0.75  # here the nine labels of layer 2 are evenly spaced
                axis.text(*where, number(weights[layer][target, source]), fontsize=9.5, ha="center", va="center",
                          color=colours[target], weight="bold",
                          bbox=dict(boxstyle="round,pad=0.12", facecolor="white", edgecolor="none"), zorder=2)
    texts = {0: [f"x{SUBSCRIPTS[i]} = {number(example['x'][i])}" for i in range(2)],
             1: [f"z = {number(example['z1'][i])}\na = {number(example['a1'][i])}" for i in range(3)],
             2: [f"z = {number(example['z2'][i])}\np = {number(example['p'][i])}" for i in range(3)]}
    biases = {1: EXAMPLE_B1, 2: EXAMPLE_B2}
    for layer, heights in columns.items():
        for index, height in enumerate(heights):
            axis.add_patch(plt.Circle((x_of[layer], height), 0.45, facecolor="#eeeeee" if layer == 0 else "white",
                                      edgecolor="black" if layer == 0 else colours[index], linewidth=2, zorder=3))
            axis.text(x_of[layer], height, texts[layer][index], ha="center", va="center", fontsize=9, zorder=4)
            if layer:
                axis.text(x_of[layer] + 0.5, height - 0.35, f"b = {number(biases[layer][index])}", fontsize=9,
                          color=colours[index])
    headings = {0: "input\nx = a⁰", 1: "layer 1: W¹ (3 × 2), b¹\nReLU", 2: "layer 2: W² (3 × 3), b²\nsoftmax"}
    for layer, heading in headings.items():
        axis.text(x_of[layer], 3.75, heading, ha="center", va="center", fontsize=10.5, weight="bold")
    probabilities = example["p"]
    axis.text(9.6, 2, f"label y = {vector(example['y'])}\nloss L = −log p{SUBSCRIPTS[EXAMPLE_CLASS]}\n"
              f"= −log {number(probabilities[EXAMPLE_CLASS])}\n= {number(example['loss'])}", fontsize=10,
              va="center")
    axis.text(-0.5, 0.2, "number on a connection: its weight; colour: the neuron it feeds (one row of W)",
              fontsize=9.5, color="#444444")
    axis.set(xlim=(-0.8, 11.8), ylim=(0, 4.2), aspect="equal")
    axis.axis("off")
    return figure


def draw_convolution(digit, label):
    """A real digit, two edge kernels, and the maps they make: where each kind of edge is."""
    figure, axes = plt.subplots(2, 3, figsize=(11, 7.4), gridspec_kw={"width_ratios": [1, 0.6, 1.15]})
    axis = axes[0, 0]
    axis.imshow(digit, cmap="gray")
    axis.add_patch(plt.Rectangle((PATCH_LEFT - 0.5, PATCH_TOP - 0.5), 3, 3, fill=False, edgecolor="red",
                                 linewidth=2))
    axis.set_title(f"training image {PATCH_IMAGE} (a {label}), 28 × 28\nred: the 3 × 3 patch of the README",
                   fontsize=10)
    axis = axes[1, 0]
    patch = digit[PATCH_TOP:PATCH_TOP + 3, PATCH_LEFT:PATCH_LEFT + 3]
    axis.imshow(patch, cmap="gray", vmin=0, vmax=255)
    for (row, column), value in np.ndenumerate(patch):
        axis.text(column, row, value, ha="center", va="center", fontsize=12,
                  color="black" if value > 127 else "white")
    axis.set_title(f"the patch: rows {PATCH_TOP}–{PATCH_TOP + 2}, columns {PATCH_LEFT}–{PATCH_LEFT + 2}",
                   fontsize=10)
    kernels = [(VERTICAL_EDGES, "vertical edges"), (HORIZONTAL_EDGES, "horizontal edges")]
    for row, (kernel, name) in enumerate(kernels):
        axis = axes[row, 1]
        axis.imshow(kernel, cmap="RdBu_r", vmin=-1.5, vmax=1.5)
        for (kernel_row, kernel_column), value in np.ndenumerate(kernel):
            axis.text(kernel_column, kernel_row, value, ha="center", va="center", fontsize=13)
        axis.set_title(f"3 × 3 kernel:\n{name}", fontsize=10)
        feature_map = convolve(digit, kernel)
        limit = np.abs(feature_map).max()
        axis = axes[row, 2]
        image = axis.imshow(feature_map, cmap="RdBu_r", vmin=-limit, vmax=limit)
        figure.colorbar(image, ax=axis, shrink=0.85)
        where = ("ink on the right (a stroke's left edge)\nblue: ink on the left (its right edge)" if row == 0
                 else "ink below (a stroke's top edge)\nblue: ink above (its bottom edge)")
        axis.set_title(f"output map, 26 × 26; red: {where}", fontsize=10)
        if row == 0:
            axis.add_patch(plt.Rectangle((PATCH_LEFT - 0.5, PATCH_TOP - 0.5), 1, 1, fill=False,
                                         edgecolor="black", linewidth=2))
            axis.annotate(f"{feature_map[PATCH_TOP, PATCH_LEFT]}", (PATCH_LEFT, PATCH_TOP), xytext=(-45, -30),
                          textcoords="offset points", fontsize=10, arrowprops=dict(arrowstyle="->"))
    for axis in axes.flat:
        axis.set_xticks([])
        axis.set_yticks([])
    return figure


def draw_all(output_dir, data_dir=None):
    """Every teaching figure, saved into output_dir."""
    digit, label = patch_digit(data_dir)
    figures = {"perceptron_xor.png": draw_xor(), "activation_functions.png": draw_activations(),
               "forward_example.png": draw_network(worked_example()),
               "convolution_edges.png": draw_convolution(digit, label)}
    for name, figure in figures.items():
        plots.save(figure, Path(output_dir) / name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("output_dir", nargs="?", default=str(REPO / "docs" / "figures"),
                        help="where to write the PNG files (default: docs/figures)")
    parser.add_argument("--data-dir", help="MNIST folder (default: as the lessons find it)")
    parser.add_argument("--update-readme", action="store_true",
                        help="also rewrite the generated blocks of README.md")
    args = parser.parse_args()
    plots.configure(no_show=True)
    draw_all(args.output_dir, args.data_dir)
    if args.update_readme:
        update_readme(REPO / "README.md", readme_blocks(args.data_dir))
        print(f"Updated 已更新: {REPO / 'README.md'}")


if __name__ == "__main__":
    cli.run(main)
