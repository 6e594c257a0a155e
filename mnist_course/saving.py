"""Write files so that a crash never leaves a half-written one: temporary file, then rename.

先写临时文件再改名：程序中途崩溃、断电或磁盘写满，都不会留下写了一半的文件，旧文件完好无损。
Also: one run at a time per output folder.
"""
import atexit
import contextlib
import errno
import json
import os
import re
import tempfile
from pathlib import Path

from mnist_course import CourseError, shown

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None
    import msvcrt

_claimed = {}  # lock file -> the open lock, held until the process ends


@contextlib.contextmanager
def replacing(path):
    """Yield a temporary path beside `path`; on success it replaces `path`, on error it is removed.

    The temporary name ends in the whole target name (".x1y2z3-epoch-3.weights.h5"), so a writer
    that checks the ending is satisfied. Renaming replaces a symbolic link planted at `path`
    instead of writing through it. A full disk or a refused write becomes one CourseError line.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temporaries(path)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=f"-{path.name}")
        os.close(handle)
    except OSError as error:
        raise _write_error(path, error) from None
    try:
        yield Path(temporary)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; give it the usual mode
        os.replace(temporary, path)  # atomic on the same file system
    except OSError as error:
        raise _write_error(path, error) from None
    finally:
        if os.path.lexists(temporary):
            os.remove(temporary)


def _remove_stale_temporaries(path):
    """Remove the temporary files of `path` that a run killed mid-save (SIGKILL, a power cut) left:
    only names replacing() makes for this very file, ".x1y2z3a4-<name>" (mkstemp's 8 characters),
    never anything else. None is still being written: a lesson's folder has one run at a time."""
    made_here = re.compile(r"\.[a-z0-9_]{8}-" + re.escape(path.name))
    for entry in os.scandir(path.parent):
        if made_here.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):  # not ours to remove after all: it stays
                os.remove(entry.path)


def _write_error(path, error):
    """One line naming the file the learner asked for (not our temporary name)."""
    if error.errno == errno.ENOSPC or "No space left" in str(error):  # h5py puts errno in its text
        return CourseError(f"{shown(path)}: no space left on the device; free some space and run again "
                           f"(the earlier file, if any, is unchanged)")
    return CourseError(f"{shown(path)}: cannot write it ({error.strerror or error})")


def _umask():
    mask = os.umask(0)  # reading the umask means setting it: put it straight back
    os.umask(mask)
    return mask


def write_json(path, data):
    with replacing(path) as temporary:
        temporary.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def claim(folder, lesson):
    """One run of a lesson at a time in an output folder: a second one stops with one line.

    The lock is the lesson's own (".MNISTCNN.lock"), so other lessons can write their files into
    the same folder meanwhile. The operating system releases it when a process ends, however it
    ends, so a run that crashed never blocks the next one; a run that ends removes the file too
    (release_claims). It holds the owner's process id.
    """
    folder = Path(folder)
    lock_path = folder / f".{lesson}.lock"
    key = str(lock_path.resolve())
    if key in _claimed:  # a notebook runs its options cell again: the lock is already ours
        return
    while True:
        lock = _lock(folder, lock_path, lesson)
        try:
            if os.path.samestat(os.fstat(lock.fileno()), os.stat(lock_path, follow_symlinks=False)):
                break
        except FileNotFoundError:
            pass
        lock.close()  # the run before removed the file we opened as it ended: lock the new one
    lock.seek(0)
    lock.truncate()
    lock.write(f"{os.getpid()}\n")
    lock.flush()
    _claimed[key] = lock


def _lock(folder, lock_path, lesson):
    """Open the lock file and lock it, or say which run holds it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # O_NOFOLLOW: a symbolic link planted at the lock's name is refused, not written through.
        descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o666)
    except OSError as error:
        raise CourseError(f"{shown(folder)}: cannot use it as the output folder "
                          f"({error.strerror or error})") from None
    lock = os.fdopen(descriptor, "r+")
    try:
        if fcntl:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            msvcrt.locking(lock.fileno(), msvcrt.LK_NBLCK, 1)
    except OSError:
        owner = lock.read().strip() or "unknown"
        lock.close()
        raise CourseError(f"{shown(folder)}: another run of {lesson} (process {shown(owner)}, a terminal or "
                          f"a notebook kernel) is writing into this folder; wait for it to finish, or "
                          f"choose another one with --output-dir") from None
    return lock


@atexit.register
def release_claims():
    """As the run ends, remove its lock files while still holding them: output/ keeps only what
    the run made. A run that opened the file meanwhile sees it gone once it holds it, and locks a
    new one (claim); Windows cannot remove an open file, so there the empty lock file stays."""
    for key, lock in _claimed.items():
        with contextlib.suppress(OSError):
            if os.path.samestat(os.fstat(lock.fileno()), os.stat(key, follow_symlinks=False)):
                os.remove(key)  # only our own file, not one put in its place meanwhile
        lock.close()
    _claimed.clear()
