"""Options every lesson shares, numbered step headings, one-line errors, and a clean terminal.

每课共用的命令行选项、带编号的步骤标题、一行错误信息，以及干净的终端输出。
A lesson runs as a script (`python MNISTCNN.py --epochs 3`) or as a notebook, cell by cell; in a
notebook the options take their defaults, or what MNIST_COURSE_ARGS says (README, notebooks).
"""
import argparse
import os
import re
import shlex
import signal
import sys
import tempfile
from pathlib import Path

from mnist_course import CourseError, in_notebook, saving, shell_quoted, shown

# A terminal that cannot show a character (a Western Windows console, PYTHONIOENCODING=cp1252)
# gets "?" instead of a crash at the first Chinese heading.
for _stream in (sys.stdout, sys.stderr):
    if hasattr(_stream, "reconfigure"):
        _stream.reconfigure(errors="replace")

# TensorFlow's C++ start-up lines (oneDNN, CUDA, CPU features) are printed at import even with
# TF_CPP_MIN_LOG_LEVEL set; they are information, not problems, so they are dropped. Any other
# line, errors included, is passed on.
_TF_STARTUP_NOISE = re.compile(
    r"^(I\d{4} .*(port\.cc|cudart_stub\.cc|cpu_feature_guard\.cc)"
    r"|E\d{4} .*failed call to cuInit"  # a machine without an NVIDIA driver: TensorFlow uses the CPU
    r"|WARNING: All log messages before absl::InitializeLog\(\) is called"
    r"|To enable the following instructions:)")

# What Ctrl-C should tell the learner besides "interrupted"; a training run that can resume sets it.
interrupted_hint = ""


def import_keras():
    """Import TensorFlow and Keras without their start-up log lines; return keras."""
    if "keras" in sys.modules:
        return sys.modules["keras"]
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


# Every count has an upper bound, given with its reason in --help: a number past what TensorFlow
# or the memory can take would otherwise end in a traceback many seconds later.
MAX_EPOCHS = 1000       # the lessons need 4 and 10; 1,000 CNN epochs take about 4 hours (13 s each)
MAX_BATCH_SIZE = 4096   # each image of a batch holds about 0.5 MB while the CNN trains: 2 GB at 4,096
MAX_TRAIN_IMAGES = 60_000  # MNIST's training set


