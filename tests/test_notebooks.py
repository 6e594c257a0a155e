"""Each lesson also runs as a notebook (Jupytext percent cells), cell by cell in a real kernel."""
import jupytext
import nbclient
import nbformat
import pytest

from conftest import REPO

EPOCHS = 1  # of the quick training runs below
QUICK = {  # lesson -> quick options for its first cell, the files it must write
    "IntroduceMNIST.py": ("", ["introduce_mnist_samples.png"]),
    "IntroduceMNISTKeras.py": ("", ["introduce_mnist_keras_samples.png"]),
    "MNISTSoftmax.py": (f"--epochs {EPOCHS} --train-limit 2000",
                        ["mnist_softmax.h5", "mnist_softmax_history.png", "mnist_softmax_report.json"]),
    "MNISTCNN.py": (f"--epochs {EPOCHS} --train-limit 2000 --batch-size 32",
                    ["mnist_cnn.h5", "mnist_cnn_structure.png", "mnist_cnn_feature_maps.png",
                     "mnist_cnn_report.json"]),
}


@pytest.mark.parametrize("lesson", sorted(QUICK))
def test_lesson_runs_as_a_notebook(lesson, tmp_path, mnist_dir):
    options, files = QUICK[lesson]
    notebook = jupytext.read(REPO / lesson)
    assert any(cell.cell_type == "markdown" and cell.source.startswith("## 1.") for cell in notebook.cells)
    # The quick settings, as a learner would set them in a first cell of their own.
    notebook.cells.insert(0, nbformat.v4.new_code_cell(
        f"import os\nos.environ['MNIST_COURSE_ARGS'] = {options + ' --output-dir ' + str(tmp_path)!r}"))
    nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(REPO)}}).execute()

    outputs = [output for cell in notebook.cells for output in cell.get("outputs", [])]
    assert not [output for output in outputs if output.output_type == "error"]
    errors = "".join(output.text for output in outputs if output.output_type == "stream" and output.name == "stderr")
    assert "Traceback" not in errors and "error" not in errors.lower(), errors
    images = [output for output in outputs if "image/png" in output.get("data", {})]
    assert len(images) >= 1  # figures appear inline, under their cells
    for name in files:
        assert (tmp_path / name).is_file(), name
    # In a notebook the markdown cells are the headings: the script's printed ones are not repeated.
    assert not any("=== 1." in output.get("text", "") for output in outputs)
    # Training shows a line per epoch, not a bar whose every redraw the notebook keeps as an output.
    training_cells = [cell for cell in notebook.cells if "model.fit(" in cell.source]
    assert len(training_cells) == ("--epochs" in options)
    for cell in training_cells:
        training_text = "".join(output.get("text", "") for output in cell.outputs)
        assert len(cell.outputs) <= EPOCHS + 6 and "\b" not in training_text, training_text


def test_a_bad_option_in_a_notebook_is_one_line(tmp_path, mnist_dir):
    notebook = jupytext.read(REPO / "IntroduceMNISTKeras.py")
    notebook.cells.insert(0, nbformat.v4.new_code_cell(
        f"import os\nos.environ['MNIST_COURSE_ARGS'] = '--output-dir {tmp_path} --no-shw'"))
    with pytest.raises(nbclient.exceptions.CellExecutionError):
        nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                resources={"metadata": {"path": str(REPO)}}).execute()
    outputs = [output for cell in notebook.cells for output in cell.get("outputs", [])]
    assert [output.text for output in outputs if output.output_type == "stream"] == [
        "error: MNIST_COURSE_ARGS: unrecognized arguments: --no-shw\n"]
    assert not [output for output in outputs if output.output_type == "error"]


def test_an_interrupted_training_cell_says_to_run_it_again(tmp_path, mnist_dir):
    """In a notebook Ctrl-C is the kernel's interrupt (a KeyboardInterrupt in the running cell), and
    what resumes is the training cell, not a command."""
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(
            f"import os\nos.environ['MNIST_COURSE_ARGS'] = '--output-dir {tmp_path}'\n"
            "from mnist_course import cli, training\n"
            "options = cli.lesson_options('MNISTSoftmax.py', 'test', epochs=1, batch_size=8)\n"
            f"backup = training.Backup({str(tmp_path / 'backup')!r}, options, 80)"),
        nbformat.v4.new_code_cell("raise KeyboardInterrupt  # what the kernel's interrupt does mid-fit()")])
    with pytest.raises(nbclient.exceptions.CellExecutionError):
        nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                resources={"metadata": {"path": str(REPO)}}).execute()
    backup_cell, interrupted_cell = notebook.cells
    assert "Interrupting the kernel (■) stops training; run this cell again" in backup_cell.outputs[-1].text
    assert [(output.output_type, output.get("text")) for output in interrupted_cell.outputs] == [
        ("stream", "Interrupted (Ctrl-C) 已中断. To continue from the last finished epoch, run the training "
                   "cell again.\n")]
