"""The test-set report: counts, per-class precision/recall/F1, confusion matrix, mistakes, JSON.

测试集报告：正确与错误数量、每个数字的精确率/召回率/F1、混淆矩阵、错例图，以及 JSON 文件。
"""
from pathlib import Path

import numpy as np

from mnist_course import plots, shown
from mnist_course.saving import write_json


def build(true_labels, probabilities, test_loss):
    """Everything the report says, computed from the model's predicted probabilities."""
    predicted = probabilities.argmax(axis=1)
    # confusion[true, predicted]: how often each true digit was read as each predicted digit
    confusion = np.bincount(true_labels * 10 + predicted, minlength=100).reshape(10, 10)
    correct = int(np.trace(confusion))
    per_class = {}
    for digit in range(10):
        hits = confusion[digit, digit]
        precision = hits / max(confusion[:, digit].sum(), 1)
        recall = hits / max(confusion[digit, :].sum(), 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-12)
        per_class[str(digit)] = {"precision": round(float(precision), 4), "recall": round(float(recall), 4),
                                 "f1": round(float(f1), 4), "support": int(confusion[digit].sum())}
    return {
        "test_accuracy": correct / len(true_labels),
        "test_loss": float(test_loss),
        "correct": correct,
        "incorrect": len(true_labels) - correct,
        "per_class": per_class,
        "confusion_matrix": confusion.tolist(),
    }


def print_table(report):
    print(f"{'digit':>5} {'precision':>9} {'recall':>7} {'f1':>7} {'support':>8}")
    for digit, scores in report["per_class"].items():
        print(f"{digit:>5} {scores['precision']:>9.4f} {scores['recall']:>7.4f} {scores['f1']:>7.4f} "
              f"{scores['support']:>8}")


def publish(name, output_dir, test_images, true_labels, probabilities, test_loss, training):
    """Print the per-class table; save the confusion matrix and the mistakes as PNG, the numbers as JSON.

    training: how the model was made (command, settings, history), kept in the JSON beside the results.
    """
    output_dir = Path(output_dir)
    report = build(true_labels, probabilities, test_loss)
    print_table(report)
    plots.save(plots.confusion_matrix(report["confusion_matrix"], f"{name}: confusion matrix (test set)"),
               output_dir / f"{name}_confusion_matrix.png")
    predicted = probabilities.argmax(axis=1)
    wrong = np.flatnonzero(predicted != true_labels)[:32]
    figure = plots.sample_grid(test_images[wrong], true_labels[wrong], f"{name}: misclassified test digits "
                               "(true → predicted)", predictions=predicted[wrong])
    plots.save(figure, output_dir / f"{name}_misclassified.png")
    write_json(output_dir / f"{name}_report.json", {**report, "training": training})
    print(f"Saved report 报告已保存: {shown(output_dir / f'{name}_report.json')}")
