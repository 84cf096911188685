/* The filter panel as a query string for the camera APIs, and its "only" shortcuts. */
import { el, format } from "../../js/common.js";
import { text } from "./state.js";

const filterForm = document.getElementById("map-filters");
const NAMES = ["kind", "operator", "status"];

export { filterForm };

/* The checked values of one filter group, or null when all are checked
   (no need to send it). An empty list means nothing can match. */
function checkedValues(name) {
  const boxes = filterForm ? Array.from(filterForm.querySelectorAll('input[name="' + name + '"]')) : [];
  const values = boxes.filter((box) => box.checked).map((box) => box.value);
  return values.length === boxes.length ? null : values;
}

/* "kind=a,b&status=c" in a stable order (it is part of the tile cache key),
   "" when nothing is filtered, or null when nothing can match. */
export function filterQuery() {
  const parts = [];
  for (const name of NAMES) {
    const values = checkedValues(name);
    if (values === null) continue;
    if (values.length === 0) return null;
    parts.push(name + "=" + encodeURIComponent(values.join(",")));
  }
  return parts.join("&");
}

/* An "only" button beside each choice: it leaves that one checked in its group, as
   filtering down to one kind would otherwise take a click on every other box. */
export function addOnlyButtons() {
  if (!filterForm) return;
  for (const box of filterForm.querySelectorAll('input[type="checkbox"]')) {
    const label = box.closest("label");
    const button = el("button", "only-button", text.only);
    button.type = "button";
    button.setAttribute("aria-label", format(text.only_label, { name: label.textContent.trim() }));
    button.addEventListener("click", () => {
      for (const other of filterForm.querySelectorAll(`input[name="${box.name}"]`)) other.checked = other === box;
      filterForm.dispatchEvent(new Event("change"));
    });
    label.after(button);
  }
}
