/*
 * The one place camera data is loaded for what is on screen, and drawn: tiles
 * already on the map stay as they are, tiles that left the view are removed,
 * new ones are built once.
 */
import { makeCluster, unspiderfyIn } from "./clusters.js";
import { drawCones } from "./cones.js";
import { filterQuery } from "./filters.js";
import { makeMarker } from "./markers.js";
import { setState, showNotice, text, view } from "./state.js";
import { ensureVersion, fetchTile, forgetVersion, visibleTiles } from "./tiles.js";

const drawnTiles = {}; // key -> {group, cameras}
let debounceTimer = null;
let loadGeneration = 0;
let keep = null; // (feature, mode) -> whether to draw it, or null for everything

/* The timeline (timeline.js) draws only part of what the tiles hold; the held
   tiles are rebuilt from the browser's copy, without asking the server again. */
export function setFeatureFilter(filter) {
  keep = filter;
  Object.keys(drawnTiles).forEach((key) => {
    unspiderfyIn(drawnTiles[key].group);
    view.cameraMarkers.removeLayer(drawnTiles[key].group);
    delete drawnTiles[key];
  });
  return loadVisibleCameras();
}

/* A newer call supersedes an older one still waiting: its tiles stay cached,
   but only the newest view is drawn. */
export function loadVisibleCameras(retried) {
  const map = view.map;
  if (!map) return Promise.resolve();
  window.clearTimeout(debounceTimer);
  const generation = ++loadGeneration;
  setState("pending");
  const query = filterQuery();
  if (query === null) {
    showTiles([]);
    showNotice(text.nothing_selected);
    setState("ready");
    return Promise.resolve();
  }
  const tiles = visibleTiles();
  return ensureVersion()
    .then(() => Promise.all(tiles.map((tile) => fetchTile(tile, query))))
    .then((results) => {
      if (generation !== loadGeneration) return undefined;
      if (retried !== true && results.some((data) => data.v > data.expected)) {
        // Cameras changed since the versions were read: read them again and start over
        // (once: a proxy may still hand out the old versions for a few seconds).
        forgetVersion();
        return loadVisibleCameras(true);
      }
      showTiles(results);
      showNotice("");
      setState("ready");
      document.dispatchEvent(new CustomEvent("cameras:loaded", { detail: { map, tiles: results } }));
      return undefined;
    })
    .catch(() => {
      if (generation !== loadGeneration) return;
      showNotice(text.load_error);
      setState("error");
    });
}

/* Pans come in bursts (arrow keys held, a drag with pauses): load once they stop. A zoom's
   moveend comes after its animation, on a settled view: waiting longer only delays the redraw
   (a cached zoom step was half wait). The next move supersedes a load still running. */
let zoomEnded = false;
export function noteZoomEnd() {
  zoomEnded = true;
}

export function scheduleLoad() {
  setState("pending");
  window.clearTimeout(debounceTimer);
  if (zoomEnded) {
    zoomEnded = false;
    loadVisibleCameras();
    return;
  }
  debounceTimer = window.setTimeout(loadVisibleCameras, 250);
}

function buildTile(data) {
  const features = keep ? data.features.filter((f) => keep(f, data.mode)) : data.features;
  const markers = features.map((f) =>
    data.mode === "clusters" ? makeCluster(f, data.z, data.grid || undefined) : makeMarker(f),
  );
  return { group: L.layerGroup(markers), cameras: data.mode === "cameras" ? features : [] };
}

function showTiles(results) {
  const wanted = {};
  results.forEach((data) => {
    wanted[data.key] = data;
  });
  Object.keys(drawnTiles).forEach((key) => {
    if (wanted[key]) return;
    unspiderfyIn(drawnTiles[key].group);
    view.cameraMarkers.removeLayer(drawnTiles[key].group);
    delete drawnTiles[key];
  });
  let count = 0;
  view.features = [];
  results.forEach((data) => {
    let drawn = drawnTiles[data.key];
    if (!drawn) {
      drawn = drawnTiles[data.key] = buildTile(data);
      view.cameraMarkers.addLayer(drawn.group);
    }
    count += data.features.length;
    view.features = view.features.concat(drawn.cameras);
  });
  drawCones();
  const container = view.map.getContainer();
  if (count && !container.dataset.camerasDrawn) {
    // For the benchmark: milliseconds from navigation to the first markers on screen.
    window.requestAnimationFrame(() => {
      container.dataset.camerasDrawn = String(Math.round(performance.now()));
    });
  }
}
