"""MNISTDraw.py: its server through urllib on 127.0.0.1, hostile requests, and the page in Chromium.

The server runs as a learner starts it (`python MNISTDraw.py --port 0 --no-browser`), with the small
CNN from conftest.py. Drawings are real MNIST test digits, as a 280x280 canvas would send them.
Set MNIST_DRAW_SCREENSHOT=docs/figures/mnist_draw.png to save the browser test's screenshot there.
"""
import base64
import http.client
import io
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import zlib
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import numpy as np
import pytest
from PIL import Image

from conftest import REPO, run_script, single_digit
from mnist_course import CourseError, draw_server
from mnist_course.data import read_idx

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def start_server(model, tmp_path):
    """Start MNISTDraw.py on a free port; return the process and the page's URL it printed."""
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    errors = open(tmp_path / "server_stderr.txt", "w+")
    process = subprocess.Popen([sys.executable, str(REPO / "MNISTDraw.py"), "--model", str(model),
                                "--port", "0", "--no-browser"], cwd=tmp_path, env=environment,
                               stdout=subprocess.PIPE, stderr=errors, text=True)
    line = process.stdout.readline()  # printed once the model is loaded and the port is bound
    if "http://127.0.0.1:" not in line:
        process.kill()
        errors.seek(0)
        pytest.fail(f"MNISTDraw.py did not start: {line}{errors.read()}")
    return process, errors, re.search(r"http://127\.0\.0\.1:[0-9]+/", line).group()


def stop_server(process, errors):
    """Stop it as a learner does, with Ctrl-C: a clean exit, and nothing a test sent made it fail."""
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) == 0
    assert "Stopped" in process.stdout.read()
    errors.seek(0)
    assert errors.read() == ""


@pytest.fixture(scope="module")
def server(cnn_model, tmp_path_factory):
    process, errors, url = start_server(cnn_model, tmp_path_factory.mktemp("draw_server"))
    yield url
    assert process.poll() is None, "the server stopped during the tests"
    stop_server(process, errors)


@pytest.fixture(scope="module")
def test_digits(mnist_dir):
    """The first 20 MNIST test digits and their labels."""
    images = read_idx(mnist_dir / "t10k-images-idx3-ubyte.gz")[:20]
    return images, read_idx(mnist_dir / "t10k-labels-idx1-ubyte.gz")[:20]


def canvas_png(image28, mode="RGB", size=280):
    """A digit as the page sends it: black ink on a white 280x280 canvas, as PNG bytes."""
    canvas = Image.fromarray(255 - image28, mode="L").resize((size, size), Image.Resampling.BILINEAR)
    buffer = io.BytesIO()
    canvas.convert(mode).save(buffer, format="PNG")
    return buffer.getvalue()


def strict_json(data):
    """JSON as a browser's JSON.parse reads it: NaN and Infinity are not JSON."""
    def refuse(constant):
        raise ValueError(f"{constant} is not valid JSON")
    return json.loads(data, parse_constant=refuse)


