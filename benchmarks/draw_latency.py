"""Benchmark MNISTDraw.py: the server's time per update (preprocess + model + feature maps), p50/p90.

Starts the real server (`python MNISTDraw.py --port 0 --no-browser`) with the given model and sends
it drawings as the page does while a digit is being written: 280x280 canvas PNGs of MNIST test
digits, each sent at 20 stages from its first rows to the whole digit. Each answer carries the
server's own time (from the received PNG to the answer, before sending); the round trip through
HTTP on 127.0.0.1, PNG upload included, is measured beside it. Not a test: the goal is a p90 of at
most 50 ms on a 2-core CPU.

Run:    python benchmarks/draw_latency.py [--model output/mnist_cnn.h5] [--updates 200]
"""
import argparse
import io
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


def drawing_stages(image28):
    """PNGs of one digit drawn from the top: black ink on a white 280x280 canvas."""
    canvas = 255 - np.asarray(Image.fromarray(image28).resize((280, 280), Image.Resampling.BILINEAR))
    first_ink_row = int(np.flatnonzero((canvas < 128).any(axis=1))[0])
    for stage in range(1, STAGES + 1):
        partial = canvas.copy()
        partial[first_ink_row + 10 + (280 - first_ink_row) * stage // STAGES:] = 255
        buffer = io.BytesIO()
        Image.fromarray(partial).save(buffer, format="PNG")
        yield buffer.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False,
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--model", default="output/mnist_cnn.h5", help="the model MNISTDraw.py serves")
    parser.add_argument("--updates", type=cli.count(STAGES * 10_000), default=200,
                        help=f"drawings to send; at most {STAGES * 10_000:,}, {STAGES} per MNIST test digit")
    parser.add_argument("--data-dir", help="MNIST folder (default: as the lessons find it)")
    args = parser.parse_args()

    _, (x_test, _) = load_mnist(args.data_dir)
    drawings = [png for image in x_test[:-(-args.updates // STAGES)] for png in drawing_stages(image)]
    server = subprocess.Popen([sys.executable, str(REPO / "MNISTDraw.py"), "--model", args.model,
                               "--port", "0", "--no-browser"], stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:[0-9]+/", line)
        if not url:
            sys.exit(f"MNISTDraw.py did not start: {line}")
        server_ms, round_trip_ms, failed = [], [], 0
        for png in drawings[:args.updates]:
            request = urllib.request.Request(url.group() + "predict", data=png)
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    answer = json.load(response)
            except urllib.error.HTTPError:  # a first stage with too little ink to read
                failed += 1
                continue
            round_trip_ms.append((time.perf_counter() - started) * 1000)
            server_ms.append(answer["server_ms"])
    finally:
        server.terminate()
        server.wait()
    for name, times in (("server time per update", server_ms), ("HTTP round trip", round_trip_ms)):
        p50, p90 = np.percentile(times, [50, 90])
        print(f"{name:<24} p50 {p50:5.1f} ms   p90 {p90:5.1f} ms   ({len(times)} updates)")
    if failed:
        print(f"{failed} drawings refused (no ink yet)")


if __name__ == "__main__":
    cli.run(main)
