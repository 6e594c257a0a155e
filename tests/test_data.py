"""The data layer (mnist_course.data) on the real MNIST files, and how it reports bad input.

Everything is read from the real files in MNIST_DATA_DIR; the bad-input tests damage copies of
them in tmp_path (the originals are read-only and are only ever linked to, never written).
"""
import gzip
import hashlib
import http.server
import os
import shutil
import socket
import stat
import struct
import threading
import time
import tracemalloc
import zipfile

import numpy as np
import pytest

from conftest import REPO, run_script, write_idx
from mnist_course import CourseError
from mnist_course import data
from mnist_course.data import IDX_FILES, NPZ_FILE, find_source, load_mnist, read_idx, read_npz

GZ = {key: name + ".gz" for key, name in IDX_FILES.items()}


# ---------------------------------------------------------------- helpers and fixtures

def link_real(folder, mnist_dir, keys=tuple(IDX_FILES)):
    """A folder holding (symbolic links to) some of the real .gz files."""
    folder.mkdir(parents=True, exist_ok=True)
    for key in keys:
        (folder / GZ[key]).symlink_to(mnist_dir / GZ[key])
    return folder


def snapshot(folder):
    """Name -> (size, mtime, sha256) of every file below folder (links followed), to spot changes."""
    result = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            info = os.stat(path)
            if not stat.S_ISREG(info.st_mode):  # a named pipe: opening it would wait for a writer
                result[os.path.relpath(path, folder)] = stat.S_IFMT(info.st_mode)
                continue
            with open(path, "rb") as file:
                digest = hashlib.sha256(file.read()).hexdigest()
            result[os.path.relpath(path, folder)] = (info.st_size, info.st_mtime_ns, digest)
    return result


def assert_same_arrays(loaded, expected):
    for got_split, want_split in zip(loaded, expected):
        for got, want in zip(got_split, want_split):
            assert got.dtype == want.dtype and got.shape == want.shape
            assert np.array_equal(got, want)


@pytest.fixture(scope="module")
def real(mnist_dir):
    """((x_train, y_train), (x_test, y_test)) read from the real .gz files."""
    return load_mnist(mnist_dir)


@pytest.fixture(scope="module")
def uncompressed_dir(mnist_dir, tmp_path_factory):
    """The four real files, gunzipped (the original uncompressed IDX files)."""
    folder = tmp_path_factory.mktemp("uncompressed")
    for key, name in IDX_FILES.items():
        with gzip.open(mnist_dir / GZ[key], "rb") as source, open(folder / name, "wb") as target:
            shutil.copyfileobj(source, target)
    return folder


@pytest.fixture
def no_search_places(monkeypatch, tmp_path):
    """No MNIST_DATA_DIR and an empty Data/: only what a test sets up is found."""
    monkeypatch.delenv("MNIST_DATA_DIR", raising=False)
    empty = tmp_path / "Data"
    empty.mkdir()
    monkeypatch.setattr(data, "REPO_DATA_DIR", empty)
    return empty


# ---------------------------------------------------------------- 1. the real files

def test_real_arrays_have_mnist_shapes_dtypes_and_labels(real):
    (x_train, y_train), (x_test, y_test) = real
    assert x_train.shape == (60000, 28, 28)
    assert y_train.shape == (60000,)
    assert x_test.shape == (10000, 28, 28)
    assert y_test.shape == (10000,)
    for array in (x_train, y_train, x_test, y_test):
        assert array.dtype == np.uint8
    assert y_train[:5].tolist() == [5, 0, 4, 1, 9]
    for images in (x_train, x_test):
        assert images.min() == 0 and images.max() == 255
    for labels in (y_train, y_test):
        assert sorted(np.unique(labels).tolist()) == list(range(10))


def test_loading_the_full_set_from_gz_is_fast(mnist_dir):
    start = time.perf_counter()
    (x_train, _), (x_test, _) = load_mnist(mnist_dir)
    seconds = time.perf_counter() - start
    print(f"\nload_mnist from .gz: {seconds:.2f} s")
    assert len(x_train) == 60000 and len(x_test) == 10000
    assert seconds < 5, f"loading MNIST took {seconds:.1f} s (expected about 1 s)"


