"""The exercises, section by section, each with its check. To add one: README "For teachers".

练习清单，按章节排列，每道题带一个检查函数。
A check takes (answer, root): the learner's ANSWER (None if they gave none) and the course folder,
and returns (right, what to say). An expected problem (no model yet, no answer) raises CourseError.
The numbers a check expects are worked out here as the README teaches them; the tests compare
each with Keras or the real files.
"""
import ast
import math

import numpy as np

from mnist_course import CourseError
from mnist_course.exercises import BadAnswer, Exercise, call, learner_function, number, word
from mnist_course.exercises.runs import Run, activation, convolve, forward, read_model


def predicted(expected, explanation, tolerance=0.0):
    """A check for a number worked out before running anything."""
    def check(answer, root):
        value = number(answer)
        if abs(value - expected) <= tolerance + 1e-9:
            return True, explanation
        return False, f"{answer} is not it"
    return check


def mnist_source():
    """Where the lessons would read MNIST (README 1.3), its download cache included; never downloads."""
    from mnist_course import data

    source = data.find_source()
    cache = data.download_cache_dir()
    if source is None and all((cache / f"{name}.gz").is_file() for name in data.IDX_FILES.values()):
        source = cache
    if source is None and (cache / data.NPZ_FILE).is_file():
        source = cache / data.NPZ_FILE
    if source is None:
        raise CourseError("MNIST: not found on this computer; run python IntroduceMNISTKeras.py first "
                          "(it downloads MNIST once)")
    return source


def mnist():
    """Real MNIST, as the lessons get it: ((x_train, y_train), (x_test, y_test))."""
    from mnist_course import data

    source = mnist_source()
    return data.load_mnist(source.parent if source.name == data.NPZ_FILE else source, say_where=False)


def last_epochs(run):
    """The training and validation accuracy of the run's last epoch, and which is higher."""
    train, validation = run.last_epoch("accuracy"), run.last_epoch("val_accuracy")
    return train, validation, "training" if train > validation else "validation"


# --- 1. The MNIST dataset ---

def check_idx_header(answer, root):
    from mnist_course import data

    read_idx_header = learner_function(root, "my_idx_header.py", "read_idx_header")
    folder = mnist_source()
    if folder.name == data.NPZ_FILE:
        raise CourseError(f"{folder}: MNIST is here as one .npz file, not the four IDX files this exercise "
                          f"reads; put the IDX files in Data/ (README, Offline)")
    expected = {"x_train": (data.IMAGES_MAGIC, (60000, 28, 28)), "y_train": (data.LABELS_MAGIC, (60000,)),
                "x_test": (data.IMAGES_MAGIC, (10000, 28, 28)), "y_test": (data.LABELS_MAGIC, (10000,))}
    for key, (magic, shape) in expected.items():
        path = data._idx_path(folder, key)
        worked, header = call(read_idx_header, str(path))
        if not worked:
            return False, f"{header}, on {path.name}"
        try:
            got_magic, got_shape = int(header[0]), tuple(int(size) for size in header[1])
        except (TypeError, ValueError, IndexError):
            return False, f"read_idx_header({path.name!r}) returned {header!r}, not (magic, sizes)"
        if (got_magic, got_shape) != (magic, shape):
            return False, (f"read_idx_header({path.name!r}) gives magic 0x{got_magic:08x} and sizes "
                           f"{got_shape}; the file says otherwise")
    return True, f"the headers of the four MNIST files in {folder} read right"


# --- 2. The softmax network ---

# README 2.6's worked example, as tools/draw_figures.py draws it (the tests compare the two).
EXAMPLE_W1 = np.array([[0.1, 0.4], [-0.3, 0.2], [0.5, -0.6]])
EXAMPLE_B1 = np.array([0.1, 0.0, 0.1])
EXAMPLE_W2 = np.array([[0.5, 0.2, -0.3], [-0.4, 0.6, 0.1], [0.2, -0.1, 0.4]])
EXAMPLE_B2 = np.array([0.0, 0.1, -0.1])
OTHER_INPUT = np.array([0.0, 1.0])
OTHER_A1 = np.maximum(EXAMPLE_W1 @ OTHER_INPUT + EXAMPLE_B1, 0)
OTHER_Z2 = EXAMPLE_W2 @ OTHER_A1 + EXAMPLE_B2


