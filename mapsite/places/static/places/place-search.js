/*
 * A place search box as an ARIA combobox: suggestions from /api/places as the
 * resident types, chosen with the arrow keys and Enter or by a click.
 * attachPlaceSearch(root, onPick) wires up one box; onPick(place) gets the
 * API's row ({name, lat, lon, zoom, bbox, ...}) and moves the map.
 * Only the typed text is sent, to our own server; place names go in as textContent.
 */
import { clear, el, fetchJson, format, readJson } from "../js/common.js";

const config = readJson("place-search-config");

export function placeLabel(place) {
  return place.name + (place.detail ? " · " + place.detail : "");
}

export function attachPlaceSearch(root, onPick) {
  if (!root || !config) return;
  const t = config.labels;
  const input = root.querySelector(".place-search-input");
  const list = root.querySelector(".place-search-list");
  const status = root.querySelector(".place-search-status");
  let results = [];
  let active = -1;
  let seq = 0;
  let timer = null;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    active = index;
    Array.from(list.children).forEach((item, i) => item.setAttribute("aria-selected", String(i === index)));
    if (index >= 0 && list.children[index]) {
      input.setAttribute("aria-activedescendant", list.children[index].id);
      list.children[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function pick(index) {
    const place = results[index];
    if (!place) return;
    input.value = place.name;
    close();
    onPick(place);
  }

  function render(rows) {
    results = rows;
    clear(list);
    rows.forEach((place, i) => {
      const item = el("li", "place-option");
      item.id = input.id + "-option-" + i;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.appendChild(el("span", "place-name", placeLabel(place)));
      item.appendChild(el("span", "place-kind", place.kind_label));
      // mousedown, not click: the input would lose focus and close the list first.
      item.addEventListener("mousedown", (event) => {
        event.preventDefault();
        pick(i);
      });
      list.appendChild(item);
    });
    if (!rows.length) {
      const none = el("li", "place-none", t.none);
      none.setAttribute("aria-disabled", "true");
      list.appendChild(none);
    }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    active = -1;
    status.textContent = !rows.length ? t.none : rows.length === 1 ? t.one_result : format(t.results, { n: rows.length });
  }

  function search() {
    const q = input.value.trim();
    const mine = ++seq;
    if (!q) {
      results = [];
      close();
      return;
    }
    const lang = document.documentElement.lang || "en";
    fetchJson(config.url + "?q=" + encodeURIComponent(q), { headers: { "Accept-Language": lang } })
      .then((data) => {
        if (mine === seq) render(data.results);
      })
      .catch(() => {
        if (mine === seq) status.textContent = t.failed;
      });
  }

  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 120);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (list.hidden) {
        if (results.length) render(results);
        return;
      }
      if (!results.length) return;
      const step = event.key === "ArrowDown" ? 1 : -1;
      highlight((active + step + results.length) % results.length);
    } else if (event.key === "Enter") {
      // Enter in the box never submits a surrounding form.
      event.preventDefault();
      if (!list.hidden && results.length) pick(active >= 0 ? active : 0);
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", close);
}

/* Moves a Leaflet map to a chosen place: a district whole, anything else close up. */
export function goToPlace(map, place) {
  if (place.bbox) {
    const [west, south, east, north] = place.bbox;
    map.fitBounds([[south, west], [north, east]], { animate: false });
  } else {
    map.setView([place.lat, place.lon], place.zoom, { animate: false });
  }
}