def post(url, body, timeout=30):
    """POST a drawing as the page does; the status and the JSON answer."""
    request = urllib.request.Request(url + "predict", data=body, headers={"Content-Type": "image/png"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, strict_json(response.read())
    except urllib.error.HTTPError as error:
        return error.code, strict_json(error.read())


def raw_request(url, method="POST", path="/predict", headers=(), body=b"", host=None, timeout=30):
    """Any request, however wrong: headers as given (Content-Length only if in them)."""
    address = urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=timeout)
    connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    connection.putheader("Host", host or address.netloc)
    for name, value in headers:
        connection.putheader(name, value)
    connection.endheaders(body)
    response = connection.getresponse()
    answer = response.status, response.getheader("Content-Type"), response.read()
    connection.close()
    return answer


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width, height):
    """A valid PNG header claiming width x height: tiny on the wire, huge if it were decoded."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header)
            + png_chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + png_chunk(b"IEND", b""))


def png_padded_to(png, size):
    """The same PNG grown to exactly `size` bytes by a private chunk, which decoders skip."""
    before_end = len(png) - 12  # the last chunk, IEND, is 12 bytes
    return png[:before_end] + png_chunk(b"prVt", bytes(size - len(png) - 12)) + png[before_end:]


def test_preprocess_takes_a_path_bytes_or_an_image(tmp_path, test_digits):
    png = canvas_png(test_digits[0][0])
    path = tmp_path / "drawing.png"
    path.write_bytes(png)
    from_path = single_digit(path)
    with Image.open(path) as image, Image.open(path) as untouched:
        from_image = single_digit(image)
        # Still open and usable, pixels and all (its size would survive close()): find_digits worked on a copy.
        assert np.array_equal(np.asarray(image), np.asarray(untouched))
    assert np.array_equal(single_digit(png), from_path)
    assert np.array_equal(from_image, from_path)
    with pytest.raises(CourseError, match="^image: not an image"):
        single_digit(b"not a picture")


def test_drawing_gets_the_models_answer_and_the_image_it_saw(server, cnn_model, test_digits):
    from mnist_course import cli, models

    keras = cli.import_keras()
    model = models.load_model(cnn_model)
    first_convolution = keras.Model(model.inputs, model.layers[0].output)
    images, labels = test_digits
    right = 0
    for image28, label, mode in zip(images, labels, ["RGB", "RGBA", "L"] * 7):
        png = canvas_png(image28, mode)
        status, answer = post(server, png)
        assert status == 200
        # The same preprocessing as MNISTPredict.py, to the last bit, and the model's own answer.
        seen = single_digit(png)
        assert np.array_equal(np.array(answer["image"], dtype=np.float32), seen)
        probabilities = np.array(answer["probabilities"])
        assert probabilities.shape == (10,) and probabilities.min() >= 0
        assert probabilities.sum() == pytest.approx(1, abs=1e-5)
        expected = model.predict_on_batch(models.model_input(model, seen[None]))[0]
        np.testing.assert_allclose(probabilities, expected, atol=1e-5)
        right += probabilities.argmax() == label
        # Feature maps after each convolution and pooling, as tiled images of the real activations.
        assert [layer["shape"] for layer in answer["layers"]] == [
            [26, 26, 16], [13, 13, 16], [11, 11, 32], [5, 5, 32]]
        maps = first_convolution.predict_on_batch(models.model_input(model, seen[None]))[0]
        grid = Image.open(io.BytesIO(base64.b64decode(answer["layers"][0]["png"].split(",")[1])))
        assert grid.size == (8 * 27 - 1, 2 * 27 - 1) and grid.mode == "LA"
        tile = np.asarray(grid)[:26, :26, 0]  # the first map, brightest response = 255
        np.testing.assert_allclose(tile, 255 * maps[..., 0] / maps.max(), atol=1)
        assert 0 < answer["server_ms"] < 10_000
    assert right >= 18  # this small model reads about 97% of MNIST


def number_png(images28):
    """A number as the wide page sends it: the digits side by side on a white 560x280 canvas."""
    canvas = Image.new("L", (560, 280), 255)
    width = 560 // len(images28)
    for place, image in enumerate(images28):
        digit = Image.fromarray(255 - image, mode="L").resize((min(width, 280), 280), Image.Resampling.BILINEAR)
        canvas.paste(digit, (place * width, 0))
    buffer = io.BytesIO()
    canvas.convert("RGB").save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_number_drawn_on_the_page_is_read_digit_by_digit(server, test_digits):
    images, labels = test_digits
    read_right = 0
    for first in range(0, 12, 3):  # four numbers of 2 and 3 digits from MNIST test digits
        count = 2 + first % 2
        status, answer = post(server, number_png(images[first:first + count]))
        assert status == 200 and len(answer["digits"]) == count
        expected = "".join(str(label) for label in labels[first:first + count])
        read_right += answer["number"] == expected
        for digit in answer["digits"]:  # each digit: its ten probabilities and the 28x28 it became
            assert len(digit["probabilities"]) == 10 and np.array(digit["image"]).shape == (28, 28)
            assert answer["number"][answer["digits"].index(digit)] == str(int(np.argmax(digit["probabilities"])))
        assert answer["image"] == answer["digits"][0]["image"]  # the first digit also as before
    assert read_right >= 3


def test_page_files_are_served_with_a_strict_policy(server):
    for path, kind in (("", "text/html"), ("draw.js", "text/javascript"), ("draw.css", "text/css")):
        with urllib.request.urlopen(server + path, timeout=30) as response:
            assert response.status == 200 and response.getheader("Content-Type").startswith(kind)
            assert "default-src 'self'" in response.getheader("Content-Security-Policy")
            assert response.read()
    page = urllib.request.urlopen(server, timeout=30).read().decode()
    links = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert links and all(link.startswith(("/", "data:")) for link in links)  # nothing from elsewhere


def test_every_bad_request_gets_its_status_and_a_short_json_error(server, test_digits):
    port = urlsplit(server).port
    png = canvas_png(test_digits[0][0])
    blank = canvas_png(np.zeros((28, 28), np.uint8))
    cases = [  # (what, request, expected status)
        ("DNS rebinding: another host name", dict(host=f"attacker.example:{port}", body=png,
                                                  headers=[("Content-Length", str(len(png)))]), 403),
        ("another site's page", dict(body=png, headers=[("Origin", "http://attacker.example"),
                                                        ("Content-Length", str(len(png)))]), 403),
        ("a sandboxed page", dict(body=png, headers=[("Origin", "null"),
                                                     ("Content-Length", str(len(png)))]), 403),
        ("no Content-Length", dict(body=png), 411),
        ("chunked body", dict(headers=[("Transfer-Encoding", "chunked")], body=b"0\r\n\r\n"), 411),
        ("Content-Length not a number", dict(headers=[("Content-Length", "12abc")], body=b""), 400),
        ("body over the limit", dict(headers=[("Content-Length", "2000001")],
                                     body=b"\x89PNG" + bytes(1_999_997)), 413),
        ("body claimed huge, never sent", dict(headers=[("Content-Length", str(10**12))]), 413),
        ("Content-Length of 100 digits", dict(headers=[("Content-Length", "9" * 100)]), 413),
        ("not a PNG", dict(headers=[("Content-Length", "13")], body=b"hello, server"), 415),
        ("PNG header claiming 20000x20000", dict(headers=[("Content-Length", str(len(png_claiming(
            20000, 20000))))], body=png_claiming(20000, 20000)), 413),
        ("truncated PNG", dict(headers=[("Content-Length", "300")], body=png[:300]), 422),
        ("blank canvas", dict(headers=[("Content-Length", str(len(blank)))], body=blank), 422),
        ("unknown page", dict(method="GET", path="/../README.md"), 404),
        ("GET the answer", dict(method="GET", path="/predict"), 405),
        ("unknown method", dict(method="DELETE", path="/"), 501),
    ]
    for what, request, expected in cases:
        status, content_type, body = raw_request(server, **request)
        assert status == expected, what
        assert content_type == "application/json", what
        message = json.loads(body)["error"]
        assert 0 < len(message) < 120, what
    assert "20000x20000" in raw_request(server, body=png_claiming(20000, 20000), headers=[(
        "Content-Length", str(len(png_claiming(20000, 20000))))])[2].decode()  # read from the header
    assert "no digit found" in post(server, blank)[1]["error"]
    # After all that, the next drawing is answered as usual.
    assert post(server, png)[0] == 200


def stall(url):
    """A connection that starts a drawing's request and sends nothing more: the server waits on it
    until its socket timeout (10 s)."""
    address = urlsplit(url)
    connection = socket.create_connection((address.hostname, address.port))
    connection.sendall(f"POST /predict HTTP/1.1\r\nHost: {address.netloc}\r\nContent-Length: 5000\r\n"
                       "\r\n\x89PNG".encode("latin-1"))
    return connection


def test_a_stalled_client_does_not_hold_up_the_next_drawing(server, test_digits):
    with stall(server):
        # Well within the 10 s the server waits for the stalled client: a server that handled
        # one connection at a time would let this time out.
        status, answer = post(server, canvas_png(test_digits[0][0]), timeout=5)
    assert status == 200 and len(answer["probabilities"]) == 10


def test_fifty_drawings_at_once_are_all_answered_quickly(server, test_digits):
    """A class on one machine: 50 drawings sent at the same moment, each answered as if alone.
    Issue 19's goal, a generous limit on 2 shared cores: 90% answered within 3 s (one at a time
    with a listen queue of 5, 20 at once had a median of 1.08 s)."""
    pngs = [canvas_png(image) for image in test_digits[0]]
    alone = [post(server, png)[1] for png in pngs]  # each drawing's answer when it is the only one
    everyone_ready = threading.Barrier(50)

    def send(index):
        everyone_ready.wait()
        started = time.perf_counter()
        status, answer = post(server, pngs[index % len(pngs)])
        return status, answer, time.perf_counter() - started

    with ThreadPoolExecutor(50) as pool:
        results = list(pool.map(send, range(50)))
    assert [status for status, _, _ in results] == [200] * 50
    for index, (_, answer, _) in enumerate(results):  # its own drawing's answer, not a neighbour's
        expected = alone[index % len(pngs)]
        assert answer["image"] == expected["image"]
        np.testing.assert_allclose(answer["probabilities"], expected["probabilities"], atol=1e-4)
        assert [layer["shape"] for layer in answer["layers"]] == [
            layer["shape"] for layer in expected["layers"]]
    assert np.percentile([seconds for _, _, seconds in results], 90) <= 3


def test_past_the_limit_of_requests_at_once_the_next_is_told_busy_at_once(server, test_digits):
    png = canvas_png(test_digits[0][0])
    stalled = [stall(server) for _ in range(draw_server.MAX_REQUESTS_AT_ONCE)]
    try:  # every slot is taken, so the next request is refused without waiting for one
        status, content_type, body = raw_request(
            server, body=png, headers=[("Content-Length", str(len(png)))], timeout=5)
        assert status == 503 and content_type == "application/json"
        assert strict_json(body)["error"].startswith("busy: ")
    finally:
        for connection in stalled:
            connection.close()
    # The stalled clients gone, their slots come free and drawings are answered again.
    deadline = time.monotonic() + 10
    while (status := post(server, png)[0]) == 503 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert status == 200


def test_the_body_and_pixel_limits_hold_exactly_at_the_limit(server, test_digits):
    """The README's limits, exactly: a body of 1,000,000 bytes and a PNG of 2000 x 2000 pixels are
    answered, one byte or one pixel more is refused before any pixel is decoded."""
    png = canvas_png(test_digits[0][0])
    assert post(server, png_padded_to(png, 1_000_000))[0] == 200
    status, answer = post(server, png_padded_to(png, 1_000_001))
    assert status == 413 and "1,000,000 bytes" in answer["error"]
    assert post(server, canvas_png(test_digits[0][0], size=2000))[0] == 200
    status, answer = post(server, png_claiming(4_000_001, 1))  # its pixels could not be decoded
    assert status == 413 and "4000001x1" in answer["error"]


def test_answer_drawings_answers_each_drawing_and_batches_those_waiting(test_digits):
    """The contract, in this process with a stand-in for the model that records its calls: one
    answer per drawing in order, a bad drawing's error its own, and drawings that arrive while the
    model is busy go into its next call together, in arrival order. Feature maps are asked for
    only for each drawing's digit read."""
    first_call_may_end, calls, maps_asked_for = threading.Event(), [], []

    def predict(images):
        calls.append([float(image.sum()) for image in images])
        if len(calls) == 1:
            first_call_may_end.wait(30)
        return np.tile(images.sum(axis=(1, 2))[:, None], 10)

    def feature_maps(images):
        maps_asked_for.extend(float(image.sum()) for image in images)
        return {"maps": images[..., None]}

    model = draw_server.ModelThread(predict, feature_maps)
    pngs = [canvas_png(image) for image in test_digits[0][:4]]
    blank, truncated = canvas_png(np.zeros((28, 28), np.uint8)), pngs[0][:300]
    with ThreadPoolExecutor(4) as pool:
        first = pool.submit(model.answer_drawings, [pngs[0]])
        while not calls:  # the model is now busy with the first drawing
            time.sleep(0.01)
        second = pool.submit(model.answer_drawings, [pngs[1], blank, pngs[2]])
        while model.waiting.qsize() < 1:
            time.sleep(0.01)
        third = pool.submit(model.answer_drawings, [pngs[3]])
        while model.waiting.qsize() < 2:
            time.sleep(0.01)
        only_faults = model.answer_drawings([truncated, blank])  # never waits for the model
        first_call_may_end.set()
        answers = first.result() + second.result() + third.result()
    images = [single_digit(png) for png in pngs]
    assert calls == [[float(image.sum()) for image in images[:1]],
                     [float(image.sum()) for image in images[1:]]]
    assert sorted(maps_asked_for) == sorted(float(image.sum()) for image in images)
    assert isinstance(answers[2], CourseError) and "no digit found" in str(answers[2])
    del answers[2]
    for answer, image in zip(answers, images):
        assert np.array_equal(np.array(answer["image"], np.float32), image)
        assert answer["probabilities"] == [pytest.approx(float(image.sum()))] * 10
        assert answer["layers"][0]["shape"] == [28, 28, 1]
    assert [type(fault) for fault in only_faults] == [CourseError, CourseError]
    assert "damaged or truncated" in str(only_faults[0])