def check_one_hot(answer, root):
    one_hot = learner_function(root, "my_one_hot.py", "one_hot")
    (_, y_train), _ = mnist()
    worked, result = call(one_hot, y_train, 10)
    if not worked:
        return False, result
    result = np.asarray(result)
    if result.shape != (len(y_train), 10):
        return False, f"one_hot(the 60,000 training labels, 10) has shape {result.shape}, not (60000, 10)"
    wrong = np.flatnonzero(np.any(result != np.eye(10)[y_train], axis=1))
    if len(wrong):
        return False, (f"{len(wrong):,} of 60,000 rows differ, the first for label {y_train[wrong[0]]}: "
                       f"{result[wrong[0]].tolist()}")
    return True, "all 60,000 training labels one-hot, as keras.utils.to_categorical(y_train, 10) gives them"


# --- 3. The softmax network in practice ---

def check_softmax_forward(answer, root):
    forward_pass = learner_function(root, "my_softmax_forward.py", "forward")
    run = Run(root, "mnist_softmax")
    if set(run.kinds()) != {"Dense"}:
        return False, f"output/mnist_softmax.h5 has layers {run.kinds()}; this exercise is for Dense layers only"
    _, (x_test, y_test) = mnist()
    images = x_test.reshape(-1, 784).astype(np.float32) / 255
    weights = [array for arrays in run.weights for array in arrays]  # what model.get_weights() gives
    worked, probabilities = call(forward_pass, weights, images)
    if not worked:
        return False, probabilities
    probabilities = np.asarray(probabilities)
    expected = forward(run.layers, run.weights, images)
    if probabilities.shape != expected.shape:
        return False, f"forward(weights, test images) has shape {probabilities.shape}, not {expected.shape}"
    difference = float(np.abs(probabilities - expected).max())
    accuracy = float(np.mean(probabilities.argmax(axis=1) == y_test))
    # Keras may compute in bfloat16 (README 5.3): a few borderline images may go the other way.
    if difference > 1e-3 or abs(accuracy - run.test_accuracy) > 0.005:
        return False, (f"your probabilities differ from the model's by up to {difference:.3g}, "
                       f"and give {accuracy:.2%} test accuracy where Keras measured {run.test_accuracy:.2%}")
    return True, f"{accuracy:.2%} on the 10,000 test images, as Keras measured ({run.test_accuracy:.2%})"


def check_one_hidden_layer(answer, root):
    run = Run(root, "mnist_softmax")
    units = [layer["config"].get("units") for layer in run.layers]
    hidden = [layer["config"].get("activation") for layer in run.layers[:-1]]
    if run.kinds() != ["Dense", "Dense"] or units != [128, 10] or hidden != ["relu"]:
        return False, f"output/mnist_softmax.h5 has layers {', '.join(map(str, units))}, not 128 (relu) then 10"
    parameters = sum(array.size for arrays in run.weights for array in arrays)
    return True, (f"784 → 128 → 10: {parameters:,} parameters instead of 669,706, test accuracy "
                  f"{run.test_accuracy:.2%} (512 + 512: 98.53% in README 3.2)")


def check_small_training_set(answer, root):
    run = Run(root, "mnist_softmax")
    if run.settings.get("training_images") != 1000:
        return False, (f"your last softmax run trained on {run.settings.get('training_images')} images, "
                       f"not 1,000 (--train-limit 1000)")
    conclusion = word(answer, ("training", "validation"))
    train, validation, higher = last_epochs(run)
    if conclusion != higher:
        return False, f"{conclusion} is not what your run's last epoch says"
    return True, (f"training {train:.1%}, validation {validation:.1%} at the last epoch"
                  + (": 1,000 images are learned by heart, and that transfers only partly (over-fitting)"
                     if higher == "training" else ""))


