"""The exercises (issue 18): every check says right for its worked solution, and wrong, with its
hint, for the untouched course or a wrong answer; the numbers they expect agree with Keras.

Two course folders are made once: "untouched", with quick runs of the lessons as they are, and
"solved", with the solutions' changes applied to copies of the lessons, quick runs of those
copies, the solution files in exercises/ and handwriting images made from MNIST test digits.
"""
import gzip
import json
import os
import re
import shutil
import subprocess
import sys

import numpy as np
import pytest

from conftest import REPO, run_script
from mnist_course import CourseError, exercises
from mnist_course.exercises import catalogue
from mnist_course.exercises.catalogue import EXERCISES

SOLUTIONS = REPO / "exercises" / "solutions"
BY_ID = {exercise.id: exercise for exercise in EXERCISES}
ANSWERS = dict(re.findall(r"^- \*\*(\d\.\d[a-z])\*\* `([^`]+)`", (SOLUTIONS / "README.md").read_text(encoding="utf-8"),
                          re.MULTILINE))
PREDICT = [exercise.id for exercise in EXERCISES if exercise.kind == "predict"]
WRITE_FILES = {"1.3b": "my_idx_header.py", "2.8a": "my_one_hot.py", "3.1a": "my_softmax_forward.py",
               "4.1a": "my_convolution.py", "7.1b": "my_feature_maps.py"}
# A learner's likely slip in each solution: (text in the solution, the slip), found by the check.
SLIPS = {"1.3b": ('">I"', '"<I"'),  # little-endian
         "2.8a": ("labels] = 1", "labels - 1] = 1"),  # off by one
         "3.1a": ("return exp / exp.sum(axis=1, keepdims=True)", "return z"),  # no softmax
         "4.1a": ("np.sum(patch * kernel)", "np.sum(patch * kernel[::-1, ::-1])"),  # the kernel flipped
         "7.1b": (") + bias", ")")}  # the bias forgotten
SOFTMAX_QUICK = ("--epochs", 1, "--train-limit", 3000, "--no-show")
CNN_QUICK = ("--epochs", 1, "--train-limit", 2000, "--batch-size", 32, "--no-show")


