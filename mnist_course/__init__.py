"""Plumbing shared by the lessons: data, options, plots, saving, reports.

课程共用的工具：数据、命令行选项、图表、保存与报告。The lessons themselves
(IntroduceMNIST.py, MNISTSoftmax.py, ...) show the Keras calls they teach.
"""
import os
import stat
import sys
from pathlib import Path


ZIP_START = b"PK\x03\x04"  # a zip archive: a .keras model file or an .npz of arrays


def in_notebook():
    """True inside a Jupyter kernel (JupyterLab, VS Code cells, Colab), False in a terminal."""
    return "ipykernel" in sys.modules


class CourseError(Exception):
    """An expected mistake (bad data, flag, image or model file): shown as one line, no traceback."""


_NOT_REGULAR = {stat.S_IFDIR: "a folder", stat.S_IFIFO: "a named pipe", stat.S_IFSOCK: "a socket",
                stat.S_IFCHR: "a device", stat.S_IFBLK: "a device"}
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # Windows has no named pipes in the file system


def open_regular(path):
    """Open a file for reading in binary mode, refusing anything but a regular file.

    Reading a named pipe or a terminal would wait forever, and a device may never end. The type
    is checked before opening, so a device is never opened, and again on the open file, opened
    with O_NONBLOCK, so a pipe swapped in meanwhile cannot make open() wait either.
    """
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISREG(mode):
            file = open(path, "rb", opener=lambda name, flags: os.open(name, flags | _NONBLOCK))
            mode = os.fstat(file.fileno()).st_mode
            if stat.S_ISREG(mode):
                return file
            file.close()
    except FileNotFoundError:
        raise CourseError(f"{path}: no such file")
    except PermissionError:
        raise CourseError(f"{path}: no permission to read it")
    except OSError as error:
        raise CourseError(f"{path}: cannot open it ({error.strerror or error})")
    raise CourseError(f"{path}: not a regular file ({_NOT_REGULAR.get(stat.S_IFMT(mode), 'a special file')})")
