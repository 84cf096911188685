/*
 * The view in the address: "#map=zoom/lat/lon&kind=..&status=..&operator=..
 * &shading=per_km2&camera=123&asof=2025-07". Opening such a link restores the position,
 * filters, shading and the open camera; moving the map or changing a filter
 * rewrites it (replaceState: the back button is not filled with every pan).
 * The filters are also kept in localStorage, so they survive a reload from
 * the menu's plain "Map" link. Nothing here leaves the browser.
 */
import { filterForm, filterQuery } from "./filters.js";
import { view } from "./state.js";

const FILTERS = ["kind", "operator", "status"];
const STORE = "cameraMap.filters";
let selected = null; // camera id whose popup is open
let asOf = null; // the timeline's month ("YYYY-MM"), or null for now
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function parseHash() {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
  const out = { params };
  const at = (params.get("map") || "").split("/").map(Number);
  if (at.length === 3 && at.every(Number.isFinite)) out.view = { zoom: at[0], lat: at[1], lon: at[2] };
  const camera = Number(params.get("camera"));
  if (Number.isInteger(camera) && camera > 0) out.camera = camera;
  return out;
}

function applyFilters(params) {
  if (!filterForm) return;
  FILTERS.forEach((name) => {
    if (!params.has(name)) return;
    const wanted = new Set(params.get(name).split(",").filter(Boolean));
    filterForm.querySelectorAll('input[name="' + name + '"]').forEach((box) => {
      box.checked = wanted.has(box.value);
    });
  });
}

function applyShading(value) {
  const radio = value && document.querySelector('input[name="shading"][value="' + CSS.escape(value) + '"]');
  if (radio) radio.checked = true;
}

function stored() {
  try {
    return window.localStorage.getItem(STORE);
  } catch (e) {
    return null;
  }
}

/* Before the first load: returns true if the link gave a position. */
export function restore(map) {
  const state = parseHash();
  const hasFilters = FILTERS.some((name) => state.params.has(name));
  if (hasFilters) applyFilters(state.params);
  else if (stored() !== null) applyFilters(new URLSearchParams(stored()));
  applyShading(state.params.get("shading"));
  if (state.view) {
    const zoom = Math.min(map.getMaxZoom(), Math.max(map.getMinZoom(), Math.round(state.view.zoom)));
    map.setView([state.view.lat, state.view.lon], zoom, { animate: false });
  }
  if (state.camera) openWhenDrawn(state.camera);
  return Boolean(state.view);
}

function openWhenDrawn(id) {
  const tryOpen = () => {
    let found = null;
    view.cameraMarkers.eachLayer((group) => {
      if (group.eachLayer) {
        group.eachLayer((marker) => {
          if (marker.feature && marker.feature.properties.id === id && marker.getPopup && marker.getPopup()) found = marker;
        });
      }
    });
    if (!found) return;
    document.removeEventListener("cameras:loaded", tryOpen);
    found.openPopup();
  };
  document.addEventListener("cameras:loaded", tryOpen);
}

export function currentHash() {
  const map = view.map;
  const c = map.getCenter();
  const params = new URLSearchParams();
  params.set("map", map.getZoom() + "/" + c.lat.toFixed(5) + "/" + c.lng.toFixed(5));
  const query = filterQuery();
  new URLSearchParams(query === null ? FILTERS.map((n) => n + "=").join("&") : query).forEach((value, key) =>
    params.set(key, value),
  );
  const shading = document.querySelector('input[name="shading"]:checked');
  if (shading && shading.value !== "reported_count") params.set("shading", shading.value);
  if (selected) params.set("camera", String(selected));
  if (asOf) params.set("asof", asOf);
  // URLSearchParams escapes "/" and ","; a shared link reads better with them as they are.
  return "#" + params.toString().replace(/%2F/g, "/").replace(/%2C/g, ",");
}

function write() {
  window.history.replaceState(null, "", window.location.pathname + window.location.search + currentHash());
  try {
    const query = filterQuery();
    window.localStorage.setItem(STORE, query === null ? FILTERS.map((n) => n + "=").join("&") : query);
  } catch (e) {
    // Private mode: the link still holds the filters.
  }
}

/* The month a shared link was opened at, for the timeline to restore. */
export function hashMonth() {
  const month = parseHash().params.get("asof");
  return month && MONTH.test(month) ? month : null;
}

export function keepMonth(month) {
  asOf = month;
  if (view.map) write();
}

export function keepInHash(map) {
  map.on("moveend", write);
  map.on("popupopen", (event) => {
    const source = event.popup._source;
    selected = source && source.feature && source.feature.properties && source.feature.properties.id;
    selected = Number.isInteger(selected) && !source.feature.properties.code ? selected : null;
    write();
  });
  map.on("popupclose", () => {
    selected = null;
    write();
  });
  if (filterForm) filterForm.addEventListener("change", write);
  document.querySelectorAll('input[name="shading"]').forEach((radio) => radio.addEventListener("change", write));
  write();
}