def run_lesson_copy(root, lesson, *flags):
    """Run the (changed) copy of a lesson in `root` as the learner would, writing root/output/."""
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    environment.pop("DISPLAY", None)
    result = subprocess.run([sys.executable, lesson, *map(str, flags)], cwd=root, env=environment,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def untouched(tmp_path_factory, mnist_dir):
    root = tmp_path_factory.mktemp("untouched")
    for lesson in ("MNISTSoftmax.py", "MNISTCNN.py"):
        shutil.copy(REPO / lesson, root)
        run_lesson_copy(root, lesson, *(SOFTMAX_QUICK if "Softmax" in lesson else CNN_QUICK))
    return root


@pytest.fixture(scope="module")
def solved(tmp_path_factory, mnist_dir):
    root = tmp_path_factory.mktemp("solved")
    for lesson, patches in (("MNISTSoftmax.py", ["3.2a-one-hidden-layer.diff"]),
                            ("MNISTCNN.py", ["5.2a-no-dropout.diff", "5.2b-no-shift.diff"])):
        shutil.copy(REPO / lesson, root)
        for patch in patches:
            subprocess.run(["git", "apply", str(SOLUTIONS / patch)], cwd=root, check=True)
    # 3.2a's one hidden layer trained on 1,000 images (3.2b) for 2 epochs; 5.2a and 5.2b in one run.
    run_lesson_copy(root, "MNISTSoftmax.py", "--epochs", 2, "--train-limit", 1000, "--no-show")
    run_lesson_copy(root, "MNISTCNN.py", *CNN_QUICK)
    (root / "exercises").mkdir()
    for file_name in WRITE_FILES.values():
        shutil.copy(SOLUTIONS / file_name, root / "exercises")
    write_handwriting(root)
    return root


def write_handwriting(root):
    """exercises/my_digit.png, a pen drawing of a test digit the model reads right (as Keras says),
    and exercises/my_wrong_digit.png, one it reads wrong, with what MNISTPredict.py saw of it."""
    from mnist_course import digits, models
    from mnist_course.data import load_mnist
    from tools.make_user_digits import make_image

    _, (x_test, y_test) = load_mnist()
    model = models.load_model(root / "output" / "mnist_cnn.h5")
    drawings = [make_image(x_test[index], "pen", np.random.default_rng(index))[0] for index in range(300)]
    prepared = np.stack([digits.find_digits(drawing)[0] for drawing in drawings])
    read = model.predict(models.model_input(model, prepared), verbose=0).argmax(axis=1)
    right, wrong = np.flatnonzero(read == y_test[:300])[0], np.flatnonzero(read != y_test[:300])[0]
    drawings[right].save(root / "exercises" / "my_digit.png")
    drawings[wrong].save(root / "exercises" / "my_wrong_digit.png")
    result = run_script("MNISTPredict.py", "exercises/my_wrong_digit.png", "--model", "output/mnist_cnn.h5",
                        "--save-preprocessed", "exercises/seen", cwd=root, timeout=120)
    # "5 (" or, for a digit the model is unsure of, "5? (" (README 6)
    assert re.match(rf"exercises/my_wrong_digit\.png: {read[wrong]}\?? \(", result.stdout), result.stdout
    root.joinpath("digits.json").write_text(json.dumps({"right": int(y_test[right]), "wrong": int(y_test[wrong]),
                                                        "wrong_read_as": int(read[wrong])}))


def written(root):
    return json.loads((root / "digits.json").read_text())


def solution_answer(exercise_id, root):
    """The answer the worked solution gives; for a conclusion, what the run in `root` shows."""
    if exercise_id in ("3.2b", "5.2a"):
        name = "mnist_softmax" if exercise_id == "3.2b" else "mnist_cnn"
        history = json.loads((root / "output" / f"{name}_report.json").read_text())["training"]["history"]
        return "training" if history["accuracy"][-1] > history["val_accuracy"][-1] else "validation"
    if exercise_id == "6.1b":
        return str(written(root)["right"])
    if exercise_id == "6.3a":
        return str(written(root)["wrong"])
    return ANSWERS.get(exercise_id)


def assert_right(exercise_id, answer, root):
    right, line = exercises.check(exercise_id, answer, root)
    assert right and line.startswith(f"{exercise_id} right 对: "), line
    assert "\n" not in line


def assert_wrong(exercise_id, answer, root, reason=""):
    right, line = exercises.check(exercise_id, answer, root)
    assert not right and line.startswith(f"{exercise_id} wrong 错: "), line
    assert line.endswith(f"Hint 提示: {BY_ID[exercise_id].hint}") and "README" in BY_ID[exercise_id].hint
    assert reason in line and "\n" not in line
    return line


def test_at_least_20_exercises_two_per_section_all_four_kinds():
    assert len(EXERCISES) >= 20 and len(BY_ID) == len(EXERCISES)
    for section in range(1, 8):
        assert sum(exercise.section == section for exercise in EXERCISES) >= 2, section
    assert {exercise.kind for exercise in EXERCISES} == set(exercises.KINDS)
    for exercise in EXERCISES:
        assert re.fullmatch(r"\d\.\d[a-z]", exercise.id)
        assert re.search(r"[\u4e00-\u9fff]", exercise.title + exercise.prompt)  # bilingual
        assert re.search(r"[A-Za-z]{4}", exercise.prompt)


@pytest.mark.parametrize("exercise_id", PREDICT)
def test_predict_check_right_for_the_solution_wrong_for_another_number(exercise_id, tmp_path):
    answer = ANSWERS[exercise_id]
    assert_right(exercise_id, answer, tmp_path)
    wrong_number = str(float(answer.replace(",", "")) + 1)
    assert_wrong(exercise_id, wrong_number, tmp_path, f"{wrong_number} is not it")


def test_numbers_are_read_in_any_reasonable_format(tmp_path):
    for answer in ("100480", "100,480", "100 480", "100_480", "100480.0"):
        assert_right("2.5a", answer, tmp_path)
    for answer in ("2.3", "2.30", "2.3026"):
        assert_right("2.6a", answer, tmp_path)
    assert_wrong("2.6a", "2.4", tmp_path)
    with pytest.raises(CourseError, match=r"^2.5a: 'many' is not a number$"):
        exercises.check("2.5a", "many", tmp_path)
    with pytest.raises(CourseError, match=r"^2.5a needs your answer: python -m mnist_course.exercises check 2.5a NUMBER$"):
        exercises.check("2.5a", None, tmp_path)


def test_the_predicted_numbers_agree_with_keras_and_the_data(mnist_dir):
    """What each predict check expects, computed another way: by Keras, or from the real files."""
    from mnist_course import digits
    from mnist_course.legacy import read_data_sets
    from tools import draw_figures as figures

    import tensorflow as tf

    keras = figures.keras
    numbers = {exercise_id: float(ANSWERS[exercise_id].replace(",", "")) for exercise_id in PREDICT}
    assert numbers["1.1a"] == read_data_sets(str(mnist_dir)).train.num_examples / 100
    with gzip.open(mnist_dir / "train-images-idx3-ubyte.gz") as file:
        assert numbers["1.3a"] == len(file.read())
    dense = keras.Sequential([keras.Input((784,)), keras.layers.Dense(128)])
    assert numbers["2.5a"] == dense.count_params()
    uniform = keras.losses.categorical_crossentropy(np.eye(10)[:1], np.full((1, 10), 0.1))
    assert numbers["2.6a"] == pytest.approx(float(uniform[0]), abs=0.005)
    for name in ("EXAMPLE_W1", "EXAMPLE_B1", "EXAMPLE_W2", "EXAMPLE_B2"):  # the README's example
        np.testing.assert_array_equal(getattr(catalogue, name), getattr(figures, name))
    example = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3, "relu"), keras.layers.Dense(3)])
    example.set_weights([figures.EXAMPLE_W1.T, figures.EXAMPLE_B1, figures.EXAMPLE_W2.T, figures.EXAMPLE_B2])
    assert numbers["2.6b"] == pytest.approx(float(example(np.array([[0.0, 1.0]]))[0, 0]), abs=1e-6)
    image, pools = keras.ops.zeros((1, 28, 28, 1)), 0
    while image.shape[1] > 1:
        image, pools = keras.layers.MaxPooling2D((2, 2))(image), pools + 1
    assert numbers["4.2a"] == pools
    cnn = figures.lesson_model("MNISTCNN.py")
    pooling = [layer for layer in cnn.layers if type(layer).__name__ == "MaxPooling2D"]
    assert numbers["7.1a"] == pooling[0].output.shape[-1]
    pooled_by_4 = keras.layers.MaxPooling2D((4, 4))(keras.ops.zeros((1, *pooling[0].input.shape[1:])))
    assert numbers["4.3a"] == keras.layers.Flatten()(pooled_by_4).shape[-1]
    conv = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(16, (5, 5))])
    assert numbers["4.4a"] == conv.count_params()
    assert numbers["5.2c"] == int(tf.data.Dataset.range(55000).batch(64).cardinality())  # the steps fit() takes
    assert numbers["6.1a"] == digits._resized(np.ones((300, 120)), digits.DIGIT_BOX).shape[1]