def test_data_dir_beats_mnist_data_dir(mnist_dir, tmp_path, monkeypatch, no_search_places, real):
    given = link_real(tmp_path / "given", mnist_dir)
    from_env = link_real(tmp_path / "env", mnist_dir)
    monkeypatch.setenv("MNIST_DATA_DIR", str(from_env))
    assert find_source(given) == given
    # Even a MNIST_DATA_DIR that does not exist is not looked at when --data-dir is given.
    monkeypatch.setenv("MNIST_DATA_DIR", str(tmp_path / "does-not-exist"))
    assert find_source(given) == given
    assert_same_arrays(load_mnist(given), real)


def test_mnist_data_dir_beats_repo_data(mnist_dir, tmp_path, monkeypatch, no_search_places, real):
    from_env = link_real(tmp_path / "env", mnist_dir)
    repo_data = link_real(tmp_path / "repo-data", mnist_dir)
    monkeypatch.setattr(data, "REPO_DATA_DIR", repo_data)
    monkeypatch.setenv("MNIST_DATA_DIR", str(from_env))
    assert find_source() == from_env
    # A broken Data/ does not matter while MNIST_DATA_DIR holds MNIST.
    broken = link_real(tmp_path / "broken-data", mnist_dir, keys=["x_train"])
    monkeypatch.setattr(data, "REPO_DATA_DIR", broken)
    assert_same_arrays(load_mnist(), real)


def test_repo_data_is_used_when_nothing_else_is_given(mnist_dir, tmp_path, monkeypatch,
                                                     no_search_places, real):
    repo_data = link_real(tmp_path / "repo-data", mnist_dir)
    monkeypatch.setattr(data, "REPO_DATA_DIR", repo_data)
    assert find_source() == repo_data
    assert_same_arrays(load_mnist(), real)


def test_uncompressed_idx_files_load_like_gz(uncompressed_dir, real):
    assert sorted(os.listdir(uncompressed_dir)) == sorted(IDX_FILES.values())
    assert_same_arrays(load_mnist(uncompressed_dir), real)


def test_gz_and_uncompressed_files_may_be_mixed(mnist_dir, uncompressed_dir, tmp_path, real):
    folder = link_real(tmp_path / "mixed", mnist_dir, keys=["x_train", "x_test"])
    for key in ("y_train", "y_test"):
        (folder / IDX_FILES[key]).symlink_to(uncompressed_dir / IDX_FILES[key])
    assert_same_arrays(load_mnist(folder), real)


def test_keras_style_npz_gives_identical_arrays(real, tmp_path):
    (x_train, y_train), (x_test, y_test) = real
    np.savez_compressed(tmp_path / NPZ_FILE, x_train=x_train, y_train=y_train,
                        x_test=x_test, y_test=y_test)
    assert find_source(tmp_path) == tmp_path / NPZ_FILE
    assert_same_arrays(load_mnist(tmp_path), real)


# ---------------------------------------------------------------- 2. round trips

@pytest.mark.parametrize("key, suffix", [("y_train", ".gz"), ("y_test", ".gz"), ("y_train", ""),
                                         ("x_test", "")])
def test_write_idx_read_idx_round_trip(real, mnist_dir, tmp_path, key, suffix):
    (x_train, y_train), (x_test, y_test) = real
    array = {"y_train": y_train, "x_test": x_test, "y_test": y_test}[key]
    path = tmp_path / (IDX_FILES[key] + suffix)
    write_idx(path, array)
    back = read_idx(path)
    assert back.dtype == np.uint8 and back.shape == array.shape
    assert np.array_equal(back, array)
    # What write_idx stores is byte for byte the published (uncompressed) file.
    stored = gzip.decompress(path.read_bytes()) if suffix else path.read_bytes()
    with gzip.open(mnist_dir / GZ[key], "rb") as original:
        assert stored == original.read()
    if not suffix:
        with pytest.raises(OSError):
            gzip.decompress(path.read_bytes())  # plain means plain, not gzip under another name


