/*
 * What the public map's modules share: the page's config and labels, the
 * Leaflet map and its layers once start-up has made them, and the two ways
 * the map reports back (the notice line and data-cameras-state).
 * Held on one object rather than globals; main.js fills it in.
 */
import { readJson } from "../../js/common.js";

export const config = readJson("map-config");
export const labels = readJson("map-labels");
export const text = labels.text;
export const TILE_SIZE = 256;

export const view = {
  map: null,
  cameraLayer: null, // everything camera-related, toggled as one overlay
  cameraMarkers: null, // clusters and camera markers, one layer group per tile
  coneLayer: null,
  layersControl: null,
  features: [], // the cameras (not clusters) now drawn, for their cones
};

const notice = document.getElementById("map-notice");

export function showNotice(message) {
  if (!notice) return;
  notice.textContent = message || "";
  notice.hidden = !message;
}

/* data-cameras-state on the map container says "pending" from a move until
   its data has been drawn, then "ready" (or "error"): tests and other
   scripts wait on it instead of guessing at timings. */
export function setState(state) {
  if (view.map) view.map.getContainer().dataset.camerasState = state;
}
