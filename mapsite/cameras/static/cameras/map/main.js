/*
 * The public map's start-up: cameras for the visible area (clustered when
 * zoomed out), the districts shaded by reported counts, and their official figures.
 *
 * What other scripts and the tests rely on:
 *  - window.cameraMap is the Leaflet map once it exists: the page's one global,
 *    for the browser tests and the benchmark to drive the map;
 *  - "camera:popup" is dispatched on document with {feature, element, map}
 *    after a camera popup is built, so other apps can append to it;
 *  - a "cameras:changed" event on document makes the map reload its data;
 *  - "cameras:loaded" on document follows each drawn view, and the map
 *    container's data-cameras-state says "pending", "ready" or "error";
 *  - the URL hash holds the view (permalink.js): "#map=z/lat/lon&kind=..
 *    &shading=..&camera=id&asof=YYYY-MM", read before the first load and kept up to date.
 */
import { onMap, readJson } from "../../js/common.js";
import { attachPlaceSearch, goToPlace } from "../../places/place-search.js";
import { loadVisibleCameras, noteZoomEnd, scheduleLoad } from "./cameras.js";
import { unspiderfy } from "./clusters.js";
import { drawCones } from "./cones.js";
import { isDistrictLayer, loadDistricts, styleDistricts } from "./districts.js";
import { addOnlyButtons, filterForm } from "./filters.js";
import { labelMap, legendToggle } from "./keyboard.js";
import { attachList } from "./list.js";
import { addLocateControl } from "./locate.js";
import { keepInHash, restore } from "./permalink.js";
import { attachRoute } from "./route.js";
import { text, view } from "./state.js";
import { forgetVersion } from "./tiles.js";
import { attachTimeline } from "./timeline.js";

function escapeHtml(s) {
  return String(s).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
  );
}

function addControls(map, phone) {
  // Leaflet's own zoom buttons carry English titles; swap in translated ones.
  if (map.zoomControl) {
    map.removeControl(map.zoomControl);
    map.zoomControl = L.control.zoom({ zoomInTitle: text.zoom_in, zoomOutTitle: text.zoom_out }).addTo(map);
  }
  // Attribution is HTML in Leaflet; our own credit goes in escaped.
  if (map.attributionControl) map.attributionControl.addAttribution(escapeHtml(text.district_boundaries));

  view.cameraMarkers = L.layerGroup();
  view.coneLayer = L.layerGroup();
  view.cameraLayer = L.layerGroup([view.coneLayer, view.cameraMarkers]).addTo(map);
  const overlays = { [text.cameras_layer]: view.cameraLayer };
  view.layersControl = L.control.layers(null, overlays, { collapsed: phone, position: "topright" }).addTo(map);
}

function listen(map) {
  map.on("zoomend", noteZoomEnd); // Leaflet fires zoomend just before the moveend of the same step
  map.on("moveend", scheduleLoad);
  map.on("zoomstart click", unspiderfy);
  L.DomEvent.on(map.getContainer(), "keydown", (event) => {
    if (event.key === "Escape") unspiderfy();
  });
  map.on("zoomend", drawCones);
  map.on("zoomend", styleDistricts);
  map.on("overlayadd overlayremove", (event) => {
    if (isDistrictLayer(event.layer)) styleDistricts();
  });
  if (filterForm) {
    filterForm.addEventListener("change", loadVisibleCameras);
    filterForm.addEventListener("submit", (event) => event.preventDefault());
  }
  document.querySelectorAll('input[name="shading"]').forEach((radio) => {
    radio.addEventListener("change", styleDistricts);
  });
  document.addEventListener("cameras:changed", () => {
    forgetVersion();
    unspiderfy();
    loadVisibleCameras();
    loadDistricts();
  });
}

// All of Hong Kong, for a phone's first view.
const HONG_KONG = [
  [22.15, 113.83],
  [22.56, 114.44],
];

function init(map) {
  view.map = map;
  window.cameraMap = map;
  const phone = window.matchMedia && window.matchMedia("(max-width: 760px)").matches;
  const ux = readJson("place-search-config");
  labelMap(map, ux.labels);
  addControls(map, phone);
  addLocateControl(map, ux.labels);
  legendToggle(map, ux.labels);
  // Popups pan clear of the search box over the map's top edge.
  L.Popup.mergeOptions({ autoPanPaddingTopLeft: L.point(10, phone ? 60 : 80), autoPanPaddingBottomRight: L.point(10, 10) });
  if (phone) {
    // A phone is narrower than Hong Kong at the desktop's smallest zoom: allow one step further out.
    map.setMinZoom(Math.max(0, map.getMinZoom() - 1));
    // On a phone the panel's sections start shut, so the map keeps the screen.
    document.querySelectorAll(".map-panel details").forEach((section) => {
      section.open = false;
    });
  }
  // A shared link (or a reload) brings back its view, filters and shading.
  const restored = restore(map);
  if (phone && !restored) map.fitBounds(HONG_KONG, { animate: false });
  addOnlyButtons();
  attachList();
  attachRoute(map);
  listen(map);
  // Before keepInHash, which rewrites the hash: the link's month is read first.
  attachTimeline(map);
  keepInHash(map);
  attachPlaceSearch(document.getElementById("map-place-search"), (place) => goToPlace(map, place));
  loadDistricts();
  loadVisibleCameras();
}

onMap("camera-map", init);
