"""The training helpers on their own, against numbers worked out by hand: the time estimate, the
shifted batches, and the precision --precision auto picks."""
import numpy as np
import pytest

from mnist_course import training

keras = training.keras


class Clock:
    """time.perf_counter that moves only when the test says so."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


@pytest.mark.parametrize("epochs, first_epoch, seconds_per_step, expected", [
    (5, 0, 0.5, "about 4 min on this machine 本机预计训练时间 (500 ms per step, 500 steps)"),  # 1.05 x 250 s
    (5, 2, 0.5, "about 3 min on this machine 本机预计训练时间 (500 ms per step, 300 steps)"),  # resumed at epoch 3
    (1, 0, 0.4, "about 42 s on this machine 本机预计训练时间 (400 ms per step, 100 steps)"),  # 1.05 x 40 s
])
def test_timer_estimates_the_steps_left_from_the_measured_ones(epochs, first_epoch, seconds_per_step, expected,
                                                               monkeypatch, capsys):
    clock = Clock()
    monkeypatch.setattr(training.time, "perf_counter", clock)
    timer = training.Timer()
    timer.set_params({"steps": 100, "epochs": epochs})
    timer.on_train_begin()
    timer.on_epoch_begin(first_epoch)
    for batch in range(100):
        clock.now += 5.0 if batch <= timer.SKIPPED_STEPS else seconds_per_step  # slow first steps: not timed
        timer.on_train_batch_end(batch)
    assert capsys.readouterr().out == f"\nTraining will take {expected}\n"


def test_timer_reports_the_median_epoch(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(training.time, "perf_counter", clock)
    timer = training.Timer()
    timer.set_params({"steps": 0, "epochs": 3})
    timer.on_train_begin()
    assert timer.seconds_per_epoch() is None
    for epoch, seconds in enumerate([9.0, 2.0, 3.0]):  # the first epoch also builds the model
        timer.on_epoch_begin(epoch)
        clock.now += seconds
        timer.on_epoch_end(epoch)
    assert timer.seconds_per_epoch() == 3.0


def moved(image, rows, columns):
    """The image moved down by `rows` and right by `columns` pixels (negative: up, left), black filling in."""
    result = np.zeros_like(image)
    height, width = image.shape[:2]
    result[max(rows, 0):height + min(rows, 0), max(columns, 0):width + min(columns, 0)] = \
        image[max(-rows, 0):height - max(rows, 0), max(-columns, 0):width - max(columns, 0)]
    return result


@pytest.mark.parametrize("max_shift", [1, 2])
def test_shifted_batches_move_each_image_by_at_most_max_shift_pixels(max_shift):
    random = np.random.default_rng(0)
    images = np.zeros((96, 28, 28, 1), np.float32)
    images[:, 3:25, 3:25] = random.uniform(0.1, 1, (96, 22, 22, 1))  # ink clear of the border: no move loses any
    labels = np.arange(96)  # which image each one was
    moves = []
    for batch_images, batch_labels in training.shifted_batches(images, labels, 32, seed=7, max_shift=max_shift):
        for image, label in zip(batch_images.numpy(), batch_labels.numpy()):
            [move] = [(rows, columns) for rows in range(-max_shift, max_shift + 1)
                      for columns in range(-max_shift, max_shift + 1)
                      if np.array_equal(image, moved(images[label], rows, columns))]
            moves.append(move)
    assert len(moves) == 96  # every image once an epoch
    assert {rows for rows, _ in moves} == {columns for _, columns in moves} == set(range(-max_shift, max_shift + 1))


@pytest.mark.parametrize("cpuinfo, expected", [
    ("flags\t\t: fpu sse2 avx2 avx512f avx512_bf16\n", ("mixed_bfloat16", "this CPU has bfloat16 instructions")),
    ("flags\t\t: fpu sse2 avx2 amx_bf16 amx_tile\n", ("mixed_bfloat16", "this CPU has bfloat16 instructions")),
    ("flags\t\t: fpu sse2 avx2 avx512f avx512bw\n", ("float32", "no native bfloat16 here")),
    (OSError("no /proc/cpuinfo: not Linux"), ("float32", "no native bfloat16 here")),
])
def test_precision_auto_picks_bfloat16_only_on_a_cpu_that_has_it(cpuinfo, expected, monkeypatch, capsys):
    class FakeProcFile:
        def __init__(self, path):
            assert str(path) == "/proc/cpuinfo"

        def read_text(self):
            if isinstance(cpuinfo, OSError):
                raise cpuinfo
            return f"processor\t: 0\nmodel name\t: a CPU\n{cpuinfo}"

    monkeypatch.setattr(training, "Path", FakeProcFile)
    try:
        training.set_precision("auto")
        assert keras.mixed_precision.global_policy().name == expected[0]
        training.set_precision("float32")
        assert keras.mixed_precision.global_policy().name == "float32"
    finally:
        keras.mixed_precision.set_global_policy("float32")
    assert capsys.readouterr().out.splitlines() == [f"Precision 计算精度: {expected[0]} ({expected[1]})",
                                                   "Precision 计算精度: float32 (chosen with --precision)"]