# --- 4. Convolutional networks ---

def check_convolution(answer, root):
    convolve_by_hand = learner_function(root, "my_convolution.py", "convolve")
    (x_train, _), _ = mnist()
    kernels = [np.array([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]], dtype=float),  # README 4.1's edge kernel
               np.random.default_rng(0).normal(size=(3, 3))]
    for index in range(10):
        image = x_train[index] / 255
        for kernel in kernels:
            worked, result = call(convolve_by_hand, image, kernel)
            if not worked:
                return False, result
            result = np.asarray(result, dtype=float)
            expected = convolve(image[None, :, :, None], kernel[:, :, None, None], 0)[0, :, :, 0]
            if result.shape != expected.shape:
                return False, f"convolve(a 28 × 28 image, a 3 × 3 kernel) has shape {result.shape}, not (26, 26)"
            if not np.allclose(result, expected, atol=1e-6):
                row, column = np.unravel_index(np.abs(result - expected).argmax(), expected.shape)
                return False, (f"on training image {index}, output ({row}, {column}) is {result[row, column]:.4f}; "
                               f"the patch whose top-left pixel is ({row}, {column}) gives another sum")
    return True, "20 feature maps of real digits, every value as Conv2D computes it"


def pools_survived(size=28):
    count = 0
    while size > 1:
        size //= 2  # MaxPooling2D drops an odd last row
        count += 1
    return count


# --- 5. The CNN in practice ---

def check_no_dropout(answer, root):
    run = Run(root, "mnist_cnn")
    dropouts = run.kinds().count("Dropout")
    if dropouts:
        return False, f"output/mnist_cnn.h5 still has {dropouts} Dropout layer(s): remove both and run it"
    conclusion = word(answer, ("training", "validation"))
    train, validation, higher = last_epochs(run)
    if conclusion != higher:
        return False, f"{conclusion} is not what your run's last epoch says"
    return True, (f"without dropout: training {train:.2%}, validation {validation:.2%} at the last epoch "
                  f"(with dropout, validation stays above training: README 5.1)")


def check_no_shift(answer, root):
    lesson = root / "MNISTCNN.py"
    try:
        tree = ast.parse(lesson.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, SyntaxError) as error:
        raise CourseError(f"MNISTCNN.py: cannot read it ({getattr(error, 'strerror', None) or error})")
    shifts = [node.value for node in tree.body if isinstance(node, ast.Assign)
              and [ast.unparse(target) for target in node.targets] == ["MAX_SHIFT"]]
    if not shifts or not isinstance(shifts[0], ast.Constant) or shifts[0].value != 0:
        value = ast.unparse(shifts[0]) if shifts else "missing"
        return False, f"MNISTCNN.py has MAX_SHIFT = {value}, not 0"
    run = Run(root, "mnist_cnn")
    if run.report_path.stat().st_mtime < lesson.stat().st_mtime:
        return False, "output/mnist_cnn_report.json is older than your change: run python MNISTCNN.py again"
    return True, (f"test accuracy {run.test_accuracy:.2%} without shifted images "
                  f"(README 5.2: 99.11–99.22% in 4 epochs, against 99.36–99.46% with them)")


# --- 6. Your own handwriting ---

IMAGE_ENDINGS = (".png", ".jpg", ".jpeg", ".bmp", ".gif")


def learner_image(root, stem):
    found = [root / "exercises" / f"{stem}{ending}" for ending in IMAGE_ENDINGS
             if (root / "exercises" / f"{stem}{ending}").is_file()]
    if not found:
        raise CourseError(f"exercises/{stem}.png: not found; save your photo or drawing there "
                          f"(.png, .jpg, .bmp or .gif)")
    return found[0]


