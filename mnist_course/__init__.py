"""Plumbing shared by the lessons: data, options, plots, saving, reports.

课程共用的工具：数据、命令行选项、图表、保存与报告。The lessons themselves
(IntroduceMNIST.py, MNISTSoftmax.py, ...) show the Keras calls they teach.
"""


class CourseError(Exception):
    """An expected mistake (bad data, flag, image or model file): shown as one line, no traceback."""
