"""The README's teaching figures and worked examples (sections 2 and 4), checked against Keras.

Every number in the README's generated blocks comes from tools/draw_figures.py. These tests check
that the README holds exactly that text (so neither the README nor the code can change alone), and
that the script's hand-written NumPy agrees with Keras computing the same thing its own way: layers,
tf.GradientTape, optimizers, Conv2D, MaxPooling2D, StringLookup, count_params().
"""
import matplotlib.image
import numpy as np
import pytest
import tensorflow as tf

from conftest import REPO, run_script
from mnist_course import CourseError
from tools import draw_figures as figures

keras = figures.keras
FIGURES = ["activation_functions.png", "convolution_edges.png", "forward_example.png", "perceptron_xor.png"]
README = REPO / "README.md"


@pytest.fixture(scope="module")
def drawn(tmp_path_factory, mnist_dir):
    output = tmp_path_factory.mktemp("figures")
    result = run_script("tools/draw_figures.py", output, "--data-dir", mnist_dir, timeout=300)
    assert result.returncode == 0, result.stderr
    return output


def test_the_script_draws_the_committed_figures_pixel_for_pixel(drawn):
    assert sorted(path.name for path in drawn.iterdir()) == FIGURES  # and no temporary file left
    for name in FIGURES:
        drawn_pixels = matplotlib.image.imread(drawn / name)
        committed_pixels = matplotlib.image.imread(REPO / "docs" / "figures" / name)
        assert drawn_pixels.shape == committed_pixels.shape, name
        differing = np.any(drawn_pixels != committed_pixels, axis=-1).sum()
        assert differing == 0, f"{name}: {differing} pixels differ; redraw with python tools/draw_figures.py"


def test_readme_holds_exactly_the_generated_blocks(mnist_dir):
    in_readme = figures.blocks_in(README.read_text(encoding="utf-8"))
    generated = figures.readme_blocks(mnist_dir)
    assert sorted(in_readme) == sorted(generated)
    for name, text in generated.items():
        assert in_readme[name] == text, f"README block {name!r}: run python tools/draw_figures.py --update-readme"


def test_update_readme_rewrites_the_blocks_and_nothing_else(tmp_path, mnist_dir):
    original = README.read_text(encoding="utf-8")
    stale = original.replace(figures.blocks_in(original)["forward"], "stale numbers")
    copy = tmp_path / "README.md"
    copy.write_text(stale, encoding="utf-8")
    figures.update_readme(copy, figures.readme_blocks(mnist_dir))
    assert copy.read_text(encoding="utf-8") == original

    copy.write_text("# a README without the blocks\n", encoding="utf-8")
    with pytest.raises(CourseError, match="no generated block named"):
        figures.update_readme(copy, {"forward": "text"})


def example_model():
    """The worked example in Keras, one layer per step: Dense keeps W transposed (inputs x outputs)."""
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3), keras.layers.Activation("relu"),
                              keras.layers.Dense(3), keras.layers.Activation("softmax")])
    model.set_weights([figures.EXAMPLE_W1.T, figures.EXAMPLE_B1, figures.EXAMPLE_W2.T, figures.EXAMPLE_B2])
    return model


def example_batch(example):
    return example["x"][None].astype("float32"), example["y"][None].astype("float32")


def test_forward_example_matches_a_keras_model_with_the_same_weights():
    example = figures.worked_example()
    model = example_model()
    x, y = example_batch(example)
    z1, a1, z2, p = keras.Model(model.inputs[0], [layer.output for layer in model.layers])(x)
    for name, value in {"z1": z1, "a1": a1, "z2": z2, "p": p}.items():
        np.testing.assert_allclose(example[name], np.asarray(value)[0], atol=1e-6, err_msg=name)
    np.testing.assert_allclose(example["p"], model.predict(x, verbose=0)[0], atol=1e-6)
    assert example["loss"] == pytest.approx(float(keras.losses.categorical_crossentropy(y, p)[0]), abs=1e-6)


def test_back_propagation_example_matches_gradient_tape():
    example = figures.worked_example()
    model = example_model()
    x, y = example_batch(example)
    dense1, relu, dense2, softmax = model.layers
    with tf.GradientTape() as tape:
        z1 = dense1(x)
        a1 = relu(z1)
        z2 = dense2(a1)
        loss = keras.losses.categorical_crossentropy(y, softmax(z2))
    gradients = tape.gradient(loss, [z2, a1, z1, dense1.kernel, dense1.bias, dense2.kernel, dense2.bias])
    dz2, da1, dz1, dW1, db1, dW2, db2 = (np.asarray(gradient) for gradient in gradients)
    expected = {"dz2": dz2[0], "da1": da1[0], "dz1": dz1[0], "dW1": dW1.T, "db1": db1, "dW2": dW2.T, "db2": db2}
    for name, value in expected.items():
        np.testing.assert_allclose(example[name], value, atol=1e-6, err_msg=name)


