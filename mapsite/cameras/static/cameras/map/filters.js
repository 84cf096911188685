/* The filter panel as a query string for the camera APIs. */
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