def model_reading(root, image_path):
    """What output/mnist_cnn.h5 reads in an image, prepared as MNISTPredict.py prepares it."""
    from mnist_course import digits, reading

    model_path = root / "output" / "mnist_cnn.h5"
    if not model_path.is_file():
        raise CourseError("output/mnist_cnn.h5: not found; run python MNISTCNN.py first")
    layers, weights = read_model(model_path)
    readings = digits.find_readings(image_path)
    images = np.stack(reading.candidate_images(readings))[..., None]
    probabilities = forward(layers, weights, images)
    rows = reading.choose(readings, probabilities)
    if len(rows) != 1:
        raise CourseError(f"{image_path}: {len(rows)} digits found; this exercise reads one digit")
    return int(probabilities[rows[0]].argmax()), float(probabilities[rows[0]].max())


def written_digit(answer):
    value = number(answer, "the digit you wrote, 0-9")
    if value not in range(10):
        raise BadAnswer(f"{answer!r} is not a digit 0-9")
    return int(value)


def check_own_digit(answer, root):
    image = learner_image(root, "my_digit")
    digit = written_digit(answer)
    read, probability = model_reading(root, image)
    if read != digit:
        return False, f"the model reads {image.name} as {read} ({probability:.0%}), not {digit}"
    return True, f"the model reads your {digit} as {read} ({probability:.0%})"


def check_wrong_digit(answer, root):
    image = learner_image(root, "my_wrong_digit")
    digit = written_digit(answer)
    seen = root / "exercises" / "seen" / f"{image.stem}_28x28.png"
    if not seen.is_file():
        return False, (f"exercises/seen/{seen.name} is missing: run python MNISTPredict.py "
                       f"exercises/{image.name} --save-preprocessed exercises/seen")
    read, probability = model_reading(root, image)
    if read == digit:
        return False, f"the model reads your {digit} right ({probability:.0%}); find one it gets wrong"
    return True, (f"the model reads your {digit} as {read} ({probability:.0%}); exercises/seen/{seen.name} "
                  f"is what it saw: is it shaped like MNIST's {digit}s?")


# --- 7. Draw a digit and watch the model think ---

def check_feature_maps(answer, root):
    first_feature_maps = learner_function(root, "my_feature_maps.py", "first_feature_maps")
    model_path = root / "output" / "mnist_cnn.h5"
    if not model_path.is_file():
        raise CourseError("output/mnist_cnn.h5: not found; run python MNISTCNN.py first")
    layers, weights = read_model(model_path)
    if layers[0]["class_name"] != "Conv2D":
        return False, "output/mnist_cnn.h5 does not start with a Conv2D layer"
    kernel, bias = weights[0]
    _, (x_test, _) = mnist()
    for index in range(5):
        image = x_test[index].astype(np.float32) / 255
        worked, maps = call(first_feature_maps, image, kernel, bias)
        if not worked:
            return False, maps
        maps = np.asarray(maps)
        expected = activation(layers[0]["config"]["activation"], convolve(image[None, :, :, None], kernel, bias))[0]
        if maps.shape != expected.shape:
            return False, f"first_feature_maps(a test image, ...) has shape {maps.shape}, not {expected.shape}"
        if not np.allclose(maps, expected, atol=1e-4):
            return False, f"on test image {index} the maps differ from the first Conv2D layer's by up to " \
                          f"{np.abs(maps - expected).max():.3g}"
    return True, f"the {kernel.shape[-1]} maps the page shows for the first convolution, for 5 test digits"