@pytest.mark.parametrize("failing", ["predict", "feature_maps"])
def test_a_fault_of_the_model_reaches_every_drawing_and_the_next_call_works(test_digits, failing):
    outcomes = iter([CourseError("model.h5: its answer is not a number"), ValueError("a bug")])

    def fails_then_works(answer):
        def call(images):
            outcome = next(outcomes, None)
            if outcome:
                raise outcome
            return answer(images)
        return call

    functions = {"predict": lambda images: np.ones((len(images), 10)) / 10, "feature_maps": lambda images: {}}
    functions[failing] = fails_then_works(functions[failing])
    model = draw_server.ModelThread(**functions)
    png, blank = canvas_png(test_digits[0][0]), canvas_png(np.zeros((28, 28), np.uint8))
    answers = model.answer_drawings([png, blank, png])
    assert [str(answer) for answer in answers] == [
        "model.h5: its answer is not a number", str(answers[1]), "model.h5: its answer is not a number"]
    assert "no digit found" in str(answers[1])
    with pytest.raises(ValueError, match="a bug"):  # a bug is the server's to report, not a drawing's
        model.answer_drawings([png])
    assert model.answer_drawings([png])[0]["probabilities"] == [0.1] * 10


def test_softmax_model_gets_probabilities_without_layers(tmp_path, test_digits):
    from mnist_course import cli

    keras = cli.import_keras()
    softmax = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10, activation="softmax")])
    softmax.save(tmp_path / "softmax.h5")
    process, errors, url = start_server(tmp_path / "softmax.h5", tmp_path)
    try:
        png = canvas_png(test_digits[0][1])
        status, answer = post(url, png)
    finally:
        stop_server(process, errors)
    assert status == 200 and answer["layers"] == []
    assert sum(answer["probabilities"]) == pytest.approx(1, abs=1e-5)
    assert np.array_equal(np.array(answer["image"], dtype=np.float32), single_digit(png))


