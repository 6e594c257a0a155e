"""Plumbing shared by the lessons: data, options, plots, saving, reports.

课程共用的工具：数据、命令行选项、图表、保存与报告。The lessons themselves
(IntroduceMNIST.py, MNISTSoftmax.py, ...) show the Keras calls they teach.
"""
import itertools
import os
import shlex
import stat
import sys
from pathlib import Path


ZIP_START = b"PK\x03\x04"  # a zip archive: a .keras model file or an .npz of arrays


def in_notebook():
    """True inside a Jupyter kernel (JupyterLab, VS Code cells, Colab), False in a terminal."""
    return "ipykernel" in sys.modules


class CourseError(Exception):
    """An expected mistake (bad data, flag, image or model file): shown as one line, no traceback."""


def shown(name):
    """A file name (or other outside text) as it may be printed: as it is, or, if it holds a newline,
    an escape sequence (ESC) or another control character, quoted for a shell as `ls` does, a$'\\n'b.png.
    A raw newline would split the one-line error; a raw ESC would reach the terminal as a command.
    The quoted form, pasted into a shell, is the same name again."""
    text = str(name)
    return text if text.isprintable() else _shell_escaped(text)


def shell_quoted(argument):
    """One argument of a command to print, for a shell to read back: shlex.quote, or as shown()."""
    return shlex.quote(argument) if argument.isprintable() else _shell_escaped(argument)


_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _shell_escaped(text):
    pieces = []
    for printable, run in itertools.groupby(text, str.isprintable):
        run = "".join(run)
        if printable:
            pieces.append(shlex.quote(run))
        else:
            pieces.append("$'" + "".join(map(_escape, run)) + "'")
    return "".join(pieces)


def _escape(character):
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as Python hands such a name over
        return f"\\x{code - 0xDC00:02x}"
    if character in _ESCAPES:
        return _ESCAPES[character]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


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
        raise CourseError(f"{shown(path)}: no such file")
    except PermissionError:
        raise CourseError(f"{shown(path)}: no permission to read it")
    except OSError as error:
        raise CourseError(f"{shown(path)}: cannot open it ({error.strerror or error})")
    raise CourseError(f"{shown(path)}: not a regular file ({_NOT_REGULAR.get(stat.S_IFMT(mode), 'a special file')})")