@pytest.mark.parametrize("exercise_id", sorted(WRITE_FILES))
def test_write_check_right_for_the_solution_wrong_for_a_slip(exercise_id, solved, tmp_path):
    assert_right(exercise_id, None, solved)
    slipped = tmp_path / "course"
    (slipped / "exercises").mkdir(parents=True)
    (slipped / "output").symlink_to(solved / "output")
    solution = (SOLUTIONS / WRITE_FILES[exercise_id]).read_text(encoding="utf-8")
    correct, slip = SLIPS[exercise_id]
    assert correct in solution
    (slipped / "exercises" / WRITE_FILES[exercise_id]).write_text(solution.replace(correct, slip))
    assert_wrong(exercise_id, None, slipped)


def test_a_learner_file_that_raises_is_wrong_in_one_line_and_a_missing_one_is_named(solved, tmp_path):
    (tmp_path / "exercises").mkdir()
    (tmp_path / "output").symlink_to(solved / "output")
    (tmp_path / "exercises" / "my_one_hot.py").write_text("def one_hot(labels, classes):\n    return 1 / 0\n")
    line = assert_wrong("2.8a", None, tmp_path, "your one_hot() raised ZeroDivisionError (line 2): division by zero")
    (tmp_path / "exercises" / "my_one_hot.py").write_text("def one_hot(labels, classes)\n")
    with pytest.raises(CourseError, match=r"^exercises/my_one_hot.py: SyntaxError \(line 1\)"):
        exercises.check("2.8a", None, tmp_path)
    with pytest.raises(CourseError, match=r"^exercises/my_convolution.py: not found; write it first, "
                                          r"with a function convolve\(\)$"):
        exercises.check("4.1a", None, tmp_path)
    assert "Traceback" not in line


def test_change_checks_right_for_the_changed_lessons_runs(solved):
    for exercise_id in ("3.2a", "3.2b", "5.2a", "5.2b"):
        assert_right(exercise_id, solution_answer(exercise_id, solved), solved)