def test_missing_default_model_says_to_train_first(tmp_path):
    result = run_script("MNISTDraw.py", "--no-browser", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "error: output/mnist_cnn.h5: model file not found (train it first: python MNISTCNN.py)"]


def test_port_in_use_is_one_line(tmp_path, cnn_model):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_script("MNISTDraw.py", "--model", cnn_model, "--port", port, "--no-browser")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: 127.0.0.1:{port}: port already in use")
    assert "--port 0" in lines[0]


# ---------- the page in a real browser ----------

def draw_with_mouse(page, image28):
    """Draw an MNIST digit on the canvas as a person with a mouse would: one stroke along each row's
    run of ink, 10 canvas pixels per MNIST pixel."""
    box = page.locator("#canvas").bounding_box()
    for row in range(28):
        columns = np.flatnonzero(image28[row] > 127)
        for run in np.split(columns, np.flatnonzero(np.diff(columns) > 1) + 1) if len(columns) else []:
            y = box["y"] + 10 * row + 5
            page.mouse.move(box["x"] + 10 * int(run[0]) + 5, y)
            page.mouse.down()
            page.mouse.move(box["x"] + 10 * int(run[-1]) + 5, y, steps=3)
            page.mouse.up()


def count_prediction(counts, request, change):
    if request.url.endswith("/predict"):
        counts["in flight"] += change
        counts["sent"] += change > 0
        counts["most in flight"] = max(counts["most in flight"], counts["in flight"])


