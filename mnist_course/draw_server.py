"""The local web server behind MNISTDraw.py: serves the page in draw_page/ and answers drawings.

MNISTDraw.py 背后的本地网页服务器：只监听 127.0.0.1，只用标准库 http.server，把每个请求都当作
可能有恶意的请求来检查（Host、Origin、长度、PNG 文件头），出错时回一个简短的 JSON。

Every request is treated as hostile, because any web page the learner has open can send requests to
127.0.0.1: a wrong Host (DNS rebinding) or a foreign Origin is refused, a body must have a length and
stay under MAX_BODY_BYTES, and it must be a PNG whose header claims at most MAX_DRAWING_PIXELS before
any pixel is decoded. Each refusal is an HTTP status with {"error": "..."}; nothing a request sends can
stop the server or affect the next request.

A busy page (drawing sends many requests, several tabs, a class on one machine) stays quick: each
connection has its own thread, up to MAX_REQUESTS_AT_ONCE (one more is answered 503 at once), and one
model thread answers all the drawings waiting at that moment with one call of the model (and one
for the feature maps of the digits shown).
`server.answer_drawings(png_bytes_list)` is that path for any number of drawings from any thread.
"""
import base64
import errno
import io
import itertools
import json
import os
import queue
import re
import socket
import struct
import sys
import threading
import time
import webbrowser
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
from PIL import Image

from mnist_course import CourseError, digits, reading, shown

PAGE_FOLDER = Path(__file__).resolve().parent / "draw_page"
PAGE_FILES = {  # URL path: (file in draw_page/, content type); nothing else is ever served
    "/": ("index.html", "text/html; charset=utf-8"),
    "/draw.js": ("draw.js", "text/javascript; charset=utf-8"),
    "/draw.css": ("draw.css", "text/css; charset=utf-8"),
}
# The page's 280x280 canvas is a PNG of about 10 KB; these limits leave plenty of room, no more.
MAX_BODY_BYTES = 1_000_000
MAX_DRAWING_PIXELS = 2000 * 2000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# The page may load only its own files and talk only to this server; data: images are the answers.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
                               "base-uri 'none'; form-action 'none'",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}
SOCKET_TIMEOUT = 10  # seconds: a client that stops sending halfway loses only its own request
LINGER_BYTES = 4 * MAX_BODY_BYTES  # what a refused request may still send before we hang up
# Connections that arrive together wait in the kernel until accepted; with socketserver's default
# of 5, the 6th of a burst was dropped and its browser tried again only 1, 3, 7 s later.
LISTEN_BACKLOG = 128
# Requests handled at once, each in its own thread; one more is answered 503 at once instead of
# piling up threads, memory (a drawing may decode to 16 MB) and waiting time.
MAX_REQUESTS_AT_ONCE = 64


class Refused(Exception):
    """A request we answer with an HTTP error status and a short JSON message."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def start(predict, feature_maps, port):
    """Bind 127.0.0.1:port (0 = any free port) and return the server; serve_forever() runs it.

    Called by the model thread only, each with n x 28 x 28 images: predict(images) -> probabilities
    n x 10, for every image read in the drawings; feature_maps(images) -> {layer name: feature maps
    n x h x w x c}, for the digit each drawing shows them for. Either may raise CourseError.
    """
    pages = {}
    for url, (name, content_type) in PAGE_FILES.items():
        try:
            pages[url] = ((PAGE_FOLDER / name).read_bytes(), content_type)
        except OSError as error:
            raise CourseError(f"{shown(PAGE_FOLDER / name)}: cannot read the page ({error.strerror})")
    try:
        return DrawServer(port, ModelThread(predict, feature_maps), pages)
    except OSError as error:
        problem = ("port already in use (is MNISTDraw.py running already?)"
                   if error.errno == errno.EADDRINUSE else f"cannot listen there ({error.strerror})")
        raise CourseError(f"127.0.0.1:{port}: {problem}; choose another with --port, "
                          f"or --port 0 for any free one")


class DrawServer(ThreadingHTTPServer):
    """Each connection in its own thread, so a slow or stalled client never holds up the page."""
    daemon_threads = True
    request_queue_size = LISTEN_BACKLOG
    # On Linux and macOS this only allows a quick restart; on Windows it would let a second
    # server take a port that is already in use.
    allow_reuse_address = sys.platform != "win32"

    def __init__(self, port, model_thread, pages):
        super().__init__(("127.0.0.1", port), DrawRequestHandler)
        self.pages = pages
        self.answer_drawings = model_thread.answer_drawings
        self.free_slots = threading.BoundedSemaphore(MAX_REQUESTS_AT_ONCE)
        self.allowed_hosts = {f"127.0.0.1:{self.server_port}", f"localhost:{self.server_port}"}
        self.allowed_origins = {f"http://{host}" for host in self.allowed_hosts}

    def process_request(self, request, client_address):
        """Start the connection's thread if a slot is free, else answer 503 at once."""
        if not self.free_slots.acquire(blocking=False):
            answer_busy(request)
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:  # no thread started: nothing else will give the slot back
            self.free_slots.release()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.free_slots.release()

    def handle_error(self, request, client_address):
        """A client that hangs up before our answer is no news; anything else is one line."""
        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, TimeoutError)):
            print(f"error: a request from {client_address[0]}: {type(error).__name__}: {error}",
                  file=sys.stderr, flush=True)