def test_change_checks_wrong_for_the_untouched_course(untouched):
    assert_wrong("3.2a", None, untouched, "output/mnist_softmax.h5 has layers 512, 512, 10, not 128 (relu) then 10")
    assert_wrong("3.2b", "training", untouched, "trained on 3000 images, not 1,000")
    assert_wrong("5.2a", "training", untouched, "output/mnist_cnn.h5 still has 2 Dropout layer(s)")
    assert_wrong("5.2b", None, untouched, "MNISTCNN.py has MAX_SHIFT = 1, not 0")


def test_a_conclusion_the_run_does_not_show_is_wrong(solved):
    for exercise_id in ("3.2b", "5.2a"):
        other = {"training": "validation", "validation": "training"}[solution_answer(exercise_id, solved)]
        assert_wrong(exercise_id, other[:5], solved, f"{other} is not what your run's last epoch says")
    with pytest.raises(CourseError, match=r"^5.2a: 'maybe' is not one of training or validation$"):
        exercises.check("5.2a", "maybe", solved)


def test_a_lesson_changed_after_its_run_is_not_taken_for_the_run(solved, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(solved / "output", course / "output")
    shutil.copy(solved / "MNISTCNN.py", course)  # copied after the reports: newer than the run
    assert_wrong("5.2b", None, course, "output/mnist_cnn_report.json is older than your change")


def test_handwriting_checks(solved, tmp_path):
    digit = written(solved)
    assert_right("6.1b", str(digit["right"]), solved)
    assert_wrong("6.1b", str((digit["right"] + 1) % 10), solved, "the model reads my_digit.png as")
    assert_right("6.3a", str(digit["wrong"]), solved)
    # A "wrong" digit the model reads right, and one without what the model saw, are not solutions.
    course = tmp_path / "course"
    (course / "exercises" / "seen").mkdir(parents=True)
    (course / "output").symlink_to(solved / "output")
    shutil.copy(solved / "exercises" / "my_digit.png", course / "exercises" / "my_wrong_digit.png")
    assert_wrong("6.3a", str(digit["right"]), course, "exercises/seen/my_wrong_digit_28x28.png is missing")
    shutil.copy(solved / "exercises" / "seen" / "my_wrong_digit_28x28.png", course / "exercises" / "seen")
    assert_wrong("6.3a", str(digit["right"]), course, f"the model reads your {digit['right']} right")
    with pytest.raises(CourseError, match=r"^6.1b: '12' is not a digit 0-9$"):
        exercises.check("6.1b", "12", solved)


def test_every_check_of_the_solved_course_from_the_command_line(solved):
    """As a learner runs them: one line each, exit 0, no TensorFlow imported, each within 5 s."""
    script = ("import sys, time\n"
              "from mnist_course import exercises\n"
              "for exercise_id, answer in zip(sys.argv[1::2], sys.argv[2::2]):\n"
              "    start = time.perf_counter()\n"
              "    right, line = exercises.check(exercise_id, answer or None)\n"
              "    print(f'{time.perf_counter() - start:.2f} {line}')\n"
              "print('tensorflow' in sys.modules)\n")
    pairs = [(exercise.id, solution_answer(exercise.id, solved) or "") for exercise in EXERCISES]
    result = subprocess.run([sys.executable, "-c", script, *[text for pair in pairs for text in pair]],
                            cwd=solved, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    *lines, imported_tensorflow = result.stdout.splitlines()
    assert imported_tensorflow == "False"
    for (exercise_id, _), line in zip(pairs, lines, strict=True):
        seconds, said = line.split(" ", 1)
        assert said.startswith(f"{exercise_id} right 对: "), said
        assert float(seconds) <= 5, line  # the limit for one check
    listing = subprocess.run([sys.executable, "-m", "mnist_course.exercises"], cwd=solved,
                             env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True)
    assert listing.returncode == 0
    assert len([line for line in listing.stdout.splitlines() if " right 对 " in line]) == len(EXERCISES)


def run_exercises(root, *arguments):
    return subprocess.run([sys.executable, "-m", "mnist_course.exercises", *arguments], cwd=root,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=60)


def test_command_line_exit_statuses_status_file_and_one_line_errors(tmp_path):
    listing = run_exercises(tmp_path)
    assert listing.returncode == 0
    assert [line.split()[0] for line in listing.stdout.splitlines()[:-1]] == list(BY_ID)
    assert all("not tried 未做" in line for line in listing.stdout.splitlines()[:-1])

    right = run_exercises(tmp_path, "check", "4.4a", "416")
    assert (right.returncode, right.stdout) == (0, f"4.4a right 对: 5 × 5 × 1 × 16 + 16 = 416\n")
    wrong = run_exercises(tmp_path, "check", "2.5a", "7,850")
    assert wrong.returncode == 1 and wrong.stdout.startswith("2.5a wrong 错: 7,850 is not it. Hint 提示: reread README 2.5")
    assert json.loads((tmp_path / "output" / "exercises.json").read_text()) == {"4.4a": "right", "2.5a": "wrong"}
    assert [path.name for path in (tmp_path / "output").iterdir()] == ["exercises.json"]  # no temporary left
    statuses = {line.split()[0]: line.split()[1] for line in run_exercises(tmp_path).stdout.splitlines()[:-1]}
    assert (statuses["4.4a"], statuses["2.5a"], statuses["1.1a"]) == ("right", "wrong", "not")

    for arguments, message in [
            (("check", "3.1a"), "error: exercises/my_softmax_forward.py: not found; write it first, "
                                "with a function forward()"),
            (("check", "3.2a"), "error: output/mnist_softmax.h5: not found; run python MNISTSoftmax.py first"),
            (("check", "6.1b", "7"), "error: exercises/my_digit.png: not found; save your photo or drawing "
                                     "there (.png, .jpg, .bmp or .gif)"),
            (("check", "9.9z"), "error: no exercise '9.9z'; python -m mnist_course.exercises lists them")]:
        result = run_exercises(tmp_path, *arguments)
        assert (result.returncode, result.stderr) == (1, message + "\n"), result.stderr
    (tmp_path / "exercises").mkdir()
    shutil.copy(SOLUTIONS / "my_feature_maps.py", tmp_path / "exercises")
    result = run_exercises(tmp_path, "check", "7.1b")
    assert (result.returncode, result.stderr) == (1, "error: output/mnist_cnn.h5: not found; run python MNISTCNN.py first\n")


def test_a_damaged_status_file_is_named_and_left_as_it_is(tmp_path):
    (tmp_path / "output").mkdir()
    damaged = tmp_path / "output" / "exercises.json"
    damaged.write_text('{"2.5a": "rig')
    for arguments in ((), ("check", "2.5a", "100480")):
        result = run_exercises(tmp_path, *arguments)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert result.stderr == ("error: output/exercises.json: not the exercises' status file; move it away "
                                 "and check again (the statuses then start from 'not tried')\n")
    assert damaged.read_text() == '{"2.5a": "rig'


def test_the_checks_do_not_need_the_solutions_folder():
    for path in (REPO / "mnist_course" / "exercises").glob("*.py"):
        assert "solutions" not in path.read_text(encoding="utf-8"), path


def test_each_readme_section_ends_with_its_exercises():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for section in range(1, 8):
        start = readme.index(f"\n## {section}. ")
        end = readme.index("\n## ", start + 1)
        body = readme[start:end]
        heading = re.search(rf"\n### {section}\.\d+ 练习 / Exercises\n", body)
        assert heading, f"section {section} has no exercises heading"
        exercises_block = body[heading.end():]
        assert "\n### " not in exercises_block, f"section {section}: the exercises are not its last part"
        assert "python -m mnist_course.exercises check" in exercises_block
        for exercise in EXERCISES:
            assert (f"**{exercise.id}**" in exercises_block) == (exercise.section == section), exercise.id


def test_mnist_in_the_download_cache_is_found_and_no_mnist_is_one_line(mnist_dir, tmp_path):
    """After an online run MNIST is in the course's download cache only; the checks read it there."""
    cache = tmp_path / "cache" / "mnist_course"
    cache.mkdir(parents=True)
    for path in mnist_dir.glob("*-ubyte.gz"):
        (cache / path.name).symlink_to(path)
    (tmp_path / "exercises").mkdir()
    shutil.copy(SOLUTIONS / "my_one_hot.py", tmp_path / "exercises")
    environment = {key: value for key, value in os.environ.items() if key != "MNIST_DATA_DIR"}
    environment.update(PYTHONPATH=str(REPO), XDG_CACHE_HOME=str(tmp_path / "cache"), KERAS_HOME=str(tmp_path / "keras"))
    command = [sys.executable, "-m", "mnist_course.exercises", "check", "2.8a"]
    found = subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=60)
    assert found.returncode == 0 and found.stdout.startswith("2.8a right 对: "), found.stderr
    shutil.rmtree(cache)
    missing = subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=60)
    assert (missing.returncode, missing.stderr) == (1, "error: MNIST: not found on this computer; run python "
                                                       "IntroduceMNISTKeras.py first (it downloads MNIST once)\n")
