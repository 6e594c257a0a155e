"""Options every lesson shares, numbered step headings, and a clean terminal.

每课共用的命令行选项、带编号的步骤标题，以及干净的终端输出。
"""
import argparse
import os
import re
import sys
import tempfile

from mnist_course import CourseError

# TensorFlow's C++ start-up lines (oneDNN, CUDA, CPU features) are printed at import even with
# TF_CPP_MIN_LOG_LEVEL set; they are information, not problems, so they are dropped. Any other
# line, errors included, is passed on.
_TF_STARTUP_NOISE = re.compile(
    r"^(I\d{4} .*(port\.cc|cudart_stub\.cc|cpu_feature_guard\.cc)"
    r"|E\d{4} .*failed call to cuInit"  # a machine without an NVIDIA driver: TensorFlow uses the CPU
    r"|WARNING: All log messages before absl::InitializeLog\(\) is called"
    r"|To enable the following instructions:)")


def import_keras():
    """Import TensorFlow and Keras without their start-up log lines; return keras."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    sys.stderr.flush()
    saved_stderr = os.dup(2)
    with tempfile.TemporaryFile(mode="w+b") as captured:
        os.dup2(captured.fileno(), 2)  # C++ writes to file descriptor 2 directly
        try:
            import tensorflow  # the backend Keras runs on
            import keras

            tensorflow.config.list_physical_devices()  # looks for GPUs now, inside the capture
        finally:
            os.dup2(saved_stderr, 2)
            os.close(saved_stderr)
            captured.seek(0)
            for line in captured.read().decode(errors="replace").splitlines(keepends=True):
                if not _TF_STARTUP_NOISE.match(line):
                    sys.stderr.write(line)
    _hide_known_keras_warnings()
    return keras


def _hide_known_keras_warnings():
    """Drop two Keras warnings the course explains in the README instead of printing each run."""
    import logging

    explained = ("saving your model as an HDF5 file",  # HDF5 is what the course teaches
                 "compiled metrics have yet to be built")  # harmless right after load_model
    logging.getLogger("absl").addFilter(
        lambda record: not any(text in record.getMessage() for text in explained))


def positive_int(text):
    """argparse type for counts that must be at least 1 (epochs, batch size, image limits)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number")
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be at least 1")
    return value


def seed_number(text):
    """argparse type for --seed: what NumPy and TensorFlow accept, 0 to 2**32 - 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number")
    if not 0 <= value < 2**32:
        raise argparse.ArgumentTypeError(f"{value} must be between 0 and {2**32 - 1}")
    return value


def lesson_parser(description, training_defaults=None):
    """The shared options; lessons that train also get --epochs, --batch-size, --train-limit."""
    parser = argparse.ArgumentParser(description=description,
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--data-dir", help="folder holding MNIST (IDX files or mnist.npz); "
                        "default: $MNIST_DATA_DIR, then Data/, then Keras's download")
    parser.add_argument("--output-dir", default="output", help="where figures, models and reports go")
    parser.add_argument("--no-show", action="store_true",
                        help="only save the figures, never open a window")
    parser.add_argument("--seed", type=seed_number, default=42, help="random seed, for repeatable runs")
    if training_defaults:
        parser.add_argument("--epochs", type=positive_int, default=training_defaults["epochs"],
                            help="passes over the training images")
        parser.add_argument("--batch-size", type=positive_int,
                            default=training_defaults["batch_size"], help="images per training step")
        parser.add_argument("--train-limit", type=positive_int, metavar="N",
                            help="train on the first N training images only, for quick runs "
                            "(default: all)")
        parser.add_argument("--precision", choices=("auto", "float32", "mixed_bfloat16"), default="auto",
                            help="number format for training; auto = bfloat16 where the CPU has it")
    return parser


def step(number, title):
    """Print a numbered, bilingual step heading, like the README's sections."""
    print(f"\n=== {number}. {title} ===", flush=True)


def run(main):
    """Run a lesson: expected mistakes become one line and exit 1, Ctrl-C exits 130."""
    try:
        main()
    except CourseError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
    except OSError as error:  # a file or folder the system refuses: output dir is a file, disk full
        print(f"error: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("\nInterrupted (Ctrl-C) 已中断. A training lesson run again with the same command resumes "
              "after its last finished epoch.", file=sys.stderr)
        sys.exit(130)
