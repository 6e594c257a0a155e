"""Find, read and check MNIST: the original IDX files or a Keras-style mnist.npz, local or downloaded.

Search order: --data-dir, then $MNIST_DATA_DIR, then Data/ beside the lessons, then Keras's cache
(~/.keras/datasets/mnist.npz, read only), then the course's own download cache; with none of them,
MNIST is downloaded into that cache from the first of DOWNLOAD_SOURCES that works ($MNIST_MIRROR
first), each file checked against the original before it is kept.
Every file is read with its declared sizes checked before its data is unpacked, and only regular
files are read (a named pipe would wait forever).
"""
import gzip
import hashlib
import http.client
import math
import os
import struct
import sys
import urllib.error
import urllib.request
import zipfile
import zlib
from pathlib import Path

import numpy as np

from mnist_course import ZIP_START, CourseError, open_regular, shown
from mnist_course.saving import replacing

REPO_DATA_DIR = Path(__file__).resolve().parent.parent / "Data"

IDX_FILES = {  # our name -> the file name MNIST was published under
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}
NPZ_FILE = "mnist.npz"

# sha256 of the uncompressed original files (also what the arrays of a genuine mnist.npz
# hash to once written back as IDX), so a corrupt or truncated copy is caught.
ORIGINAL_SHA256 = {
    "x_train": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "y_train": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "x_test": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "y_test": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}

IMAGES_MAGIC = 0x00000803  # uint8 data, 3 dimensions
LABELS_MAGIC = 0x00000801  # uint8 data, 1 dimension
# No MNIST file or array holds more data than the training images. A header promising more is
# refused before anything is unpacked (raise it to teach with a bigger dataset).
LARGEST_MNIST_BYTES = 60_000 * 28 * 28

# Where MNIST is downloaded from when no copy is found, in this order, after $MNIST_MIRROR (the
# learner's own choice, tried first). A URL ending in .npz is a Keras-style mnist.npz; any other is
# a folder holding the four original .gz files. Every file is checked before it is kept.
DOWNLOAD_SOURCES = (
    "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz",  # Keras's own origin
    "https://ossci-datasets.s3.amazonaws.com/mnist/",  # PyTorch's copy, torchvision's first choice
    "https://raw.githubusercontent.com/fgnt/mnist/master/",  # a copy on GitHub
    "http://yann.lecun.com/exdb/mnist/",  # the original site, which at times refuses downloads
)
DOWNLOAD_TIMEOUT = 10  # seconds of silence before a source counts as unreachable
MAX_DOWNLOAD_BYTES = 100_000_000  # MNIST's largest download is 11 MB: a source sending more is not MNIST


def load_mnist(data_dir=None, say_where=True):
    """Return ((x_train, y_train), (x_test, y_test)) as uint8 arrays, like keras.datasets.mnist.

    x: (n, 28, 28), 0 = background, 255 = ink; y: (n,), digits 0-9. say_where=False: no line saying
    which copy was read (an exercise's check answers in one line).
    """
    source = find_source(data_dir) or download()
    if source.name == NPZ_FILE:
        arrays = read_npz(source)
    else:
        arrays = {key: read_idx(_idx_path(source, key)) for key in IDX_FILES}
    _check_pairs(arrays, source)
    _check_original(arrays, source)
    if say_where:
        print(f"MNIST 读取自 / read from {source}")  # which copy, when there are several (README 1.3)
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def find_source(data_dir=None):
    """The folder of IDX files or the mnist.npz to read, or None when MNIST must be downloaded."""
    places = []
    if data_dir is not None:
        places.append((Path(data_dir), "--data-dir", True))
    elif os.environ.get("MNIST_DATA_DIR"):
        places.append((Path(os.environ["MNIST_DATA_DIR"]), "MNIST_DATA_DIR", True))
    places.append((REPO_DATA_DIR, "Data/", False))
    places.append((keras_cache_dir(), "Keras's cache", False))  # a download by Keras, or a copy put there
    for folder, named_by, required in places:
        if not folder.is_dir():
            if required:
                raise CourseError(f"{shown(folder)}: no such directory (given by {named_by})")
            continue
        source = _source_in(folder)
        if source is not None:
            return source
        if required:
            raise CourseError(f"{shown(folder)}: no MNIST files here (given by {named_by}); "
                              f"expected {expected_files()}")
    return None


def expected_files():
    names = ", ".join(IDX_FILES.values())
    return f"the four IDX files {names} (each may end in .gz), or {NPZ_FILE}"