def test_write_idx_read_idx_round_trip_of_gz_images(real, tmp_path):
    _, (x_test, _) = real
    images = x_test[:1000]  # a real subset: gzip at write_idx's level 9 is slow on all 10000
    path = tmp_path / "images-idx3-ubyte.gz"
    write_idx(path, images)
    assert gzip.decompress(path.read_bytes())[:16] == struct.pack(">4I", 0x803, 1000, 28, 28)
    back = read_idx(path)
    assert back.shape == (1000, 28, 28) and back.dtype == np.uint8
    assert np.array_equal(back, images)


def test_write_idx_read_idx_round_trip_of_training_images(real, tmp_path):
    (x_train, _), _ = real
    path = tmp_path / "train-images-idx3-ubyte"
    write_idx(path, x_train)
    assert path.stat().st_size == 16 + 60000 * 28 * 28
    assert np.array_equal(read_idx(path), x_train)


def test_npz_round_trip(real, tmp_path):
    (x_train, y_train), (x_test, y_test) = real
    path = tmp_path / NPZ_FILE
    np.savez_compressed(path, x_train=x_train[:2000], y_train=y_train[:2000],
                        x_test=x_test, y_test=y_test)
    arrays = read_npz(path)
    assert sorted(arrays) == sorted(IDX_FILES)
    assert np.array_equal(arrays["x_train"], x_train[:2000])
    assert np.array_equal(arrays["y_train"], y_train[:2000])
    assert np.array_equal(arrays["x_test"], x_test)
    assert np.array_equal(arrays["y_test"], y_test)
    assert all(array.dtype == np.uint8 for array in arrays.values())


# ---------------------------------------------------------------- 3. bad input
# Each builder makes a broken MNIST folder from the real files and returns
# (what to pass as --data-dir, the file the message must name, words the message must contain).

def missing_directory(tmp_path, mnist_dir):
    folder = tmp_path / "no-such-folder"
    return folder, folder, ["no such directory"]


def directory_without_mnist(tmp_path, mnist_dir):
    folder = tmp_path / "not-mnist"
    folder.mkdir()
    (folder / "notes.txt").write_text("nothing to see\n")
    return folder, folder, ["no MNIST files", *IDX_FILES.values(), NPZ_FILE]


