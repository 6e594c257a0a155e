// The page of MNISTDraw.py: draw on the canvas; while the pen moves, the drawing is sent as a PNG
// to the server on this computer (POST /predict), which answers with the number read, each digit's
// ten probabilities and the 28x28 image the model saw, and the CNN's feature maps of the first digit.
// 在画布上写字；笔在移动时就把画布（PNG）发给本机的服务器，显示它的回答。
"use strict";

const INK_WIDTH = 18;  // canvas pixels: the canvas is 280 px tall, 10x MNIST's 28 px, so a pen of ~2 px there
const UNSURE = 0.8;    // a digit below this probability is marked "?", as in MNISTPredict.py (reading.UNSURE)
const MAP_SIZE = 48;   // screen pixels per feature map, whatever its size (26x26, 12x12, ...)

const canvas = document.getElementById("canvas");
const pen = canvas.getContext("2d");
const digitBox = document.getElementById("digit");
const statusLine = document.getElementById("status");
const barList = document.getElementById("bars");
const latencyLine = document.getElementById("latency");
const seen = document.getElementById("input28").getContext("2d");
const layersBox = document.getElementById("layers");
const digitsBox = document.getElementById("digits");

let strokePointer = null;  // the pointer (mouse, finger or pen) drawing the current stroke
let lastPoint = null;
let hasInk = false;
let drawingNumber = 0;     // goes up at Clear, so a late answer about an erased drawing is dropped
let requestInFlight = false;
let drawingChanged = false;  // the drawing changed while a request was in flight: send it next

for (let digit = 0; digit < 10; digit++) {
  barList.insertAdjacentHTML("beforeend",
    `<li><span class="label">${digit}</span><span class="track"><span class="fill"></span></span>` +
    `<span class="percent"></span></li>`);
}

function clearDrawing() {
  pen.save();
  pen.fillStyle = "white";  // white paper, black ink: the server inverts it, as MNISTPredict does
  pen.fillRect(0, 0, canvas.width, canvas.height);
  pen.restore();
  hasInk = false;
  drawingNumber += 1;
  drawingChanged = false;
  showBlank();
}

function canvasPoint(event) {
  // The canvas may be shown at another size than its 560x280 pixels.
  const box = canvas.getBoundingClientRect();
  return {x: (event.clientX - box.left) * canvas.width / box.width,
          y: (event.clientY - box.top) * canvas.height / box.height};
}

function drawTo(point) {
  pen.beginPath();
  pen.moveTo(lastPoint.x, lastPoint.y);
  pen.lineTo(point.x, point.y);
  pen.stroke();
  lastPoint = point;
}

canvas.addEventListener("pointerdown", event => {
  if (strokePointer !== null || event.button !== 0) return;  // one stroke at a time, main button
  strokePointer = event.pointerId;
  canvas.setPointerCapture(event.pointerId);
  lastPoint = canvasPoint(event);
  pen.beginPath();  // a dot, so that a tap leaves ink too
  pen.arc(lastPoint.x, lastPoint.y, INK_WIDTH / 2, 0, 2 * Math.PI);
  pen.fill();
  hasInk = true;
  sendDrawing();
});

canvas.addEventListener("pointermove", event => {
  if (event.pointerId !== strokePointer) return;
  // A fast stroke delivers several positions per event; drawing them all keeps curves smooth.
  const moves = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
  for (const move of moves.length ? moves : [event]) drawTo(canvasPoint(move));
  sendDrawing();
});

for (const type of ["pointerup", "pointercancel"]) {
  canvas.addEventListener(type, event => {
    if (event.pointerId === strokePointer) strokePointer = null;
  });
}

document.getElementById("clear").addEventListener("click", clearDrawing);

// At most one request in flight: while it travels, changes only mark the drawing as changed, and
// the newest drawing is sent when the answer arrives. A slow computer gets fewer, never stale, answers.
function sendDrawing() {
  if (!hasInk) return;
  if (requestInFlight) {
    drawingChanged = true;
    return;
  }
  requestInFlight = true;
  drawingChanged = false;
  const number = drawingNumber;
  const started = performance.now();
  canvas.toBlob(async png => {
    try {
      const response = await fetch("/predict", {method: "POST", body: png,
                                                headers: {"Content-Type": "image/png"}});
      const answer = await response.json();
      if (number !== drawingNumber) return;
      if (response.ok) showAnswer(answer, performance.now() - started);
      else showError(answer.error);
    } catch (error) {
      if (number === drawingNumber) {
        showError("服务器没有回应：MNISTDraw.py 还在运行吗？ / No answer: is MNISTDraw.py still running?");
      }
    } finally {
      requestInFlight = false;
      if (drawingChanged) sendDrawing();
    }
  }, "image/png");
}