def keras_cache_dir():
    """Where keras.datasets.mnist.load_data() keeps its download."""
    return Path(os.environ.get("KERAS_HOME") or Path.home() / ".keras") / "datasets"


def download_cache_dir():
    """Where the course keeps what it downloads: its own folder in the user's cache, shared by every
    copy of the course, apart from the repository and from Keras's cache (Keras deletes files there
    whose hash it does not expect)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mnist_course"


def _source_in(folder):
    present = [key for key in IDX_FILES if _idx_path(folder, key) is not None]
    if len(present) == len(IDX_FILES):
        return folder
    if (folder / NPZ_FILE).exists():
        return folder / NPZ_FILE
    if present:
        missing = ", ".join(IDX_FILES[key] for key in IDX_FILES if key not in present)
        raise CourseError(f"{shown(folder)}: incomplete MNIST, missing {missing} (.gz or uncompressed)")
    return None


def _idx_path(folder, key):
    for name in (IDX_FILES[key] + ".gz", IDX_FILES[key]):
        if (folder / name).exists():  # not only regular files: reading says what else it is
            return folder / name
    return None


def read_idx(path):
    """Read one IDX file (gzip-compressed if its name ends in .gz) into a uint8 array.

    The header says how many bytes follow; no more than that, and one byte to notice extra data,
    is ever unpacked, so a small file that would unpack to gigabytes is refused at once.
    """
    path = Path(path)
    with open_regular(path) as file:
        stream = gzip.GzipFile(fileobj=file) if path.suffix == ".gz" else file
        try:
            header = stream.read(4)
            if len(header) < 4:
                raise CourseError(f"{shown(path)}: too short to be an IDX file ({len(header)} bytes)")
            magic = struct.unpack(">I", header)[0]
            if magic not in (IMAGES_MAGIC, LABELS_MAGIC):
                raise CourseError(f"{shown(path)}: wrong magic number 0x{magic:08x}, not an MNIST IDX file "
                                  f"(expected 0x{IMAGES_MAGIC:08x} for images, 0x{LABELS_MAGIC:08x} for labels)")
            ndim = magic & 0xFF
            dimensions = stream.read(4 * ndim)
            if len(dimensions) < 4 * ndim:
                raise CourseError(f"{shown(path)}: too short to be an IDX file ({4 + len(dimensions)} bytes)")
            shape = struct.unpack(f">{ndim}I", dimensions)
            size = math.prod(shape)
            if size > LARGEST_MNIST_BYTES:
                raise CourseError(f"{shown(path)}: its header promises shape {shape}, more than any MNIST file "
                                  f"holds; not an MNIST file")
            raw = stream.read(size + 1)
        except (OSError, EOFError, zlib.error) as error:  # gzip raises all three for damaged files
            raise CourseError(f"{shown(path)}: truncated or not a gzip file ({error}); download it again")
    if len(raw) > size:
        raise CourseError(f"{shown(path)}: more data than its header allows (shape {shape}); "
                          f"damaged or not an MNIST file")
    if len(raw) < size:
        raise CourseError(f"{shown(path)}: truncated or damaged, its header promises shape {shape} "
                          f"but it holds {len(raw)} data bytes; download it again")
    return np.frombuffer(raw, dtype=np.uint8).reshape(shape)


def idx_bytes(array):
    """The IDX encoding of an array of images (n, rows, cols) or labels (n,)."""
    array = np.asarray(array, dtype=np.uint8)
    magic = IMAGES_MAGIC if array.ndim == 3 else LABELS_MAGIC
    return struct.pack(f">I{array.ndim}I", magic, *array.shape) + array.tobytes()


def read_npz(path):
    """Read a Keras-style mnist.npz: a zip archive of x_train.npy, y_train.npy, x_test.npy, y_test.npy.

    Read with zipfile and NumPy's .npy header reader rather than np.load, so each array's type and
    size are checked before its data is unpacked, and pickled Python objects are never loaded.
    """
    path = Path(path)
    with open_regular(path) as file:
        start = file.read(len(np.lib.format.MAGIC_PREFIX))
        if start == np.lib.format.MAGIC_PREFIX:
            raise CourseError(f"{shown(path)}: a single .npy array, not an .npz archive of x_train, y_train, ...")
        if not start.startswith(ZIP_START):
            raise CourseError(f"{shown(path)}: not an .npz archive (it is not a zip file); download it again")
        try:
            with zipfile.ZipFile(file) as archive:
                missing = [key for key in IDX_FILES if f"{key}.npy" not in archive.namelist()]
                if missing:
                    raise CourseError(f"{shown(path)}: missing {', '.join(missing)}; a Keras-style "
                                      f"mnist.npz holds x_train, y_train, x_test, y_test")
                return {key: _read_npy(archive, key, path) for key in IDX_FILES}
        except (OSError, EOFError, ValueError, RuntimeError, zlib.error, zipfile.BadZipFile) as error:
            # RuntimeError: an encrypted entry, or (NotImplementedError) an unknown compression
            raise CourseError(f"{shown(path)}: not a readable .npz file ({error}); download it again")


def _read_npy(archive, key, path):
    """One array of an .npz; its header is checked against the archive's entry before unpacking."""
    entry = archive.getinfo(f"{key}.npy")
    with archive.open(entry) as member:
        version = np.lib.format.read_magic(member)
        read_header = {(1, 0): np.lib.format.read_array_header_1_0,
                       (2, 0): np.lib.format.read_array_header_2_0}.get(version)
        if read_header is None:
            raise CourseError(f"{shown(path)}: {key} is in .npy format {version}, which the course does not read")
        shape, fortran_order, dtype = read_header(member)
        size = math.prod(shape)
        if dtype != np.uint8:
            raise CourseError(f"{shown(path)}: {key} has dtype {dtype}, expected uint8")
        if size > LARGEST_MNIST_BYTES:
            raise CourseError(f"{shown(path)}: {key} of shape {shape} is larger than any MNIST array")
        if entry.file_size != member.tell() + size:
            raise CourseError(f"{shown(path)}: {key} is damaged: an array of shape {shape} in an entry of "
                              f"{entry.file_size} bytes")
        raw = member.read(size)  # zipfile checks the entry's CRC on reaching its end
    return np.frombuffer(raw, dtype=np.uint8).reshape(shape, order="F" if fortran_order else "C")