def count(at_most):
    """argparse type for a count from 1 to at_most (epochs, batch size, images)."""
    def whole_number(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number")
        if value < 1:
            raise argparse.ArgumentTypeError(f"{value} must be at least 1")
        if value > at_most:
            raise argparse.ArgumentTypeError(f"{value} is over the limit of {at_most:,} (--help says why)")
        return value
    return whole_number


def seed_number(text):
    """argparse type for --seed: what NumPy and TensorFlow accept, 0 to 2**32 - 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number")
    if not 0 <= value < 2**32:
        raise argparse.ArgumentTypeError(f"{value} must be between 0 and {2**32 - 1}")
    return value


class HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """--help with each option's default said once: none for an option without one (None, a switch
    that is off) or whose help already says it (--train-limit's "all")."""

    def _get_help_string(self, action):
        if action.default in (None, False) or "default" in (action.help or ""):
            return action.help
        return super()._get_help_string(action)


def lesson_parser(script, description, epochs=None, batch_size=None, seed=True):
    """The shared options; lessons that train also get --epochs, --batch-size, --train-limit, ..."""
    parser = argparse.ArgumentParser(prog=script, description=description, allow_abbrev=False,
                                     formatter_class=HelpFormatter)
    parser.add_argument("--data-dir", help="folder holding MNIST (IDX files or mnist.npz); "
                        "default: $MNIST_DATA_DIR, then Data/, then the caches and a download (README 1.3)")
    parser.add_argument("--output-dir", type=Path, default=Path("output"),
                        help="where figures, models and reports go")
    parser.add_argument("--no-show", action="store_true",
                        help="only save the figures, never open a window")
    if seed:
        parser.add_argument("--seed", type=seed_number, default=42, help="random seed, for repeatable runs")
    if epochs:
        parser.add_argument("--epochs", type=count(MAX_EPOCHS), default=epochs,
                            help=f"passes over the training images; at most {MAX_EPOCHS:,} "
                                 f"(1,000 CNN epochs take about 4 hours)")
        parser.add_argument("--batch-size", type=count(MAX_BATCH_SIZE), default=batch_size,
                            help=f"images per training step; at most {MAX_BATCH_SIZE:,} (each image of a "
                                 f"batch holds about 0.5 MB of memory while the CNN trains)")
        parser.add_argument("--train-limit", type=count(MAX_TRAIN_IMAGES), metavar="N",
                            help=f"train on the first N training images only, for quick runs; at most "
                                 f"{MAX_TRAIN_IMAGES:,}, MNIST's training set (default: all)")
        parser.add_argument("--precision", choices=("auto", "float32", "mixed_bfloat16"), default="auto",
                            help="number format for training; auto = bfloat16 where the CPU has it")
        parser.add_argument("--restart", action="store_true",
                            help="set aside the backup of an interrupted run and train from the start")
    return parser


def lesson_options(script, description, epochs=None, batch_size=None, seed=True):
    """Parse a lesson's options and get ready to run it: one-line errors, figures, one run per folder.

    In a terminal the options come from the command line. In a notebook the kernel's own
    arguments are not the lesson's: the options are the defaults, or MNIST_COURSE_ARGS.
    """
    from mnist_course import plots  # here, not at the top: matplotlib takes seconds, --help should not

    parser = lesson_parser(script, description, epochs, batch_size, seed)
    if in_notebook():
        _one_line_errors_in_notebook()
        parser.error = _notebook_option_error  # one line naming MNIST_COURSE_ARGS, not argparse's usage
        arguments = shlex.split(os.environ.get("MNIST_COURSE_ARGS", ""))
    else:
        sys.excepthook = _one_line_errors
        signal.signal(signal.SIGINT, _remember_ctrl_c)
        signal.signal(signal.SIGTERM, _remember_ctrl_c)
        arguments = sys.argv[1:]
    options = parser.parse_args(arguments)
    options.command = command_line(script, arguments)
    plots.configure(options.no_show)
    saving.claim(options.output_dir, Path(script).stem)
    return options


def _notebook_option_error(message):
    raise CourseError(f"MNIST_COURSE_ARGS: {message}")


def command_line(script, arguments):
    """The command that runs this lesson again with the same options (--restart left out: run
    again, the command should continue the run, not set it aside once more), for messages."""
    arguments = [argument for argument in arguments if argument != "--restart"]
    if in_notebook():
        return f"the notebook {script}" + (f" with MNIST_COURSE_ARGS={shell_quoted(shlex.join(arguments))}"
                                           if arguments else "")
    return " ".join(map(shell_quoted, ["python", sys.argv[0], *arguments]))


class Terminated(KeyboardInterrupt):
    """SIGTERM (`kill`, a logout or shutdown, a batch system's time limit) stops a run as Ctrl-C does.

    Python's default for SIGTERM ends the process on the spot, leaving a file being saved half
    written under its temporary name; as an exception, every `finally` runs and removes it."""


ctrl_c_pressed = False
stopped_by = KeyboardInterrupt  # or Terminated: what the last Ctrl-C or SIGTERM raised


def _remember_ctrl_c(signum, frame):
    """Ctrl-C or SIGTERM in a script: raise KeyboardInterrupt (or Terminated), as Python does for
    Ctrl-C, and remember it."""
    global ctrl_c_pressed, stopped_by
    ctrl_c_pressed = True
    stopped_by = Terminated if signum == signal.SIGTERM else KeyboardInterrupt
    raise stopped_by


def stop_if_ctrl_c_was_pressed():
    """Raise KeyboardInterrupt again after a Ctrl-C that was lost. TensorFlow's C++ code that runs
    an operation calls back into Python (len() of a shape) and throws away any exception raised
    there; a Ctrl-C that lands at that instant vanished in about 1 of 100 presses in the tests.
    Called after every training step and at every step heading, so the run still stops."""
    if ctrl_c_pressed:
        raise stopped_by


def step(number, title):
    """Print a numbered, bilingual step heading, like the README's sections (a notebook has its own)."""
    stop_if_ctrl_c_was_pressed()
    if not in_notebook():
        print(f"\n=== {number}. {title} ===", flush=True)


def error_line(error):
    """The one line a learner sees for an expected problem, or None for a real bug."""
    if isinstance(error, CourseError):
        return f"error: {error}"
    if isinstance(error, OSError):  # a file or folder the system refuses, a closed pipe, ...
        if error.filename:
            return f"error: {shown(error.filename)}: {error.strerror}"
        return f"error: {error.strerror or error}"
    return None


def interrupted_line(kind=KeyboardInterrupt):
    """What Ctrl-C or SIGTERM tells the learner, with how to continue when a run can resume."""
    what = "Terminated (SIGTERM) 已终止." if issubclass(kind, Terminated) else "Interrupted (Ctrl-C) 已中断."
    return what + (f" {interrupted_hint}" if interrupted_hint else "")


def _exit_interrupted(kind):
    """The line for Ctrl-C or SIGTERM, and the shell's exit code for it: 128 + the signal's number."""
    _exit(143 if issubclass(kind, Terminated) else 130, "\n" + interrupted_line(kind))


def _one_line_errors(kind, error, traceback):
    """sys.excepthook for a lesson run as a script: expected mistakes become one line, exit 1."""
    if issubclass(kind, KeyboardInterrupt):
        _exit_interrupted(kind)
    line = error_line(error)
    if line is None:
        sys.__excepthook__(kind, error, traceback)
    else:
        _exit(1, line)


def _exit(code, line):
    """Print the line and end the process now.

    Not the interpreter's usual shutdown: after a full disk, h5py still holds the file it could not
    write and would crash (a segmentation fault and two tracebacks) trying to flush it at exit.
    Everything the course writes is already closed; only the folder's lock is left to remove.
    """
    saving.release_claims()
    print(line, file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _one_line_errors_in_notebook():
    """In a notebook, the same one line instead of a traceback for an expected mistake or an interrupt."""
    from IPython import get_ipython

    def show(shell, kind, error, traceback, tb_offset=None):
        print(interrupted_line() if isinstance(error, KeyboardInterrupt) else error_line(error), file=sys.stderr)

    get_ipython().set_custom_exc((CourseError, OSError, KeyboardInterrupt), show)


def run(main):
    """Run a tool's main(): expected mistakes become one line and exit 1, Ctrl-C exits 130."""
    signal.signal(signal.SIGTERM, _remember_ctrl_c)
    try:
        main()
    except KeyboardInterrupt as stop:
        _exit_interrupted(type(stop))
    except (CourseError, OSError) as error:
        _exit(1, error_line(error))