def answer_busy(connection):
    """Answer 503 from the accepting thread, which must never wait on a client: the request is not
    parsed, and the answer goes out only if the socket takes it at once (it is under 1 KB)."""
    body = json.dumps({"error": f"busy: {MAX_REQUESTS_AT_ONCE} requests at once already; "
                                "try again in a moment"}).encode()
    head = ["HTTP/1.0 503 Service Unavailable", "Content-Type: application/json",
            f"Content-Length: {len(body)}", "Retry-After: 1", "Connection: close",
            *(f"{name}: {value}" for name, value in SECURITY_HEADERS.items())]
    try:
        connection.setblocking(False)
        connection.send("\r\n".join(head).encode() + b"\r\n\r\n" + body)
        connection.shutdown(socket.SHUT_WR)
        # Drop what the request has sent so far: closing with unread data would reset the
        # connection, and the client could lose the answer.
        received = 0
        while received < LINGER_BYTES and (chunk := connection.recv(65536)):
            received += len(chunk)
    except OSError:  # the rest of the request is still on its way, or the client hung up
        pass


class ModelThread:
    """The one thread that calls the model, and the way to it for any number of drawings.

    Drawings that arrive while the model is busy wait in a queue; the model thread then takes all
    of them, in arrival order, into one call (one of predict, one of feature_maps). Under load that
    is one call for many drawings rather than many calls in turn, each paying the call's fixed cost.
    """

    def __init__(self, predict, feature_maps):
        self.predict, self.feature_maps = predict, feature_maps
        self.waiting = queue.SimpleQueue()
        threading.Thread(target=self.run, name="model", daemon=True).start()

    def answer_drawings(self, png_bytes_list):
        """One answer per drawing, in order: the page's JSON answer as a dict, or the CourseError
        saying why this drawing has none (damaged, blank); one drawing's fault is its own only.

        Each drawing is decoded and its digits found and prepared in the calling thread (as
        MNISTPredict.py does, by digits.find_readings). Then two calls of the model thread: the
        probabilities of all the digits (and their alternatives) of all the drawings, and the
        feature maps of each drawing's first digit read.
        """
        answers = []
        for png in png_bytes_list:
            try:
                answers.append(digits.find_readings(png))
            except CourseError as error:
                answers.append(error)
        found = [answer for answer in answers if not isinstance(answer, CourseError)]
        if not found:
            return answers
        try:
            read = iter(self.read(found))
        except CourseError as fault:  # the model's, e.g. NaN: every drawing's answer
            read = itertools.repeat(fault)
        return [answer if isinstance(answer, CourseError) else next(read) for answer in answers]

    def read(self, found):
        """The page's answers for drawings whose digits were found (digits.find_readings of each)."""
        candidates = [reading.candidate_images(readings) for readings in found]
        probabilities = self.call_model(self.predict, np.stack([image for images in candidates for image in images]))
        chances = np.split(probabilities, np.cumsum([len(images) for images in candidates])[:-1])
        rows = [reading.choose(readings, each) for readings, each in zip(found, chances)]
        maps = self.call_model(self.feature_maps, np.stack([images[row[0]] for images, row in zip(candidates, rows)]))
        return [answer_json(images, each, row, {name: layer[place] for name, layer in maps.items()})
                for place, (images, each, row) in enumerate(zip(candidates, chances, rows))]

    def call_model(self, function, images):
        """function(images) (predict or feature_maps) as run by the model thread, in one call with
        the same function's other waiting images: its outputs for these images. Its CourseError is
        raised here, and so is a bug, which handle_safely reports."""
        call = WaitingCall(function, images)
        self.waiting.put(call)
        call.answered.wait()
        if isinstance(call.outputs, Exception):
            raise call.outputs
        return call.outputs

    def run(self):
        while True:
            calls = [self.waiting.get()]  # sleep until drawings arrive
            while not self.waiting.empty():  # then take all that wait; only this thread takes
                calls.append(self.waiting.get())
            for function in dict.fromkeys(call.function for call in calls):  # in arrival order
                same = [call for call in calls if call.function is function]
                try:
                    outputs = function(np.concatenate([call.images for call in same]))
                except Exception as error:  # handed to each waiting thread, which reports it
                    for call in same:
                        call.outputs = error
                else:
                    end = 0
                    for call in same:  # each caller gets the rows of its own images
                        start, end = end, end + len(call.images)
                        call.outputs = (outputs[start:end] if isinstance(outputs, np.ndarray) else
                                        {name: maps[start:end] for name, maps in outputs.items()})
                for call in same:
                    call.answered.set()