def shown_probabilities(page):
    values = page.locator("#bars li").evaluate_all("bars => bars.map(bar => bar.dataset.probability)")
    return [float(value) for value in values if value is not None]


def drawn_bar_lengths(page):
    """How much of each bar's track its coloured fill covers on the screen, 0 to 1."""
    return page.locator("#bars li").evaluate_all(
        "bars => bars.map(bar => bar.querySelector('.fill').getBoundingClientRect().width"
        " / bar.querySelector('.track').getBoundingClientRect().width)")


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (Debian: apt-get install "
                    "chromium fonts-wqy-microhei); .ci/run installs it, so in CI this test runs")
def test_drawing_in_a_real_browser(server, test_digits, tmp_path):
    from playwright.sync_api import sync_playwright

    images, labels = test_digits
    console_errors, requests = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            tmp_path / "profile", executable_path=CHROMIUM, headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
            viewport={"width": 1280, "height": 800})
        browser.on("request", lambda request: requests.append(request.url))
        page = browser.new_page()
        page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
        page.on("pageerror", lambda error: console_errors.append(str(error)))
        predictions = {"in flight": 0, "most in flight": 0, "sent": 0}
        page.on("request", lambda request: count_prediction(predictions, request, +1))
        page.on("requestfinished", lambda request: count_prediction(predictions, request, -1))
        page.on("requestfailed", lambda request: count_prediction(predictions, request, -1))
        page.goto(server)

        assert page.locator("#status").inner_text() == "请写一个数字 / Draw a digit"
        assert page.locator("#digit").inner_text() == "?" and shown_probabilities(page) == []
        # The answer comes while the pen is still down, not only when the stroke ends.
        box = page.locator("#canvas").bounding_box()
        page.mouse.move(box["x"] + 140, box["y"] + 60)
        page.mouse.down()
        page.mouse.move(box["x"] + 140, box["y"] + 220, steps=10)
        page.wait_for_function("() => document.getElementById('digit').textContent !== '?'")
        page.mouse.up()
        for index in (0, 1):  # a 7, then a 2, each after Clear
            page.click("#clear")
            assert page.locator("#status").inner_text() == "请写一个数字 / Draw a digit"
            assert page.locator("#digit").inner_text() == "?" and shown_probabilities(page) == []
            draw_with_mouse(page, images[index])
            # The answer to the final drawing: no request in flight and none waiting to be sent.
            page.wait_for_function("() => !requestInFlight && !drawingChanged", timeout=30_000)
            assert page.locator("#digit").inner_text() == str(labels[index])
            assert sum(shown_probabilities(page)) == pytest.approx(1, abs=1e-5)
            # What the learner sees: each bar is drawn as long as its probability.
            assert drawn_bar_lengths(page) == pytest.approx(shown_probabilities(page), abs=0.01)
            # The 28x28 shown is what the course's preprocessing makes of exactly this canvas.
            drawing = base64.b64decode(page.evaluate("canvas.toDataURL('image/png')").split(",")[1])
            shown = np.array(page.evaluate(
                "Array.from(seen.getImageData(0, 0, 28, 28).data.filter((_, i) => i % 4 === 0))"))
            expected = np.floor(255 * single_digit(drawing).astype(np.float64) + 0.5)  # Math.round
            assert np.array_equal(shown.reshape(28, 28), expected)
        assert page.locator("#layers figure").count() == 4
        assert page.locator("#latency").inner_text().startswith("延迟 / latency")
        page.screenshot(path=tmp_path / "mnist_draw.png", full_page=True)
        browser.close()
    if os.environ.get("MNIST_DRAW_SCREENSHOT"):  # for the README: 64 colours keep the file small
        with Image.open(tmp_path / "mnist_draw.png") as screenshot:
            screenshot.convert("RGB").quantize(64).save(os.environ["MNIST_DRAW_SCREENSHOT"], optimize=True)

    assert console_errors == []
    assert predictions["sent"] > 20 and predictions["most in flight"] == 1
    outside = [url for url in requests if urlsplit(url).scheme != "data"
               and urlsplit(url).hostname != "127.0.0.1"]
    assert requests and outside == []