@pytest.mark.parametrize("seed", range(3))
def test_softmax_cross_entropy_gradient_is_p_minus_y(seed):
    generator = np.random.default_rng(seed)
    logits = tf.Variable(generator.normal(size=(4, 10)) * 3, dtype="float64")
    labels = np.eye(10)[generator.integers(0, 10, size=4)]
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(keras.losses.categorical_crossentropy(labels, keras.activations.softmax(logits)))
    np.testing.assert_allclose(tape.gradient(loss, logits), figures.softmax(logits.numpy()) - labels, atol=1e-9)


@pytest.mark.parametrize("optimizer, weights, loss", [("SGD", "new", "new_loss"), ("Adam", "adam", "adam_loss")])
def test_one_training_step_matches_the_keras_optimizer(optimizer, weights, loss):
    example = figures.worked_example()
    model = example_model()
    x, y = example_batch(example)
    with tf.GradientTape() as tape:
        step_loss = keras.losses.categorical_crossentropy(y, model(x))
    gradients = tape.gradient(step_loss, model.trainable_variables)
    getattr(keras.optimizers, optimizer)(figures.EXAMPLE_LEARNING_RATE).apply_gradients(
        zip(gradients, model.trainable_variables))
    W1, b1, W2, b2 = model.get_weights()
    for name, value in {"W1": W1.T, "b1": b1, "W2": W2.T, "b2": b2}.items():
        np.testing.assert_allclose(example[weights][name], value, atol=1e-5, err_msg=name)
    after = float(keras.losses.categorical_crossentropy(y, model(x))[0])
    assert example[loss] == pytest.approx(after, abs=1e-5)
    assert example[loss] < example["loss"]


@pytest.mark.parametrize("name", sorted(figures.ACTIVATIONS))
def test_activation_and_its_derivative_match_keras_and_autodiff(name):
    function, derivative = figures.ACTIVATIONS[name]
    z = np.linspace(-5, 5, 100)  # 0 is not among them: ReLU has no derivative there
    inputs = tf.Variable(z)
    with tf.GradientTape() as tape:
        outputs = getattr(keras.activations, name)(inputs)
    np.testing.assert_allclose(function(z), outputs, atol=1e-9)
    np.testing.assert_allclose(derivative(z), tape.gradient(outputs, inputs), atol=1e-9)  # one z per output


def test_softmax_curves_match_keras_and_autodiff():
    first = np.linspace(-5, 5, 100)
    logits = tf.Variable(np.column_stack([first, np.tile(figures.SOFTMAX_OTHER_LOGITS, (100, 1))]))
    with tf.GradientTape() as tape:
        probabilities = keras.activations.softmax(logits)
        first_probability = probabilities[:, 0]
    expected_probabilities, expected_slope = figures.softmax_curves(first)
    np.testing.assert_allclose(expected_probabilities, probabilities, atol=1e-9)
    np.testing.assert_allclose(expected_slope, tape.gradient(first_probability, logits)[:, 0], atol=1e-9)


def test_parameter_counts_match_count_params():
    for model in figures.lesson_models():
        counts = [figures.layer_parameters(layer)[1] for layer in model.layers]
        assert counts == [layer.count_params() for layer in model.layers], model.name
        assert sum(counts) == model.count_params()


def test_convolution_example_matches_conv2d(mnist_dir):
    digit, _ = figures.patch_digit(mnist_dir)
    images = digit[None, :, :, None].astype("float32") / 255  # as the CNN lesson scales them
    for kernel in (figures.VERTICAL_EDGES, figures.HORIZONTAL_EDGES):
        layer = keras.layers.Conv2D(1, (3, 3), use_bias=False)
        layer.build(images.shape)
        layer.set_weights([kernel[:, :, None, None].astype("float32")])
        np.testing.assert_allclose(figures.convolve(digit, kernel) / 255, layer(images)[0, :, :, 0], atol=1e-5)


def test_pooling_example_matches_max_pooling2d():
    for feature_map in figures.pooling_example().values():
        pooled = keras.layers.MaxPooling2D((2, 2))(feature_map[None, :, :, None].astype("float32"))
        np.testing.assert_array_equal(figures.max_pool(feature_map), pooled[0, :, :, 0])


def test_word_one_hot_matches_string_lookup_and_embedding_picks_a_row():
    words = figures.SENTENCE.split()
    vocabulary, vectors = figures.word_one_hot(figures.SENTENCE)
    lookup = keras.layers.StringLookup(vocabulary=vocabulary, num_oov_indices=0, output_mode="one_hot")
    np.testing.assert_array_equal(lookup(words), vectors)
    # The README: an Embedding layer gives what a one-hot vector times its weight matrix gives.
    embedding = keras.layers.Embedding(len(vocabulary), 4)
    rows = embedding(np.array([vocabulary.index(word) for word in words]))
    np.testing.assert_allclose(rows, vectors @ embedding.get_weights()[0], atol=1e-7)