class WaitingCall:
    """Images handed to the model thread for one function, and where its outputs come back."""

    def __init__(self, function, images):
        self.function, self.images, self.outputs, self.answered = function, images, None, threading.Event()


def answer_json(images, chances, rows, layers):
    """The page's answer for one drawing, from its candidate images (reading.candidate_images),
    their probabilities, the rows of the digits read (reading.choose) and the first digit's feature
    maps ({layer name: h x w x c}): the number read, each digit's probabilities and the 28x28 the
    model saw, and for the first digit (also given on their own, as before) the feature maps."""
    each = [{"probabilities": [float(p) for p in chances[row]], "image": images[row].tolist()} for row in rows]
    return {
        "number": reading.number(chances[rows]),
        "digits": each,
        **each[0],
        "layers": [{"name": name, "shape": list(maps.shape), "png": feature_map_grid(maps)}
                   for name, maps in layers.items()],
    }


def open_browser(url):
    """Open the page in the learner's browser, if there is a screen to show it on."""
    has_display = sys.platform in ("win32", "darwin") or bool(
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    # Without a display, webbrowser would start a text browser (lynx, w3m) inside this terminal.
    return has_display and webbrowser.open(url)


class DrawRequestHandler(BaseHTTPRequestHandler):
    timeout = SOCKET_TIMEOUT
    body_unread = False  # a refused POST whose body we never read

    def do_GET(self):
        self.handle_safely(self.send_page)

    def do_POST(self):
        self.body_unread = True
        self.handle_safely(self.send_answer)

    def handle_safely(self, respond):
        try:
            self.check_host_and_origin()
            respond(urlsplit(self.path).path)
        except Refused as refusal:
            self.send_error(refusal.status, str(refusal))
        except TimeoutError:
            self.send_error(HTTPStatus.REQUEST_TIMEOUT, "the request body stopped arriving")
        except ConnectionError:  # the client hung up: no one to answer
            self.close_connection = True
        except Exception as error:  # a bug, not the request's fault: say so, keep serving
            print(f"error: {shown(self.requestline[:100])}: {type(error).__name__}: {error}",
                  file=sys.stderr, flush=True)
            self.send_error(HTTPStatus.INTERNAL_SERVER_ERROR, "internal error, see the terminal")

    def check_host_and_origin(self):
        """Refuse requests for another host name (DNS rebinding) and from other sites' pages."""
        hosts = self.headers.get_all("Host") or []
        if len(hosts) != 1 or hosts[0].lower() not in self.server.allowed_hosts:
            raise Refused(HTTPStatus.FORBIDDEN, "this server answers only to 127.0.0.1 and localhost")
        origins = self.headers.get_all("Origin") or []  # sent by browsers with every POST
        if origins and (len(origins) != 1 or origins[0].lower() not in self.server.allowed_origins):
            raise Refused(HTTPStatus.FORBIDDEN, "requests from other sites' pages are refused")

    def send_page(self, path):
        if path not in self.server.pages:
            status = HTTPStatus.METHOD_NOT_ALLOWED if path == "/predict" else HTTPStatus.NOT_FOUND
            raise Refused(status, "POST a PNG to /predict" if path == "/predict" else "no such page")
        body, content_type = self.server.pages[path]
        self.send_body(HTTPStatus.OK, body, content_type)

    def send_answer(self, path):
        if path != "/predict":
            raise Refused(HTTPStatus.NOT_FOUND, "POST drawings to /predict")
        png = self.read_png()
        started = time.perf_counter()
        [answer] = self.server.answer_drawings([png])
        if isinstance(answer, CourseError):  # a PNG, but damaged or blank
            raise Refused(HTTPStatus.UNPROCESSABLE_ENTITY, str(answer))
        answer["server_ms"] = round((time.perf_counter() - started) * 1000, 1)  # all but sending
        # allow_nan=False: NaN is not JSON; should one ever slip through, a 500 and a line in the terminal
        self.send_body(HTTPStatus.OK, json.dumps(answer, allow_nan=False).encode(), "application/json")

    def read_png(self):
        """The request body, if it is a PNG of sane size; checked before any pixel is decoded."""
        if "Transfer-Encoding" in self.headers:
            raise Refused(HTTPStatus.LENGTH_REQUIRED, "send the body with a Content-Length, not chunked")
        lengths = self.headers.get_all("Content-Length") or []
        if not lengths:
            raise Refused(HTTPStatus.LENGTH_REQUIRED, "Content-Length required")
        text = lengths[0].strip() if len(lengths) == 1 else ""
        if not re.fullmatch(r"[0-9]+", text):
            raise Refused(HTTPStatus.BAD_REQUEST, "Content-Length must be one whole number")
        if len(text) > 18 or int(text) > MAX_BODY_BYTES:  # a 60,000-digit number is not converted
            raise Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                          f"body over the limit of {MAX_BODY_BYTES:,} bytes")
        length = int(text)
        body = self.rfile.read(length)
        self.body_unread = False
        if len(body) < length:
            raise Refused(HTTPStatus.BAD_REQUEST, "body shorter than its Content-Length")
        # A PNG starts with its signature and the IHDR chunk: length 13, "IHDR", width, height.
        if not body.startswith(PNG_SIGNATURE) or body[12:16] != b"IHDR":
            raise Refused(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "the body is not a PNG image")
        width, height = struct.unpack(">II", body[16:24]) if len(body) >= 24 else (0, 0)
        if width * height > MAX_DRAWING_PIXELS:
            raise Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                          f"PNG of {width}x{height} pixels; the limit is {MAX_DRAWING_PIXELS:,} pixels")
        return body

    def send_body(self, status, body, content_type):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        if status == HTTPStatus.METHOD_NOT_ALLOWED:
            self.send_header("Allow", "POST")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_error(self, code, message=None, explain=None):
        """Every error, the standard library's own included (malformed request, unknown method),
        as a short JSON message; then the connection is closed."""
        self.close_connection = True
        message = message or HTTPStatus(code).phrase
        self.send_body(code, json.dumps({"error": message}).encode(), "application/json")

    def finish(self):
        """After refusing a POST unread, take in (and drop) what the client still sends before
        hanging up: closing with unread data resets the connection, and a client still sending
        its body could then lose our answer."""
        super().finish()  # the answer is out
        if self.body_unread:
            try:
                self.connection.shutdown(socket.SHUT_WR)
                self.connection.settimeout(1)
                received = 0
                while received < LINGER_BYTES and (chunk := self.connection.recv(65536)):
                    received += len(chunk)
            except OSError:  # the client hung up or went quiet: nothing more to wait for
                pass

    def log_message(self, format, *args):
        """Quiet: drawing sends many requests a second, and every refusal is answered to its sender."""


def feature_map_grid(maps, columns=8):
    """A layer's feature maps (h x w x c) tiled into one grayscale PNG, as a data: URL.

    One brightness scale for the whole layer (its strongest response is white), so a map that
    hardly reacts looks dark; a 1-pixel transparent gap separates the maps.
    """
    maps = np.asarray(maps, dtype=np.float32)  # a bfloat16 model's maps, too
    height, width, count = maps.shape
    columns = min(columns, count)
    rows = -(-count // columns)
    top = float(maps.max())
    scaled = np.round(255 * maps / top) if top > 0 else np.zeros_like(maps)
    grid = np.zeros((rows * (height + 1) - 1, columns * (width + 1) - 1, 2), dtype=np.uint8)
    for index in range(count):
        row, column = divmod(index, columns)
        tile = grid[row * (height + 1):row * (height + 1) + height,
                    column * (width + 1):column * (width + 1) + width]
        tile[..., 0] = scaled[..., index]
        tile[..., 1] = 255  # opaque where there is a map
    buffer = io.BytesIO()
    Image.fromarray(grid, mode="LA").save(buffer, format="PNG", compress_level=1)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