# ---------- hostile drawings and models (issue 19) ----------

def test_a_png_with_oversized_metadata_is_refused_and_the_next_drawing_answered(server, test_digits):
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "A" * 2_000_000, zip=True)  # unpacks past Pillow's MAX_TEXT_CHUNK
    buffer = io.BytesIO()
    Image.fromarray(255 - test_digits[0][0], mode="L").save(buffer, format="PNG", pnginfo=text)
    status, answer = post(server, buffer.getvalue())
    assert status == 422  # the request's fault, as for a damaged PNG; not the server's (500)
    assert answer["error"].startswith("image: its PNG metadata (a text or color profile chunk) unpacks to over 1 MB")
    assert post(server, canvas_png(test_digits[0][0]))[0] == 200


def test_a_model_that_answers_nan_never_sends_nan(tmp_path, test_digits):
    from conftest import tiny_model

    refused = run_script("MNISTDraw.py", "--model", tiny_model(tmp_path / "nan.h5", np.nan), "--no-browser",
                         timeout=120)  # a server that starts anyway would serve forever
    assert refused.returncode == 1
    assert refused.stderr == (f"error: {tmp_path / 'nan.h5'}: its weights include NaN or infinite numbers "
                              f"(training went wrong); train it again\n")
    # Finite weights that overflow on a drawing: the page gets the error line, never NaN (not JSON).
    overflowing = tiny_model(tmp_path / "overflow.h5", 1e38)
    process, errors, url = start_server(overflowing, tmp_path)
    try:
        answers = [raw_request(url, headers=[("Content-Length", str(len(png)))], body=png)
                   for png in [canvas_png(test_digits[0][0])] * 2]
    finally:
        stop_server(process, errors)  # still running, and nothing printed in its terminal
    for status, content_type, body in answers:
        assert (status, content_type) == (422, "application/json")
        assert json.loads(body) == {"error": f"{overflowing}: the model answers with numbers that are not "
                                             f"probabilities (NaN or infinity); train it again"}