def _check_pairs(arrays, source):
    """Images are n x 28 x 28, labels are digits, and each split has as many labels as images."""
    for split in ("train", "test"):
        images, labels = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if images.ndim != 3 or images.shape[1:] != (28, 28):
            raise CourseError(f"{_name(source, 'x_' + split)}: images of shape {images.shape[1:]}, "
                              f"expected 28x28")
        if labels.ndim != 1:
            raise CourseError(f"{_name(source, 'y_' + split)}: labels of shape {labels.shape}, "
                              f"expected one label per image")
        if len(images) != len(labels):
            raise CourseError(f"{_name(source, 'x_' + split)}: {len(images)} images but "
                              f"{_name(source, 'y_' + split)} has {len(labels)} labels")
        if labels.size and labels.max() > 9:
            raise CourseError(f"{_name(source, 'y_' + split)}: label {labels.max()} is not a digit 0-9")


def _check_original(arrays, source):
    """Compare with the published MNIST, so a damaged copy cannot train a model silently."""
    for key in ORIGINAL_SHA256:
        if not _is_original(key, arrays[key]):
            raise CourseError(f"{_name(source, key)}: checksum differs from the original MNIST "
                              f"{IDX_FILES[key]}; the file is damaged, delete it and download it again")


def _name(source, key):
    """The file a key was read from, for error messages."""
    if source.name == NPZ_FILE:
        return f"{shown(source)} ({key})"
    return shown(_idx_path(source, key))


def _is_original(key, array):
    """True if the array is the published MNIST one (the SHA-256 of its IDX file)."""
    return hashlib.sha256(idx_bytes(array)).hexdigest() == ORIGINAL_SHA256[key]


