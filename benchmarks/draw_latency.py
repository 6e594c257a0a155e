"""Benchmark MNISTDraw.py: the server's time per update (preprocess + model + feature maps), p50/p90.

Starts the real server (`python MNISTDraw.py --port 0 --no-browser`) with the given model and sends
it drawings as the page does while a digit is being written: 280x280 canvas PNGs of MNIST test
digits, each sent at 20 stages from its first rows to the whole digit. Each answer carries the
server's own time (from the received PNG to the answer, before sending); the round trip through
HTTP on 127.0.0.1, PNG upload included, is measured beside it. `--digits 4` draws four-digit numbers
instead. Not a test: the goal is a p90 of at most 50 ms on a 2-core CPU for one page (a 4-digit number too), and of at most 3 s for 50 drawings sent at once
(`--at-once 50`: a class on one machine, or many tabs).

Run:    python benchmarks/draw_latency.py [--model output/mnist_cnn.h5] [--updates 200] [--at-once 50] [--digits 4]
        [--script old/MNISTDraw.py --script MNISTDraw.py]   (two checkouts compared)

Two checkouts run side by side: each group of drawings goes to one server, then the other (which first
alternates), so both are measured in the same seconds and their ratio holds on a busy machine.
"""
import argparse
import io
import threading
import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mnist_course import cli  # noqa: E402
from mnist_course.data import load_mnist  # noqa: E402

STAGES = 20  # updates per digit, as the pen moves down the canvas


def drawing_stages(images28):
    """PNGs of a digit (or a number: the digits side by side) drawn from the top, as the page's
    560x280 canvas sends them: black ink on white, each digit at most 280 px square."""
    size = min(280, 560 // len(images28))
    canvas = np.full((280, 560), 255, np.uint8)
    for place, image28 in enumerate(images28):
        digit = 255 - np.asarray(Image.fromarray(image28).resize((size, size), Image.Resampling.BILINEAR))
        top = (280 - size) // 2
        canvas[top:top + size, place * size:(place + 1) * size] = digit
    first_ink_row = int(np.flatnonzero((canvas < 128).any(axis=1))[0])
    for stage in range(1, STAGES + 1):
        partial = canvas.copy()
        partial[first_ink_row + 10 + (280 - first_ink_row) * stage // STAGES:] = 255
        buffer = io.BytesIO()
        Image.fromarray(partial).save(buffer, format="PNG")
        yield buffer.getvalue()


def send(url, png):
    """POST one drawing; the HTTP status, the server's own time (ms) and the round trip (ms)."""
    request = urllib.request.Request(url + "predict", data=png)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            server_ms = json.load(response)["server_ms"]
    except urllib.error.HTTPError as error:  # 422: a first stage with too little ink; 503: busy
        return error.code, None, None
    except OSError:  # no answer within 120 s, or the connection was refused or reset
        return "no answer", None, None
    return 200, server_ms, (time.perf_counter() - started) * 1000


def measure(scripts, model, drawings, at_once):
    """Start each script's server and send them the drawings, `at_once` at the same moment (each
    from its own thread), group after group, each group to every server in turn; print p50/p90 and
    every answer that was not 200, and with two scripts, the second's p50 and p90 over the first's."""
    servers, urls = [], []
    try:
        for script in scripts:
            servers.append(subprocess.Popen([sys.executable, str(script), "--model", model, "--port", "0",
                                             "--no-browser"], stdout=subprocess.PIPE, text=True))
            line = servers[-1].stdout.readline()
            url = re.search(r"http://127\.0\.0\.1:[0-9]+/", line)
            if not url:
                sys.exit(f"{script} did not start: {line}")
            urls.append(url.group())
        results = [[] for _ in scripts]
        for group_number, start in enumerate(range(0, len(drawings), at_once)):
            group = drawings[start:start + at_once]
            turns = range(len(scripts)) if group_number % 2 == 0 else reversed(range(len(scripts)))
            for server in turns:
                send_all_at_once(urls[server], group, results[server])
    finally:
        for server in servers:
            server.terminate()
            server.wait()
    percentiles = [report(script, len(drawings), at_once, script_results)
                   for script, script_results in zip(scripts, results)]
    if len(scripts) == 2:
        (first_p50, first_p90), (second_p50, second_p90) = percentiles
        print(f"{scripts[1]} / {scripts[0]}: server time p50 {second_p50 / first_p50:.2f}, "
              f"p90 {second_p90 / first_p90:.2f}")


def send_all_at_once(url, group, results):
    """Send the group's drawings at the same moment, each from its own thread; add their results."""
    everyone_ready = threading.Barrier(len(group))

    def send_when_all_are_ready(png):
        everyone_ready.wait()
        results.append(send(url, png))

    threads = [threading.Thread(target=send_when_all_are_ready, args=(png,)) for png in group]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def report(script, count, at_once, results):
    """Print one server's p50/p90 and its answers that were not 200; return its server time's p50, p90."""
    print(f"{script}: {count} drawings, {at_once} at once")
    server_times = [server_ms for status, server_ms, _ in results if status == 200]
    round_trips = [round_trip for status, _, round_trip in results if status == 200]
    percentiles = {}
    for name, times in (("server time per update", server_times), ("HTTP round trip", round_trips)):
        p50, p90 = percentiles[name] = np.percentile(times, [50, 90])
        print(f"  {name:<24} p50 {p50:7.1f} ms   p90 {p90:7.1f} ms   ({len(times)} updates)")
    others = [status for status, _, _ in results if status != 200]
    for status in sorted(set(others), key=str):
        print(f"  {others.count(status)} answered {status}" + (" (no ink yet)" if status == 422 else ""))
    return percentiles["server time per update"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False,
                                     formatter_class=cli.HelpFormatter)
    parser.add_argument("--model", default="output/mnist_cnn.h5", help="the model MNISTDraw.py serves")
    parser.add_argument("--updates", type=cli.count(STAGES * 10_000), default=200,
                        help=f"drawings to send; at most {STAGES * 10_000:,}, {STAGES} per MNIST test digit")
    parser.add_argument("--at-once", type=cli.count(1000), default=1,
                        help="drawings sent at the same moment, each from its own thread "
                             "(1: one after another, as one page sends them); at most 1,000 threads")
    parser.add_argument("--script", action="append", type=Path,
                        help="the MNISTDraw.py to measure; repeat it to compare two checkouts, "
                             "measured side by side (default: this checkout's)")
    parser.add_argument("--digits", type=cli.count(6), default=1,
                        help="digits per drawing: 4 measures a four-digit number (at most 6, as README 6)")
    parser.add_argument("--data-dir", help="MNIST folder (default: as the lessons find it)")
    args = parser.parse_args()

    _, (x_test, _) = load_mnist(args.data_dir)
    numbers = -(-args.updates // STAGES)
    drawings = [png for first in range(0, numbers * args.digits, args.digits)
                for png in drawing_stages(x_test[first:first + args.digits])]
    measure(args.script or [REPO / "MNISTDraw.py"], args.model, drawings[:args.updates], args.at_once)


if __name__ == "__main__":
    cli.run(main)
