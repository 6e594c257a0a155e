"""Draw a digit in your browser and watch the trained model answer, and look inside it, live.

在浏览器里手写一个数字，边写边看模型的回答：十个数字的概率、模型真正看到的 28x28 图像，
以及卷积网络每个卷积层和池化层输出的特征图。图像的预处理与 MNISTPredict.py 完全相同
（mnist_course/digits.py），页面只在本机 127.0.0.1 上运行，不需要联网。

Run:    python MNISTDraw.py [--model output/mnist_cnn.h5] [--port 8000] [--no-browser]
Expect: "Draw a digit 请写一个数字: http://127.0.0.1:8000/"; the page opens in your browser.
        Ctrl-C stops the server.
Train a model first: python MNISTCNN.py (or MNISTSoftmax.py, then --model output/mnist_softmax.h5).
"""
import argparse
from pathlib import Path

import numpy as np

from mnist_course import cli, draw_server, models

DEFAULT_MODEL = Path("output") / "mnist_cnn.h5"


def port_number(text):
    """argparse type for --port: 0 (any free port) to 65535."""
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number from 0 to 65535")
    return int(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False,
                                     formatter_class=cli.HelpFormatter)
    parser.add_argument("--model", default=str(DEFAULT_MODEL),
                        help="a Keras model trained on MNIST (.h5 or .keras)")
    parser.add_argument("--port", type=port_number, default=8000,
                        help="port on 127.0.0.1; 0 picks a free one")
    parser.add_argument("--no-browser", action="store_true",
                        help="only print the page's address, do not open a browser")
    args = parser.parse_args()

    # 1. The model, loaded as safely as MNISTPredict.py loads it.
    #    模型：与 MNISTPredict.py 一样安全地加载。
    model = models.load_model(args.model, default=args.model == str(DEFAULT_MODEL))
    keras = cli.import_keras()

    # 2. The model's answer to the digits the server found in the drawings (n x 28 x 28, by the
    #    same digits.find_readings as MNISTPredict.py): one direct call of the model. The server's one
    #    model thread passes all the drawings waiting at that moment, so a busy page costs one call.
    #    predict_on_batch, not predict: predict sets up a whole loop on every call (60 ms or more
    #    for one image), too slow to answer while the pen moves.
    #    服务器预处理好的图像一次送进模型；同时等待的图像合成一批，只调用一次。
    def predict(images):
        probabilities = model.predict_on_batch(models.model_input(model, images))
        models.check_probabilities(probabilities, args.model)  # the page's error line, not NaN
        return probabilities

    # 3. Looking inside: a second model over the same layers (same weights, nothing copied) whose
    #    outputs are the feature maps after each convolution and pooling. It is called only for the
    #    digit the page shows them for: copying every layer's maps out for every image the first
    #    call reads took longer than the model itself (README 7). A softmax model has no such layers.
    #    用同一组层再建一个模型，输出每个卷积层、池化层的特征图；只为页面显示的那一位调用。
    shown_layers = [layer for layer in model.layers
                    if isinstance(layer, (keras.layers.Conv2D, keras.layers.MaxPooling2D))]
    inside = keras.Model(model.inputs, [layer.output for layer in shown_layers]) if shown_layers else None

    def feature_maps(images):
        if inside is None:
            return {}
        maps = inside.predict_on_batch(models.model_input(model, images))
        maps = maps if len(shown_layers) > 1 else [maps]  # one output comes unlisted
        return {layer.name: layer_maps for layer, layer_maps in zip(shown_layers, maps)}

    # The first calls trace the models, once for one image and once more for any number of them:
    # do it now rather than at the first drawings.
    for count in (1, 2):
        predict(np.zeros((count, 28, 28), np.float32))
        feature_maps(np.zeros((count, 28, 28), np.float32))

    # 4. The page, served on this computer only. 只在本机提供网页。
    server = draw_server.start(predict, feature_maps, args.port)
    url = f"http://127.0.0.1:{server.server_port}/"
    print(f"Draw a digit 请写一个数字: {url}   (Ctrl-C to stop 停止)", flush=True)
    if not args.no_browser:
        draw_server.open_browser(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nStopped 已停止.")
    finally:
        server.server_close()


if __name__ == "__main__":
    cli.run(main)
