/*
 * Drawing boxes to blur over a photo (photos/redact.html).
 *
 * The page works without this script: its form has rows of four numbers per box
 * (percentages of the photo). The script only fills those same rows: a box drawn
 * with a mouse, a finger or a pen, or placed with the keyboard, goes into the
 * first empty row (a new row is added while fewer than the limit exist), and
 * each row gets a Remove button. What is posted is the rows, either way.
 *
 * Keyboard: focus the photo, move the dashed box with the arrow keys (Shift
 * with an arrow resizes it), Enter or Space adds it.
 */

import { el, format, readJson } from "../js/common.js";

const SVG = "http://www.w3.org/2000/svg";
const PARTS = ["left", "top", "width", "height"];
const STEP = 2; // percent per arrow key
const BIG_STEP = 10; // with Page Up/Down or Ctrl
const MIN_SIZE = 0.5; // a drag smaller than this (percent) is a click, not a box

const root = document.querySelector("[data-redact]");
const script = document.querySelector('script[src$="photos/redact.js"]');
if (root && script) start(root, Number(script.dataset.max) || 20, readJson("redact-labels") || {});

function start(root, max, labels) {
  const figure = root.querySelector(".redact-figure");
  const tbody = root.querySelector(".box-rows tbody");
  const status = root.querySelector(".redact-status");
  const keysHelp = root.querySelector("#redact-keys");
  const layer = document.createElementNS(SVG, "svg");
  layer.setAttribute("class", "draw-layer");
  layer.setAttribute("viewBox", "0 0 100 100");
  layer.setAttribute("preserveAspectRatio", "none");
  layer.setAttribute("aria-hidden", "true");
  figure.appendChild(layer);
  figure.classList.add("drawing");
  figure.querySelector("img").draggable = false;
  figure.tabIndex = 0;
  figure.setAttribute("role", "application");
  keysHelp.hidden = false;

  let cursor = { left: 40, top: 40, width: 20, height: 20 };
  let drag = null;

  const rows = () => Array.from(tbody.querySelectorAll("tr.box-row"));
  const inputs = (row) => PARTS.map((part) => row.querySelector(`input[name$="-${part}"]`));
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  const round = (v) => Math.round(v * 10) / 10;

  function say(text) {
    status.textContent = "";
    // A fresh text node each time, so a repeated message is announced again.
    window.setTimeout(() => { status.textContent = text; }, 30);
  }

  function boxOf(row) {
    const values = inputs(row).map((input) => (input.value.trim() === "" ? NaN : Number(input.value)));
    return values.every(Number.isFinite) ? values : null;
  }

  function rect(box, className) {
    const node = document.createElementNS(SVG, "rect");
    node.setAttribute("class", className);
    const [left, top, width, height] = box;
    node.setAttribute("x", left);
    node.setAttribute("y", top);
    node.setAttribute("width", Math.max(0, width));
    node.setAttribute("height", Math.max(0, height));
    return node;
  }

  function redraw() {
    while (layer.firstChild) layer.removeChild(layer.firstChild);
    for (const row of rows()) {
      const box = boxOf(row);
      if (box) layer.appendChild(rect(box, "drawn-box"));
    }
    if (drag && drag.box) layer.appendChild(rect(drag.box, "draw-cursor"));
    else if (document.activeElement === figure) {
      layer.appendChild(rect([cursor.left, cursor.top, cursor.width, cursor.height], "draw-cursor"));
    }
  }

  function addRow() {
    const all = rows();
    if (all.length >= max) return null;
    const row = all[all.length - 1].cloneNode(true);
    const index = all.length;
    row.querySelector("th").textContent = String(index + 1);
    for (const node of row.querySelectorAll("input, label")) {
      for (const attr of ["name", "id", "for"]) {
        const value = node.getAttribute(attr);
        if (value) node.setAttribute(attr, value.replace(/box-\d+-/, `box-${index}-`));
      }
      if (node.tagName === "INPUT") node.value = "";
      if (node.tagName === "LABEL") node.textContent = node.textContent.replace(/\d+/, String(index + 1));
    }
    row.querySelector("td:last-child").replaceChildren();
    tbody.appendChild(row);
    decorate(row);
    return row;
  }

  function add(box) {
    let row = rows().find((r) => inputs(r).every((input) => input.value.trim() === ""));
    if (!row) row = addRow();
    if (!row) {
      say(labels.full || "");
      return;
    }
    inputs(row).forEach((input, i) => { input.value = String(round(box[i])); });
    redraw();
    say(format(labels.box || "Box %(n)s", { n: rows().indexOf(row) + 1 }) + " ✓");
  }

  function decorate(row) {
    const cell = row.querySelector("td:last-child");
    const n = rows().indexOf(row) + 1;
    const button = el("button", "button-small button-secondary", labels.remove || "Remove");
    button.type = "button";
    button.setAttribute("aria-label", `${labels.remove || "Remove"}: ${format(labels.box || "Box %(n)s", { n })}`);
    button.addEventListener("click", () => {
      inputs(row).forEach((input) => { input.value = ""; });
      redraw();
      say(`${format(labels.box || "Box %(n)s", { n })}: ${labels.remove || "Remove"} ✓`);
    });
    cell.replaceChildren(button);
  }

  function percentAt(event) {
    const bounds = figure.getBoundingClientRect();
    return [
      clamp(((event.clientX - bounds.left) / bounds.width) * 100, 0, 100),
      clamp(((event.clientY - bounds.top) / bounds.height) * 100, 0, 100),
    ];
  }

  figure.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    figure.setPointerCapture(event.pointerId);
    drag = { start: percentAt(event), box: null, id: event.pointerId };
  });
  figure.addEventListener("pointermove", (event) => {
    if (!drag || event.pointerId !== drag.id) return;
    const [x, y] = percentAt(event);
    const [x0, y0] = drag.start;
    drag.box = [Math.min(x, x0), Math.min(y, y0), Math.abs(x - x0), Math.abs(y - y0)];
    redraw();
  });
  const finish = (event) => {
    if (!drag || event.pointerId !== drag.id) return;
    const box = drag.box;
    drag = null;
    if (box && box[2] >= MIN_SIZE && box[3] >= MIN_SIZE) add(box);
    redraw();
  };
  figure.addEventListener("pointerup", finish);
  figure.addEventListener("pointercancel", () => { drag = null; redraw(); });

  figure.addEventListener("keydown", (event) => {
    const step = event.ctrlKey ? BIG_STEP : STEP;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (event.key in moves) {
      const [dx, dy] = moves[event.key];
      if (event.shiftKey) {
        cursor.width = clamp(cursor.width + dx, 1, 100 - cursor.left);
        cursor.height = clamp(cursor.height + dy, 1, 100 - cursor.top);
      } else {
        cursor.left = clamp(cursor.left + dx, 0, 100 - cursor.width);
        cursor.top = clamp(cursor.top + dy, 0, 100 - cursor.height);
      }
    } else if (event.key === "Enter" || event.key === " ") {
      add([cursor.left, cursor.top, cursor.width, cursor.height]);
    } else {
      return;
    }
    event.preventDefault();
    redraw();
  });
  figure.addEventListener("focus", redraw);
  figure.addEventListener("blur", redraw);
  tbody.addEventListener("input", redraw);

  rows().forEach(decorate);
  redraw();
}