def truncated_gz(tmp_path, mnist_dir):
    folder = link_real(tmp_path / "truncated", mnist_dir, keys=["x_train", "x_test", "y_test"])
    raw = (mnist_dir / GZ["y_train"]).read_bytes()
    path = folder / GZ["y_train"]
    path.write_bytes(raw[:len(raw) // 2])
    return folder, path, ["truncated"]


def truncated_uncompressed(tmp_path, mnist_dir):
    folder = link_real(tmp_path / "truncated", mnist_dir, keys=["x_train", "y_train", "x_test"])
    path = folder / IDX_FILES["y_test"]
    path.write_bytes(gzip.decompress((mnist_dir / GZ["y_test"]).read_bytes())[:5000])
    return folder, path, ["truncated", "10000"]


def wrong_magic_number(tmp_path, mnist_dir):
    folder = link_real(tmp_path / "magic", mnist_dir, keys=["x_train", "y_train", "x_test"])
    raw = gzip.decompress((mnist_dir / GZ["y_test"]).read_bytes())
    path = folder / GZ["y_test"]
    path.write_bytes(gzip.compress(struct.pack(">I", 0x00000804) + raw[4:]))
    return folder, path, ["magic", "0x00000804"]


def counts_disagree(tmp_path, mnist_dir):
    folder = link_real(tmp_path / "counts", mnist_dir, keys=["x_train", "y_train", "x_test"])
    labels = read_idx(mnist_dir / GZ["y_test"])
    path = folder / GZ["y_test"]
    write_idx(path, labels[:9999])
    return folder, path, ["10000 images", "9999 labels", str(folder / GZ["x_test"])]


def npz_missing_key(tmp_path, mnist_dir):
    folder = tmp_path / "npz"
    folder.mkdir()
    path = folder / NPZ_FILE
    np.savez(path, x_train=read_idx(mnist_dir / GZ["x_test"]), y_train=read_idx(mnist_dir / GZ["y_test"]),
             x_test=read_idx(mnist_dir / GZ["x_test"]))
    return folder, path, ["missing y_test"]


def truncated_npz(tmp_path, mnist_dir):
    folder = tmp_path / "npz"
    folder.mkdir()
    path = folder / NPZ_FILE
    np.savez(path, **{key: read_idx(mnist_dir / GZ[key]) for key in IDX_FILES})
    raw = path.read_bytes()
    path.write_bytes(raw[:len(raw) // 2])
    return folder, path, ["not a readable .npz"]


def checksum_mismatch(tmp_path, mnist_dir):
    folder = link_real(tmp_path / "checksum", mnist_dir, keys=["x_train", "y_train", "y_test"])
    images = read_idx(mnist_dir / GZ["x_test"]).copy()
    images[0, 14, 14] = 255 - images[0, 14, 14]  # one pixel of the first test image
    path = folder / GZ["x_test"]
    path.write_bytes(gzip.compress(data.idx_bytes(images), compresslevel=1))  # re-gzipped
    return folder, path, ["checksum", IDX_FILES["x_test"]]


def incomplete_folder(tmp_path, mnist_dir):
    folder = link_real(tmp_path / "incomplete", mnist_dir, keys=["x_train", "y_train"])
    return folder, folder, ["incomplete", "missing", IDX_FILES["x_test"], IDX_FILES["y_test"]]


def npz_that_is_text(tmp_path, mnist_dir):
    folder = tmp_path / "npz"
    folder.mkdir()
    path = folder / NPZ_FILE
    path.write_text("<html><body>Log in to the Wi-Fi to continue</body></html>\n")  # a captive portal
    return folder, path, ["not an .npz archive"]


def npz_with_object_array(tmp_path, mnist_dir):
    folder = tmp_path / "npz"
    folder.mkdir()
    path = folder / NPZ_FILE
    arrays = {key: read_idx(mnist_dir / GZ[key]) for key in ("y_train", "x_test", "y_test")}
    np.savez(path, x_train=np.array([{"pickled": "code"}], dtype=object), **arrays)
    return folder, path, ["x_train", "dtype object", "uint8"]


def gz_with_more_data_than_its_header(tmp_path, mnist_dir):
    folder = link_real(tmp_path / "long", mnist_dir, keys=["x_train", "y_train", "x_test"])
    path = folder / GZ["y_test"]
    # The real labels, then 64 MB of zeros as further gzip members (one file, read as one stream).
    path.write_bytes((mnist_dir / GZ["y_test"]).read_bytes() + gzip.compress(bytes(16 << 20)) * 4)
    return folder, path, ["more data than its header allows"]


def header_promises_more_than_mnist(tmp_path, mnist_dir):
    folder = link_real(tmp_path / "huge-header", mnist_dir, keys=["x_train", "y_train", "y_test"])
    path = folder / GZ["x_test"]
    path.write_bytes(gzip.compress(struct.pack(">4I", 0x803, 4_000_000_000, 28, 28) + bytes(784)))
    return folder, path, ["4000000000", "more than any MNIST file"]


def fifo_as_idx_file(tmp_path, mnist_dir):
    folder = link_real(tmp_path / "fifo", mnist_dir, keys=["x_train", "y_train", "x_test"])
    path = folder / GZ["y_test"]
    os.mkfifo(path)  # reading a named pipe nobody writes to would wait forever
    return folder, path, ["not a regular file"]


def folder_as_idx_file(tmp_path, mnist_dir):
    folder = link_real(tmp_path / "folder", mnist_dir, keys=["x_train", "y_train", "x_test"])
    path = folder / IDX_FILES["y_test"]
    path.mkdir()
    return folder, path, ["not a regular file", "folder"]


def fifo_as_npz(tmp_path, mnist_dir):
    folder = tmp_path / "npz"
    folder.mkdir()
    path = folder / NPZ_FILE
    os.mkfifo(path)
    return folder, path, ["not a regular file"]


BAD_INPUTS = [missing_directory, directory_without_mnist, truncated_gz, truncated_uncompressed,
              wrong_magic_number, counts_disagree, npz_missing_key, truncated_npz,
              checksum_mismatch, incomplete_folder, npz_that_is_text, npz_with_object_array,
              gz_with_more_data_than_its_header, header_promises_more_than_mnist, fifo_as_idx_file,
              folder_as_idx_file, fifo_as_npz]


@pytest.mark.parametrize("make", BAD_INPUTS, ids=lambda make: make.__name__)
def test_bad_input_raises_a_short_course_error(make, tmp_path, mnist_dir):
    data_dir, named, words = make(tmp_path, mnist_dir)
    before = snapshot(tmp_path)
    with pytest.raises(CourseError) as caught:
        load_mnist(data_dir)
    message = str(caught.value)
    print(message)
    assert str(named) in message
    for word in words:
        assert word in message
    assert "allow_pickle" not in message  # a course never suggests loading pickled code
    assert "\n" not in message and len(message.replace(str(tmp_path), "")) < 300
    assert snapshot(tmp_path) == before


def gzip_bomb(path, mnist_dir):
    """The real test labels followed by 1 GB of zeros in further gzip members: 1 MB on disk."""
    path.write_bytes((mnist_dir / GZ["y_test"]).read_bytes() + gzip.compress(bytes(16 << 20)) * 64)
    return ["more data than its header allows"]


def npz_bomb(path, mnist_dir):
    """An mnist.npz whose x_train entry unpacks to 256 MB of zeros (about 1 MB in the archive)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for key in ("y_train", "x_test", "y_test"):
            with archive.open(f"{key}.npy", "w") as member:
                np.lib.format.write_array(member, read_idx(mnist_dir / GZ[key]))
        with archive.open("x_train.npy", "w") as member:
            np.lib.format.write_array_header_1_0(
                member, {"descr": "|u1", "fortran_order": False, "shape": (256 << 20,)})
            for _ in range(16):
                member.write(bytes(16 << 20))
    return ["x_train", "larger than any MNIST array"]


@pytest.mark.parametrize("make, name", [(gzip_bomb, GZ["y_test"]), (npz_bomb, NPZ_FILE)],
                         ids=["gzip", "npz"])
def test_a_file_unpacking_to_more_than_its_header_is_refused_with_little_memory(make, name, tmp_path,
                                                                               mnist_dir):
    path = tmp_path / name
    words = make(path, mnist_dir)
    reader = read_npz if name == NPZ_FILE else read_idx
    tracemalloc.start()
    try:
        with pytest.raises(CourseError) as caught:
            reader(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    print(f"{path.stat().st_size / 1e6:.1f} MB file refused, peak {peak / 1e6:.1f} MB of memory")
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    for word in words:
        assert word in message
    assert peak < 64e6, f"{peak / 1e6:.0f} MB read to refuse it"


@pytest.mark.parametrize("make", [missing_directory, directory_without_mnist, truncated_gz,
                                  wrong_magic_number, counts_disagree, npz_missing_key,
                                  checksum_mismatch, incomplete_folder, npz_that_is_text,
                                  fifo_as_idx_file],
                         ids=lambda make: make.__name__)
def test_bad_input_makes_the_lesson_exit_with_one_line(make, tmp_path, mnist_dir):
    (tmp_path / "input").mkdir()
    data_dir, named, words = make(tmp_path / "input", mnist_dir)
    output = tmp_path / "output"
    before, existed = snapshot(tmp_path / "input"), data_dir.exists()
    result = run_script("IntroduceMNISTKeras.py", "--data-dir", data_dir, "--output-dir", output,
                        "--no-show", cwd=tmp_path, timeout=120, env=closed_port_proxy())
    print(result.stderr)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert str(named) in lines[0]
    for word in words:
        assert word in lines[0]
    assert len(lines[0].replace(str(tmp_path), "")) < 300
    assert snapshot(tmp_path / "input") == before and data_dir.exists() == existed
    # Nothing written, not even the folder's lock (one run at a time, README 3.6): it goes with the run.
    assert not output.exists() or list(output.iterdir()) == []


# ---------------------------------------------------------------- 4. the download
# A local server plays every kind of download source; the real sources are replaced in each test
# (DOWNLOAD_SOURCES, or a dead proxy for subprocesses), so no test reaches the internet.

EXPECTED_NAMES = [*IDX_FILES.values(), NPZ_FILE]
PROXY_VARIABLES = ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "no_proxy", "NO_PROXY")


def closed_port_url():
    """A URL on 127.0.0.1 where nothing listens: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def closed_port_proxy():
    """Environment sending every download through a proxy nobody runs, except to 127.0.0.1."""
    url = closed_port_url()
    return {"http_proxy": url, "https_proxy": url, "HTTP_PROXY": url, "HTTPS_PROXY": url,
            "no_proxy": "127.0.0.1", "NO_PROXY": "127.0.0.1"}


class MirrorServer(http.server.ThreadingHTTPServer):
    """Serves /KIND/NAME for the four .gz files and mnist.npz, KIND saying how it misbehaves:
    good, missing (404), truncated (the first half, as the whole file), dropped (the connection
    closes halfway), stalled (silent after the first half), wrong (another MNIST file under this
    name; for the npz a login page), partial (good except t10k-labels, 404)."""

    daemon_threads = True

    def __init__(self, files):
        super().__init__(("127.0.0.1", 0), MirrorHandler)
        self.files = files  # name -> path of the real file
        self.requests = []
        self.url = f"http://127.0.0.1:{self.server_address[1]}"


class MirrorHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.requests.append(self.path)
        kind, _, name = self.path.strip("/").partition("/")
        if name not in self.server.files or kind == "missing" or (
                kind == "partial" and name == GZ["y_test"]):
            self.send_error(404)
            return
        body = self.server.files[name].read_bytes()
        if kind == "wrong":
            body = (b"<html>Please log in</html>" if name == NPZ_FILE else
                    self.server.files[GZ["y_test"] if name != GZ["y_test"] else GZ["y_train"]].read_bytes())
        sent = body[:len(body) // 2] if kind in ("truncated", "dropped", "stalled") else body
        self.send_response(200)
        self.send_header("Content-Length", str(len(sent if kind == "truncated" else body)))
        self.end_headers()
        self.wfile.write(sent)
        if kind == "stalled":
            self.wfile.flush()
            time.sleep(3)
        self.close_connection = True

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served_files(mnist_dir, real, tmp_path_factory):
    """The real .gz files and a Keras-style mnist.npz made from them."""
    npz = tmp_path_factory.mktemp("npz") / NPZ_FILE
    (x_train, y_train), (x_test, y_test) = real
    np.savez(npz, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    return {**{GZ[key]: mnist_dir / GZ[key] for key in IDX_FILES}, NPZ_FILE: npz}


@pytest.fixture
def server(served_files):
    server = MirrorServer(served_files)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def no_local_mnist(monkeypatch, tmp_path, no_search_places):
    """Nothing to find locally, an empty cache, no real download sources, no proxy: the course's
    cache folder is returned."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for name in ("KERAS_HOME", "MNIST_MIRROR", *PROXY_VARIABLES):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(data, "DOWNLOAD_SOURCES", ())
    return tmp_path / "cache" / "mnist_course"


def files_in(folder):
    """Every file in folder, hidden temporary files included."""
    return sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []


def assert_original(path, key):
    assert hashlib.sha256(data.idx_bytes(read_idx(path))).hexdigest() == data.ORIGINAL_SHA256[key]


def test_download_skips_every_bad_source_and_keeps_only_verified_files(no_local_mnist, server, real,
                                                                        monkeypatch, capsys):
    sources = [closed_port_url() + "/mnist.npz", server.url + "/wrong/mnist.npz",
               server.url + "/missing/", server.url + "/truncated/", server.url + "/dropped/",
               server.url + "/wrong/", server.url + "/partial/", server.url + "/good/"]
    monkeypatch.setattr(data, "DOWNLOAD_SOURCES", tuple(sources))
    assert_same_arrays(load_mnist(), real)
    first_images = "/" + GZ["x_train"]
    assert server.requests == [
        "/wrong/mnist.npz", "/missing" + first_images, "/truncated" + first_images,
        "/dropped" + first_images, "/wrong" + first_images,
        *(f"/partial/{GZ[key]}" for key in IDX_FILES),
        "/good/" + GZ["y_test"]]  # the three files partial/ served are kept, verified
    assert files_in(no_local_mnist) == sorted(GZ.values())  # no bad, partial or temporary file
    for key in IDX_FILES:
        assert_original(no_local_mnist / GZ[key], key)
    shown = capsys.readouterr().out
    print(shown)
    assert server.url + "/good/" in shown and str(no_local_mnist) in shown

    # The next run finds the verified cache before trying any network.
    monkeypatch.setattr(data, "DOWNLOAD_SOURCES", (closed_port_url() + "/",))
    requests = len(server.requests)
    assert_same_arrays(load_mnist(), real)
    assert len(server.requests) == requests


def test_download_takes_keras_mnist_npz_from_its_origin(no_local_mnist, server, real, monkeypatch):
    monkeypatch.setattr(data, "DOWNLOAD_SOURCES", (server.url + "/truncated/mnist.npz",
                                                   server.url + "/good/mnist.npz",
                                                   server.url + "/good/"))
    assert_same_arrays(load_mnist(), real)
    assert server.requests == ["/truncated/mnist.npz", "/good/mnist.npz"]
    assert files_in(no_local_mnist) == [NPZ_FILE]
    assert_same_arrays(load_mnist(no_local_mnist), real)


def test_mnist_mirror_is_tried_first(no_local_mnist, server, real, monkeypatch):
    monkeypatch.setattr(data, "DOWNLOAD_SOURCES", (server.url + "/good/mnist.npz",))
    monkeypatch.setenv("MNIST_MIRROR", server.url + "/good")  # no trailing slash: still a folder
    assert_same_arrays(load_mnist(), real)
    assert server.requests == [f"/good/{GZ[key]}" for key in IDX_FILES]
    assert files_in(no_local_mnist) == sorted(GZ.values())


def test_a_host_that_never_answers_fails_after_the_timeout(no_local_mnist, server, real, monkeypatch):
    with socket.socket() as silent:  # accepts connections (the kernel does) but never replies
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        silent_url = f"http://127.0.0.1:{silent.getsockname()[1]}/"
        monkeypatch.setattr(data, "DOWNLOAD_TIMEOUT", 1.0)
        monkeypatch.setattr(data, "DOWNLOAD_SOURCES", (silent_url,))
        started = time.monotonic()
        with pytest.raises(CourseError, match=f"Tried {silent_url}train-images-idx3-ubyte.gz: timed out"):
            load_mnist()
        # Given up on after about the timeout (3 x leaves room for a busy machine), not much later.
        assert time.monotonic() - started < 3 * data.DOWNLOAD_TIMEOUT
        monkeypatch.setattr(data, "DOWNLOAD_SOURCES", (silent_url, server.url + "/good/"))
        assert_same_arrays(load_mnist(), real)
    assert files_in(no_local_mnist) == sorted(GZ.values())


def test_a_download_that_stalls_halfway_is_the_connections_fault(no_local_mnist, server, real,
                                                                  monkeypatch, capsys):
    monkeypatch.setattr(data, "DOWNLOAD_TIMEOUT", 0.5)
    monkeypatch.setattr(data, "DOWNLOAD_SOURCES", (server.url + "/stalled/", server.url + "/good/"))
    assert_same_arrays(load_mnist(), real)
    failed = [line for line in capsys.readouterr().out.splitlines() if "failed:" in line]
    assert len(failed) == 1 and "the connection failed after" in failed[0] and "timed out" in failed[0]
    assert str(no_local_mnist) not in failed[0]  # not "cannot write" the cache file
    assert files_in(no_local_mnist) == sorted(GZ.values())


def test_when_every_source_fails_the_message_lists_places_files_and_sources(no_local_mnist, server,
                                                                            no_search_places,
                                                                            monkeypatch):
    refused = closed_port_url() + "/mnist.npz"
    sources = (refused, server.url + "/wrong/mnist.npz", server.url + "/missing/")
    monkeypatch.setattr(data, "DOWNLOAD_SOURCES", sources)
    monkeypatch.setenv("MNIST_MIRROR", server.url + "/dropped/")
    with pytest.raises(CourseError) as caught:
        load_mnist()
    message = str(caught.value)
    print(message)
    lines = message.splitlines()
    assert "download failed" in lines[0]
    for source in (server.url + "/dropped/", *sources):
        assert sum(source in line for line in lines) == 1, f"{source} is not on one line of its own"
    assert "refused" in message and "404" in message and "not the original MNIST" in message
    assert "--data-dir" in message and "MNIST_DATA_DIR" in message and "MNIST_MIRROR" in message
    assert str(no_search_places) in message and str(no_local_mnist) in message
    assert "Offline" in message
    for name in EXPECTED_NAMES:
        assert name in message
    assert len(lines) <= 4 + len(sources) + 1
    assert files_in(no_local_mnist) == []  # nothing bad, partial or temporary kept


def test_no_local_data_and_no_network_in_a_subprocess(tmp_path, monkeypatch, server):
    repo_data = REPO / "Data"
    if repo_data.is_dir() and any(path.name.startswith(tuple(EXPECTED_NAMES))
                                  for path in repo_data.iterdir()):
        pytest.skip("this checkout has MNIST in Data/, so the lesson would not need to download")
    for name in ("MNIST_DATA_DIR", "KERAS_HOME", "MNIST_MIRROR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    cache = home / ".cache" / "mnist_course"
    lesson = ("IntroduceMNISTKeras.py", "--output-dir", tmp_path / "output", "--no-show")
    # The real sources go through a proxy that does not exist; MNIST_MIRROR only 404s.
    offline = {"HOME": str(home), "MNIST_MIRROR": server.url + "/missing/", **closed_port_proxy()}
    result = run_script(*lesson, cwd=tmp_path, timeout=120, env=offline)
    print(result.stdout, result.stderr)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("error: ") and "download failed" in lines[0]
    assert len(lines) <= 4 + len(data.DOWNLOAD_SOURCES) + 1, "more than the error message on stderr"
    for source in data.DOWNLOAD_SOURCES:
        assert source in result.stderr
    assert str(repo_data) in result.stderr
    for name in EXPECTED_NAMES:
        assert name in result.stderr
    assert files_in(cache) == []  # nothing half-downloaded left behind
    assert not (home / ".keras").exists()  # Keras's own cache is never written

    # The same command with a mirror that works: the lesson runs on verified data.
    result = run_script(*lesson, cwd=tmp_path, timeout=120,
                        env={**offline, "MNIST_MIRROR": server.url + "/good/"})
    print(result.stdout, result.stderr)
    assert result.returncode == 0, result.stderr
    assert "x_train  shape (60000, 28, 28)" in result.stdout
    assert files_in(cache) == sorted(GZ.values())
    for key in IDX_FILES:
        assert_original(cache / GZ[key], key)