EXERCISES = [
    Exercise(
        "1.1a", "predict", "Batches in one epoch / 一轮有多少批",
        "IntroduceMNIST.py 的训练集有多少张图片？next_batch(100) 多少次正好是一轮？\n"
        "How many calls of next_batch(100) make one epoch of the TF 1 training split?",
        "reread README 1.1: the three splits and their sizes",
        predicted(55000 / 100, "55,000 training images / 100 per batch = 550 batches"), "NUMBER"),
    Exercise(
        "1.3a", "predict", "Size of an IDX file / IDX 文件有多大",
        "解压后的 train-images-idx3-ubyte 有多少字节？\n"
        "How many bytes is train-images-idx3-ubyte, uncompressed?",
        "reread README section 1, the IDX format: a 4-byte magic number, one 4-byte size per "
        "dimension, then one byte per pixel",
        predicted(4 + 3 * 4 + 60000 * 28 * 28, "4 + 3 × 4 header bytes + 60,000 × 28 × 28 pixels = 47,040,016"),
        "NUMBER"),
    Exercise(
        "1.3b", "write", "Read an IDX header / 读 IDX 文件头",
        "在 exercises/my_idx_header.py 里写 read_idx_header(path)，返回 (magic, sizes)，例如\n"
        "(2051, (60000, 28, 28))；文件名以 .gz 结尾时用 gzip.open 打开。\n"
        "In exercises/my_idx_header.py write read_idx_header(path) returning (magic, sizes), e.g.\n"
        "(2051, (60000, 28, 28)); open a name ending in .gz with gzip.open. Hint: struct.unpack('>I', ...).",
        "reread README section 1, the IDX format (big-endian: struct's '>I'), and read_idx in "
        "mnist_course/data.py",
        check_idx_header),
    Exercise(
        "2.5a", "predict", "Parameters of a Dense layer / 全连接层的参数",
        "Dense(128) 读入 784 个像素，有多少个参数？\n"
        "A Dense(128) layer reading the 784 pixels: how many parameters?",
        "reread README 2.5: m neurons reading n inputs have m × n weights and m biases",
        predicted(128 * 784 + 128, "128 × 784 weights + 128 biases = 100,480"), "NUMBER"),
    Exercise(
        "2.6a", "predict", "The loss of a uniform guess / 均匀猜测的损失",
        "还没训练的网络给每个数字的概率都是 1/10：交叉熵损失是多少（自然对数，两位小数）？\n"
        "A network that gives each digit probability 1/10: what is its cross-entropy loss (natural log, "
        "2 decimals)?",
        "reread README 2.6: L = −log(p of the right class)",
        predicted(-math.log(0.1), "−log(1/10) = log 10 = 2.3026: a fresh network's first loss is close "
                  "to it", tolerance=0.006), "NUMBER"),
    Exercise(
        "2.6b", "predict", "One forward-propagation value / 前向传播的一个值",
        "README 2.6 的例子换成输入 x = [0, 1]：第 2 层第一个神经元的 z²₁ 是多少？\n"
        "README 2.6's worked example with the input x = [0, 1]: what is z²₁?",
        "reread README 2.6: first z¹ = W¹·x + b¹ and a¹ = relu(z¹), then z² = W²·a¹ + b²",
        predicted(OTHER_Z2[0], f"a¹ = relu([0.5, 0.2, -0.5]) = [0.5, 0.2, 0]; z²₁ = 0.5×0.5 + 0.2×0.2 + "
                  f"(-0.3)×0 + 0 = {OTHER_Z2[0]:.2f}", tolerance=0.005), "NUMBER"),
    Exercise(
        "2.8a", "write", "One-hot by hand / 手写 one-hot",
        "在 exercises/my_one_hot.py 里写 one_hot(labels, classes)：返回 (n, classes) 的数组，\n"
        "和 keras.utils.to_categorical 一样。\n"
        "In exercises/my_one_hot.py write one_hot(labels, classes) returning an (n, classes) array, as "
        "keras.utils.to_categorical does.",
        "reread README 2.8: one 1 per row, in the label's column",
        check_one_hot),
    Exercise(
        "3.1a", "write", "The forward pass in NumPy / 用 NumPy 做前向传播",
        "在 exercises/my_softmax_forward.py 里写 forward(weights, images)：weights 是\n"
        "model.get_weights() 的列表 [kernel, bias, kernel, bias, ...]，images 是 (n, 784)；返回 (n, 10) 的概率。\n"
        "In exercises/my_softmax_forward.py write forward(weights, images): weights as model.get_weights() "
        "lists them, images (n, 784); return the (n, 10) probabilities. Run python MNISTSoftmax.py first.",
        "reread README 2.5 and 2.6: each layer is relu(x · kernel + bias), the last one softmax",
        check_softmax_forward),
    Exercise(
        "3.2a", "change", "One hidden layer of 128 / 一个 128 的隐藏层",
        "把 MNISTSoftmax.py 的两个 Dense(512) 换成一个 Dense(128, activation=\"relu\")，运行它。\n"
        "In MNISTSoftmax.py replace the two Dense(512) layers by one Dense(128, activation=\"relu\"), and run it.",
        "reread README 3.1 step 5: the layers are in keras.Sequential([...])",
        check_one_hidden_layer),
    Exercise(
        "3.2b", "change", "Only 1,000 training images / 只用 1000 张训练图片",
        "运行 python MNISTSoftmax.py --train-limit 1000。最后一轮哪个准确率更高：training 还是 validation？\n"
        "Run python MNISTSoftmax.py --train-limit 1000. At the last epoch, which accuracy is higher: "
        "training or validation? Answer with one word.",
        "reread README 3.2 on over-fitting; your run's last epoch prints accuracy and val_accuracy",
        check_small_training_set, "WORD"),
    Exercise(
        "4.1a", "write", "A 3 × 3 convolution by hand / 手算 3×3 卷积",
        "在 exercises/my_convolution.py 里写 convolve(image, kernel)：28×28 图像、3×3 卷积核、不补零，\n"
        "返回 26×26 的特征图。\n"
        "In exercises/my_convolution.py write convolve(image, kernel): a 28 × 28 image, a 3 × 3 kernel, no "
        "padding; return the 26 × 26 feature map.",
        "reread README 4.1: output (r, c) is the sum of the patch whose top-left pixel is (r, c), "
        "times the kernel, entry by entry (not flipped)",
        check_convolution),
    Exercise(
        "4.2a", "predict", "How many poolings / 能池化几次",
        "28×28 的图像能连续经过多少次 MaxPooling2D((2, 2))，才变成 1×1？\n"
        "How many MaxPooling2D((2, 2)) in a row does a 28 × 28 image go through before it is 1 × 1?",
        "reread README 4.2: each pooling halves the map, and an odd last row or column is dropped",
        predicted(pools_survived(), "28 → 14 → 7 → 3 → 1: 4 poolings"), "NUMBER"),
    Exercise(
        "4.3a", "predict", "The shape after Flatten / 展平后的长度",
        "如果课程 CNN 的 MaxPooling2D 用 (4, 4) 而不是 (2, 2)，Flatten 输出多少个数？\n"
        "If the course's CNN pooled with (4, 4) instead of (2, 2), how many numbers would Flatten give?",
        "reread README 4.3 and 4.4: after the second Conv2D the maps are 24 × 24 × 64",
        predicted((24 // 4) ** 2 * 64, "24 / 4 = 6: 6 × 6 × 64 = 2,304"), "NUMBER"),
    Exercise(
        "4.4a", "predict", "Parameters of a Conv2D layer / 卷积层的参数",
        "Conv2D(16, (5, 5)) 作用在灰度 28×28 图像上，有多少个参数？\n"
        "Conv2D(16, (5, 5)) on a grey 28 × 28 image: how many parameters?",
        "reread README 4.4: kernel height × width × input channels × kernels, plus one bias per kernel",
        predicted(5 * 5 * 1 * 16 + 16, "5 × 5 × 1 × 16 + 16 = 416"), "NUMBER"),
    Exercise(
        "5.2a", "change", "The CNN without dropout / 去掉 Dropout",
        "删掉 MNISTCNN.py 里的两个 Dropout 层，运行它。最后一轮哪个准确率更高：training 还是 validation？\n"
        "Remove both Dropout layers from MNISTCNN.py and run it. At the last epoch, which accuracy is "
        "higher now: training or validation? Answer with one word.",
        "reread README 4.3 (dropout) and 5.1 (why validation was above training)",
        check_no_dropout, "WORD"),
    Exercise(
        "5.2b", "change", "No shifted images / 不平移训练图片",
        "把 MNISTCNN.py 里的 MAX_SHIFT 改成 0，运行它，和 99.37% 比一比。\n"
        "Set MAX_SHIFT = 0 in MNISTCNN.py, run it, and compare with 99.37%.",
        "reread README 5.2: the shifted images, and MAX_SHIFT at the top of MNISTCNN.py",
        check_no_shift),
    Exercise(
        "5.2c", "predict", "Steps per epoch / 每轮多少步",
        "55,000 张训练图片、batch size 64：一轮有多少个训练步骤（最后一批可以不满）？\n"
        "55,000 training images, batch size 64: how many training steps make one epoch (the last "
        "batch may be smaller)?",
        "reread README 5.2: one step per batch; round up",
        predicted(math.ceil(55000 / 64), "55,000 / 64 = 859.4, rounded up: 860 steps"), "NUMBER"),
    Exercise(
        "6.1a", "predict", "Scaled to 20 pixels / 缩放到 20 像素",
        "一个数字的笔迹框宽 120 像素、高 300 像素。第 6 步（最长边缩到 20 像素，保持长宽比）之后它有多宽？\n"
        "A digit's ink box is 120 px wide and 300 px tall. After step 6 (longer side to 20 px, aspect "
        "kept), how many pixels wide is it?",
        "reread README 6.1 step 6",
        predicted(120 * 20 / 300, "300 → 20 is × 1/15, so 120 → 8 px"), "NUMBER"),
    Exercise(
        "6.1b", "handwriting", "The model reads your digit / 模型认出你的数字",
        "在纸上写一个数字拍照（或在画图软件里画），存为 exercises/my_digit.png（或 .jpg），\n"
        "运行 python MNISTPredict.py exercises/my_digit.png，再用你写的数字检查：check 6.1b 7\n"
        "Write a digit on paper and photograph it (or draw it), save it as exercises/my_digit.png (or .jpg), "
        "run python MNISTPredict.py exercises/my_digit.png, then check with the digit you wrote.",
        "reread README 6.1 and 6.3: one digit per image, cropped close; --save-preprocessed shows "
        "what the model saw",
        check_own_digit, "DIGIT"),
    Exercise(
        "6.3a", "handwriting", "A digit the model gets wrong / 模型认错的数字",
        "找一个模型认错的数字，存为 exercises/my_wrong_digit.png，运行 python MNISTPredict.py\n"
        "exercises/my_wrong_digit.png --save-preprocessed exercises/seen，看看模型看到了什么，再检查：check 6.3a 4\n"
        "Find a digit of yours the model reads wrong, save it as exercises/my_wrong_digit.png, run "
        "python MNISTPredict.py exercises/my_wrong_digit.png --save-preprocessed exercises/seen, look at "
        "what the model saw, and check with the digit you wrote.",
        "reread README 6.3 (what still goes wrong) and 6.1 (what MNIST's digits look like)",
        check_wrong_digit, "DIGIT"),
    Exercise(
        "7.1a", "predict", "Squares after pooling / 池化后的小方块",
        "画图页面为每个卷积核显示一个小方块。课程 CNN 的 MaxPooling2D 之后显示多少个？\n"
        "The drawing page shows one small square per filter. How many does it show after the course "
        "CNN's MaxPooling2D layer?",
        "reread README 4.2 and 4.4: pooling makes each map smaller, it does not change how many there are",
        predicted(64, "pooling keeps the 64 maps of the second Conv2D, each 12 × 12"), "NUMBER"),
    Exercise(
        "7.1b", "write", "The first layer's feature maps / 第一层的特征图",
        "在 exercises/my_feature_maps.py 里写 first_feature_maps(image, kernel, bias)：28×28 图像、\n"
        "(3, 3, 1, 32) 的卷积核、32 个偏置；返回页面显示的 (26, 26, 32) 个 ReLU 之后的特征图。\n"
        "In exercises/my_feature_maps.py write first_feature_maps(image, kernel, bias): a 28 × 28 image, "
        "a (3, 3, 1, 32) kernel, 32 biases; return the (26, 26, 32) maps after ReLU that the page shows.",
        "reread README 4.1 (one convolution per kernel, plus its bias) and 2.4 (ReLU)",
        check_feature_maps),
]
