"""python -m mnist_course.exercises [check ID [ANSWER]]: list the exercises, or check one."""
import argparse
import sys

from mnist_course import cli, exercises
from mnist_course.exercises.catalogue import EXERCISES

STATUS_WORDS = {None: "not tried 未做", "right": "right 对", "wrong": "wrong 错"}


def main():
    parser = argparse.ArgumentParser(
        prog="python -m mnist_course.exercises", allow_abbrev=False,
        description="The course's exercises: without arguments, list them with their status; "
                    "check ID [ANSWER] checks one (exit status 0 when right, 1 when not). "
                    "Run it in the course's folder: it reads output/ and exercises/ there.")
    commands = parser.add_subparsers(dest="command")
    check = commands.add_parser("check", help="check one exercise", allow_abbrev=False)
    check.add_argument("id", help="the exercise, e.g. 2.5a")
    check.add_argument("answer", nargs="?", help="your answer, where the exercise asks for one")
    arguments = parser.parse_args()

    if arguments.command == "check":
        right, line = exercises.check(arguments.id, arguments.answer)
        print(line)
        sys.exit(0 if right else 1)
    statuses = exercises.read_statuses()
    for exercise in EXERCISES:
        usage = f"check {exercise.id}" + (f" {exercise.answer}" if exercise.answer else "")
        print(f"{exercise.id:5} {STATUS_WORDS[statuses.get(exercise.id)]:12} {exercise.kind:11} "
              f"{exercise.title}   ({usage})")
    print("Details 详细说明: README, each section's 练习 / Exercises; "
          "check one: python -m mnist_course.exercises check ID [ANSWER]")


cli.run(main)
