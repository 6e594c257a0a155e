"""A trained model from a file, loaded safely, and images shaped the way it wants them.

安全地加载训练好的模型文件，并把 28x28 图像整理成模型需要的输入形状。
Used by the tools that answer with a trained model: MNISTPredict.py and MNISTDraw.py.
"""
import zipfile
from pathlib import Path

import numpy as np

from mnist_course import ZIP_START, CourseError, cli, open_regular, shown

HDF5_START = b"\x89HDF\r\n\x1a\n"  # the signature an .h5 file starts with

# A .keras file is a zip archive. The unpacked size of each entry, which its directory declares,
# is checked before Keras reads any, so a small file cannot unpack to gigabytes; zipfile never
# unpacks an entry past its declared size.
MAX_CONFIG_BYTES = 10_000_000      # config.json, metadata.json: a few KB for the course's models
MAX_MODEL_BYTES = 1_000_000_000    # all entries: the course's CNN holds 4.8 MB of weights
MAX_EXPANSION = 100                # Keras stores entries unpacked; deflate can unpack 1,000-fold

# Read in float32 instead (in_float32).
HALF_PRECISION = ("mixed_bfloat16", "bfloat16", "mixed_float16", "float16")


def load_model(path, default=False):
    """Load a Keras model safely and check it takes MNIST-shaped input and gives 10 classes.

    safe_mode=True refuses Lambda layers with pickled Python code, and no custom objects are
    passed: loading someone else's model file cannot run code. compile=False: we only predict.
    A model trained in bfloat16 is read in float32 (in_float32).
    """
    path = Path(path)
    if not path.exists():
        hint = " (train it first: python MNISTCNN.py)" if default else ""
        raise CourseError(f"{shown(path)}: model file not found{hint}")
    check_model_format(path)
    keras = cli.import_keras()
    try:
        model = keras.models.load_model(path, compile=False, safe_mode=True)
    except Exception as error:  # h5py, zipfile and Keras raise many kinds; all mean "not a model"
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0].split(". ")[0]
        raise CourseError(f"{shown(path)}: not a Keras model we can load safely ({shown(reason[:160])})")
    input_shape = tuple(model.input_shape[1:]) if not isinstance(model.input_shape, list) else None
    if input_shape not in ((28, 28, 1), (28, 28), (784,)):
        raise CourseError(f"{shown(path)}: model input shape {input_shape} does not fit 28x28 MNIST "
                          f"images; expected (28, 28, 1), (28, 28) or (784,)")
    if tuple(model.output_shape[1:]) != (10,):
        raise CourseError(f"{shown(path)}: model output shape {model.output_shape[1:]} is not 10 digits")
    if not all(np.isfinite(weights).all() for weights in model.get_weights()):
        raise CourseError(f"{shown(path)}: its weights include NaN or infinite numbers (training went wrong); "
                          f"train it again")
    return in_float32(model)


def in_float32(model):
    """The model computing in float32, with the same weights.

    MNISTCNN.py trains in mixed bfloat16 on a CPU with bfloat16 instructions, and the saved model
    keeps that: its weights are float32, its sums bfloat16. Read in float32, a model answers the
    same on every computer, including one without those instructions that it was copied to (with
    oneDNN limited to AVX2, TensorFlow could not run the bfloat16 model at all). On the 2,000 first
    MNIST test digits the course's bfloat16 CNN gives the same digit both ways, no probability 1%
    apart; on a CPU with bfloat16 a batch of 19 images takes 1.3 ms longer in float32 (README 7).
    以 float32 计算：在任何电脑上答案都一样，也不需要 CPU 支持 bfloat16。
    """
    config = model.get_config()
    float32 = _in_float32_config(config)
    if float32 == config:
        return model
    try:
        copy = model.__class__.from_config(float32)  # every layer, those inside a layer too
        copy.set_weights(model.get_weights())
    except Exception:  # a layer not rebuilt so (a quantized one keeps int8 weights): read as saved
        return model
    return copy


def _in_float32_config(value, key=None):
    """A model's config with every 16-bit float dtype (a policy such as mixed_bfloat16, or a name)
    made float32; quantized policies (int8_from_mixed_bfloat16) stay as they are."""
    if key == "dtype" and isinstance(value, str):
        return "float32" if value in HALF_PRECISION else value
    if key == "dtype" and isinstance(value, dict) and value.get("class_name") == "DTypePolicy" \
            and value.get("config", {}).get("name") in HALF_PRECISION:
        return "float32"
    if isinstance(value, dict):
        return {name: _in_float32_config(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [_in_float32_config(item) for item in value]
    return value


def check_probabilities(probabilities, path):
    """Finite weights can still overflow to NaN or infinity; such an answer is not shown as a digit."""
    if not np.isfinite(probabilities).all():
        raise CourseError(f"{shown(path)}: the model answers with numbers that are not probabilities "
                          f"(NaN or infinity); train it again")
    return probabilities


def check_model_format(path):
    """Keras picks the format by the name's ending; the first bytes say what the file really is."""
    with open_regular(path) as file:  # a named pipe or a device would make Keras wait forever
        start = file.read(8)
    if start.startswith(ZIP_START):
        kind, endings = "a .keras (zip) model file", (".keras",)
        check_archive_sizes(path)
    elif start == HDF5_START:
        kind, endings = "an HDF5 (.h5) model file", (".h5", ".hdf5")
    else:
        raise CourseError(f"{shown(path)}: not a Keras model file (neither a .keras zip archive nor an HDF5 file)")
    if not path.name.endswith(endings):
        named = f"named {path.suffix}" if path.suffix else "named without an ending"
        raise CourseError(f"{shown(path)}: {kind} {named}; rename it to end in {endings[0]}")


def check_archive_sizes(path):
    """Refuse a .keras archive whose entries would unpack to far more than any model needs."""
    with open_regular(path) as file:
        try:
            entries = zipfile.ZipFile(file).infolist()  # reads only the archive's directory
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise CourseError(f"{shown(path)}: not a readable .keras (zip) model file ({error})")
    for entry in entries:
        name = shown(entry.filename)
        # zipfile unpacks bzip2 and LZMA entries without a bound on each piece, whatever the declared size.
        if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise CourseError(f"{shown(path)}: its {name} is packed with compression method "
                              f"{entry.compress_type}; Keras stores entries unpacked (or deflated)")
        if entry.filename.endswith(".json") and entry.file_size > MAX_CONFIG_BYTES:
            raise CourseError(f"{shown(path)}: its {name} unpacks to {entry.file_size:,} bytes, more "
                              f"than a model's description needs ({MAX_CONFIG_BYTES:,}); not loaded")
        if entry.file_size > max(MAX_EXPANSION * entry.compress_size, MAX_CONFIG_BYTES):
            raise CourseError(f"{shown(path)}: its {name} unpacks to {entry.file_size:,} bytes from "
                              f"{entry.compress_size:,}, as a decompression bomb does; not loaded")
    total = sum(entry.file_size for entry in entries)
    if total > MAX_MODEL_BYTES:
        raise CourseError(f"{shown(path)}: unpacks to {total:,} bytes, more than {MAX_MODEL_BYTES:,}; "
                          f"not a model for 28x28 digits")


def model_input(model, images):
    """28x28 images in [0, 1] as the model takes them: (n, 28, 28, 1) for a CNN, (n, 784) for softmax."""
    return images.reshape((len(images), *model.input_shape[1:])).astype(np.float32)