def download():
    """MNIST from the course's download cache; the first time, downloaded into it.

    Sources are tried in turn ($MNIST_MIRROR, then DOWNLOAD_SOURCES). Each file is written to a
    temporary file and kept only once it holds the original MNIST, so the cache never holds a bad
    or partial file, and what one source delivered is not fetched again from the next.
    """
    cache = download_cache_dir()
    if all((cache / f"{name}.gz").is_file() for name in IDX_FILES.values()):
        return cache
    if (cache / NPZ_FILE).is_file():
        return cache / NPZ_FILE
    mirror = os.environ.get("MNIST_MIRROR", "").strip()
    print(f"下载 MNIST / Downloading MNIST (no copy on this computer) into {shown(cache)}", flush=True)
    tried = []
    for source in ([mirror] if mirror else []) + list(DOWNLOAD_SOURCES):
        try:
            if source.endswith(".npz"):
                _fetch(source, cache / NPZ_FILE)
                return cache / NPZ_FILE
            for key, name in IDX_FILES.items():
                if not (cache / f"{name}.gz").is_file():
                    _fetch(source.rstrip("/") + f"/{name}.gz", cache / f"{name}.gz", key)
            return cache
        except _DownloadFailed as failure:
            print(f"    failed: {failure.reason}", flush=True)
            tried.append(f"  Tried {failure.url}: {failure.reason}")
    searched = ["--data-dir (not given)", "MNIST_DATA_DIR (not set)", str(REPO_DATA_DIR),
                str(keras_cache_dir()), str(cache)]
    raise CourseError("\n".join([
        "MNIST not found and the download failed from every source.",
        f"  Searched: {'; '.join(searched)}.", *tried,
        f"  Put {expected_files()} into Data/ or any folder given by --data-dir or MNIST_DATA_DIR, "
        f"or set MNIST_MIRROR to a mirror's URL (see README, Offline)."]))


class _DownloadFailed(Exception):
    def __init__(self, url, reason):
        super().__init__(f"{url}: {reason}")
        self.url, self.reason = url, reason


def _fetch(url, target, key=None):
    """Download url to target if it holds the original MNIST (key: which IDX file; None: the npz)."""
    print(f"  {url}", flush=True)
    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT) as response, \
                replacing(target) as temporary:
            with open(temporary, "wb") as file:
                _save(response, file)
            if not _holds_original(temporary, key):
                raise CourseError("not the original MNIST (damaged, cut short, or another file)")
    except urllib.error.HTTPError as error:
        raise _DownloadFailed(url, f"HTTP {error.code} {error.reason}")
    except urllib.error.URLError as error:  # refused, unknown host, timed out, certificate
        raise _DownloadFailed(url, str(error.reason)[:120])
    except (OSError, http.client.HTTPException, ValueError, CourseError) as error:
        raise _DownloadFailed(url, (str(error) or type(error).__name__)[:120])


def _save(response, file):
    """Copy a download to file, showing progress; refuse more than MNIST could be."""
    size = int(response.headers.get("Content-Length") or 0)
    received = 0
    try:
        while chunk := _read_chunk(response, received):
            received += len(chunk)
            if max(size, received) > MAX_DOWNLOAD_BYTES:
                raise CourseError(f"more than {MAX_DOWNLOAD_BYTES // 1_000_000} MB, not MNIST")
            file.write(chunk)
            _show_progress(received, size)
    finally:
        _show_progress(received, size, end="\n")
    if received < size:
        raise CourseError(f"the connection closed after {received:,} of {size:,} bytes")


def _read_chunk(response, received):
    """The next part of a download; a timeout or a reset is the connection's fault, not the file's."""
    try:
        return response.read(1 << 16)
    except (OSError, http.client.HTTPException) as error:
        raise CourseError(f"the connection failed after {received:,} bytes "
                          f"({error or type(error).__name__})") from None


def _holds_original(path, key):
    """True if a downloaded file holds the original MNIST (key: which IDX file; None: the npz)."""
    try:
        arrays = {key: read_idx(path)} if key else read_npz(path)
    except CourseError:
        return False
    return all(_is_original(name, array) for name, array in arrays.items())


def _show_progress(received, size, end=""):
    """A one-line bar redrawn in place, on a terminal only: [=====     ]  45%  4.4 of 9.6 MB."""
    if not sys.stdout.isatty() or not received:
        return
    if size:
        bar = "=" * (30 * received // size)
        line = f"[{bar:<30}] {received / size:4.0%}  {_amount(received)} of {_amount(size)}"
    else:
        line = _amount(received)
    print(f"\r    {line}", end=end, flush=True)


def _amount(size):
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} kB"


def hold_out(images, labels, validation_size, train_limit=None):
    """((train images, labels), (validation images, labels)): the last `validation_size` training
    images validate; of the rest, only the first `train_limit` train if it is given (quick runs).

    Validation comes from the training set, because the test set must not steer training (README 3.3).
    """
    available = len(images) - validation_size
    if train_limit and train_limit > available:
        raise CourseError(f"--train-limit {train_limit}: at most {available} training images")
    end = train_limit or available
    return (images[:end], labels[:end]), (images[available:], labels[available:])
