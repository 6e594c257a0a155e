"""Exercises a learner checks alone, offline, in a second or two (README: the 练习 / Exercises of each section).

练习：每节末尾的几道题，在自己的电脑上用一条命令检查，几秒内得到"对"或者一条提示。

    python -m mnist_course.exercises                  # every exercise and its status
    python -m mnist_course.exercises check 2.5a 7850  # check one answer

Four kinds: predict a number, then check it; change a lesson and run it (the check reads what the
run wrote to output/); write a few lines in a file under exercises/ (the check imports it and
compares with NumPy on real MNIST); use your own handwriting. A check never trains and never
imports TensorFlow. Everything is relative to the folder you run it in (the course's folder).
The exercises themselves are in catalogue.py; the status is kept in output/exercises.json.
"""
import importlib.util
import inspect
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from mnist_course import CourseError
from mnist_course.saving import write_json

KINDS = {"predict": "predict, then check 先预测再检查",
         "change": "change a lesson, then run it 改课程再运行",
         "write": "write a few lines 写几行代码",
         "handwriting": "use your own handwriting 用你自己的手写数字"}
STATUS_FILE = Path("output") / "exercises.json"


@dataclass
class Exercise:
    id: str  # "2.5a": section 2.5, first exercise
    kind: str  # a key of KINDS
    title: str  # bilingual, one line
    prompt: str  # bilingual: what to do, and what to give the check
    hint: str  # names the README section to reread
    check: Callable  # check(answer, root) -> (right, what to say)
    answer: str = ""  # what the check expects as ANSWER ("" when it takes none): for the usage line

    @property
    def section(self):
        return int(self.id.split(".")[0])


class BadAnswer(CourseError):
    """An ANSWER that cannot be read (not a number, not one of the words): said with the exercise's id."""


def number(answer, what="a number"):
    """The learner's answer as a number: "7850", "7,850", "7 850" and "2.30" all count."""
    try:
        return float(re.sub(r"[,_\s]", "", answer))
    except ValueError:
        raise BadAnswer(f"{answer!r} is not {what}")


def word(answer, choices):
    """The learner's one-word conclusion, one of `choices` (a few first letters are enough)."""
    given = answer.strip().lower()
    matches = [choice for choice in choices if given and choice.startswith(given)]
    if len(matches) != 1:
        raise BadAnswer(f"{answer!r} is not one of {' or '.join(choices)}")
    return matches[0]


def learner_function(root, file_name, function_name):
    """The function the learner wrote in exercises/<file_name>, imported from their file.

    Their own mistakes (a syntax error, a missing name) come back as CourseError lines naming the
    file, not as a traceback.
    """
    path = Path(root) / "exercises" / file_name
    shown = f"exercises/{file_name}"
    if not path.is_file():
        raise CourseError(f"{shown}: not found; write it first, with a function {function_name}()")
    spec = importlib.util.spec_from_file_location(f"learner_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as error:  # the learner's code: anything can go wrong in it
        raise CourseError(f"{shown}: {failure(error, path)}")
    function = getattr(module, function_name, None)
    if not inspect.isfunction(function):  # a def (or lambda): its code names the learner's file
        raise CourseError(f"{shown}: defines no function {function_name}()")
    return function


def failure(error, filename):
    """A learner's exception in a few words on one line, with the line of their file it came from."""
    line = getattr(error, "lineno", None) if isinstance(error, SyntaxError) else None
    traceback = error.__traceback__
    while traceback is not None:  # the deepest frame in the learner's file names the line
        if traceback.tb_frame.f_code.co_filename == str(filename):
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    message = (str(error).strip().splitlines() or [""])[0]
    where = f" (line {line})" if line else ""
    return f"{type(error).__name__}{where}" + (f": {message[:160]}" if message else "")


def call(function, *arguments):
    """Call the learner's function; an exception in it is a wrong answer, said in one line."""
    try:
        return True, function(*arguments)
    except Exception as error:  # the learner's code
        return False, f"your {function.__name__}() raised {failure(error, function.__code__.co_filename)}"


def find(exercise_id):
    from mnist_course.exercises.catalogue import EXERCISES

    for exercise in EXERCISES:
        if exercise.id == exercise_id:
            return exercise
    raise CourseError(f"no exercise {exercise_id!r}; python -m mnist_course.exercises lists them")


def check(exercise_id, answer=None, root="."):
    """Check one exercise: (right, the one line to show). Records right or wrong in the status file."""
    exercise = find(exercise_id)
    if exercise.answer and answer is None:
        raise CourseError(f"{exercise.id} needs your answer: python -m mnist_course.exercises check "
                          f"{exercise.id} {exercise.answer}")
    try:
        right, said = exercise.check(answer, Path(root))
    except BadAnswer as error:
        raise CourseError(f"{exercise.id}: {error}") from None
    if right:
        line = f"{exercise.id} right 对: {said}"
    else:
        line = f"{exercise.id} wrong 错: {said}. Hint 提示: {exercise.hint}"
    statuses = read_statuses(root)
    statuses[exercise.id] = "right" if right else "wrong"
    write_json(Path(root) / STATUS_FILE, statuses)
    return right, line


def read_statuses(root="."):
    path = Path(root) / STATUS_FILE
    if not path.exists():
        return {}
    try:
        statuses = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(statuses, dict) and all(value in ("right", "wrong") for value in statuses.values()):
            return statuses
    except (OSError, UnicodeDecodeError, ValueError):
        pass
    raise CourseError(f"{STATUS_FILE}: not the exercises' status file; move it away and check again "
                      f"(the statuses then start from 'not tried')")