function showBlank() {
  digitBox.textContent = "?";
  digitBox.classList.add("blank");
  statusLine.textContent = "请写一个数字 / Draw a digit";
  statusLine.classList.remove("error");
  showBars(null);
  seen.clearRect(0, 0, 28, 28);
  digitsBox.replaceChildren();
  latencyLine.textContent = "";
  layersBox.replaceChildren();
}

function showError(message) {
  showBlank();
  statusLine.textContent = message;
  statusLine.classList.add("error");
}

function showAnswer(answer, milliseconds) {
  digitBox.textContent = answer.number;
  digitBox.classList.remove("blank");
  statusLine.textContent = answer.digits.map(digit => {
    const best = Math.max(...digit.probabilities);
    return `${(100 * best).toFixed(1)}%${best < UNSURE ? "?" : ""}`;
  }).join(" · ") + " 把握 / sure";
  statusLine.classList.remove("error");
  showDigits(answer.digits);
  latencyLine.textContent = `延迟 / latency ${Math.round(milliseconds)} ms ` +
    `(服务器 / server ${answer.server_ms.toFixed(1)} ms)`;
  showLayers(answer.layers);
}

function showDigits(digits) {
  // One small 28x28 per digit, its best guess under it; the chosen one's bars and large 28x28 beside.
  digitsBox.replaceChildren(...digits.map((digit, place) => {
    const best = digit.probabilities.indexOf(Math.max(...digit.probabilities));
    const figure = document.createElement("figure");
    const picture = document.createElement("canvas");
    picture.width = picture.height = 28;
    paint28(picture.getContext("2d"), digit.image);
    const caption = document.createElement("figcaption");
    caption.textContent = `${best} ${(100 * digit.probabilities[best]).toFixed(1)}%`;
    figure.classList.toggle("unsure", digit.probabilities[best] < UNSURE);
    figure.append(picture, caption);
    figure.addEventListener("click", () => chooseDigit(digits, place));
    return figure;
  }));
  chooseDigit(digits, 0);
}

function chooseDigit(digits, place) {
  const probabilities = digits[place].probabilities;
  showBars(probabilities, probabilities.indexOf(Math.max(...probabilities)));
  paint28(seen, digits[place].image);
  [...digitsBox.children].forEach((figure, index) => figure.classList.toggle("chosen", index === place));
}

function showBars(probabilities, best) {
  barList.querySelectorAll("li").forEach((bar, digit) => {
    const probability = probabilities ? probabilities[digit] : 0;
    if (probabilities) bar.dataset.probability = probability;
    else delete bar.dataset.probability;
    bar.classList.toggle("top", digit === best);
    bar.querySelector(".fill").style.width = `${100 * probability}%`;
    bar.querySelector(".percent").textContent = probabilities ? `${(100 * probability).toFixed(1)}%` : "";
  });
}

function paint28(context, image) {
  // The 28x28 values in [0, 1] as gray pixels: white ink on black, exactly what the model got.
  const pixels = context.createImageData(28, 28);
  image.flat().forEach((value, index) => {
    const gray = Math.round(255 * value);
    pixels.data.set([gray, gray, gray, 255], 4 * index);
  });
  context.putImageData(pixels, 0, 0);
}

function showLayers(layers) {
  if (layers.length === 0) {
    layersBox.textContent = "这个模型没有卷积层（softmax 模型），没有特征图可看。" +
      " / This model has no convolution layers (a softmax model): no feature maps to show.";
    return;
  }
  if (layersBox.children.length !== layers.length) {
    layersBox.replaceChildren(...layers.map(layer => {
      const [height, width, count] = layer.shape;
      const columns = Math.min(8, count);  // as the server tiles them
      const figure = document.createElement("figure");
      const picture = document.createElement("img");
      picture.width = Math.max(1, Math.round(MAP_SIZE / width)) * (columns * (width + 1) - 1);
      picture.alt = layer.name;
      const caption = document.createElement("figcaption");
      caption.textContent = `${layer.name}：${count} 张 ${height}×${width} 特征图 / ${count} maps of ${height}×${width}`;
      figure.append(picture, caption);
      return figure;
    }));
  }
  layers.forEach((layer, index) => { layersBox.children[index].querySelector("img").src = layer.png; });
}

pen.lineWidth = INK_WIDTH;
pen.lineCap = "round";
pen.lineJoin = "round";
pen.strokeStyle = pen.fillStyle = "black";
clearDrawing();
