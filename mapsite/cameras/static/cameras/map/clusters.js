/*
 * Clusters from zoomed-out tiles, and their fan-out at the deepest zoom.
 *
 * A cluster cannot be zoomed into at the deepest zoom, so a click fans its
 * cameras out around it (as Leaflet.markercluster's "spiderfy" does), each on
 * a leg to its true position and with its own popup. The cameras come from the
 * bounding-box API for the cluster's grid cell, on demand: tiles stay small
 * however dense a street is.
 */
import { compactCount, el, fetchJson, format, readJson } from "../../js/common.js";
import { filterQuery } from "./filters.js";
import { makeMarker } from "./markers.js";
import { config, setState, showNotice, text, TILE_SIZE, view } from "./state.js";

/* The singular cluster titles come with the place search's labels (places_tags). */
function uxLabels() {
  const data = readJson("place-search-config");
  if (!data) return null;
  return { cluster_title: data.labels.cluster_one, cluster_title_deepest: data.labels.cluster_one_deepest };
}

const ux = uxLabels();
const ICON_PX = 40; // the markercluster stylesheet's icon size
const ONE_PX = 16; // a lone camera's dot (map.css .marker-cluster-one)
const DEFAULT_GRID = 4;
let spider = null; // {cluster, layer}

/* A cluster sits at the mean position of its cameras, pulled inside its grid
   cell by its own radius so that clusters of neighbouring cells never overlap. */
function clusterLatLng(coords, zoom, grid) {
  const cell = TILE_SIZE / grid;
  const pt = view.map.project([coords[1], coords[0]], zoom);
  const half = ICON_PX / 2;
  const cx = Math.floor(pt.x / cell) * cell;
  const cy = Math.floor(pt.y / cell) * cell;
  pt.x = Math.min(cx + cell - half, Math.max(cx + half, pt.x));
  pt.y = Math.min(cy + cell - half, Math.max(cy + half, pt.y));
  return view.map.unproject(pt, zoom);
}

export function makeCluster(feature, zoom, grid = DEFAULT_GRID) {
  const map = view.map;
  const p = feature.properties;
  const size = p.count === 1 ? "one" : p.count < 100 ? "small" : p.count < 1000 ? "medium" : "large";
  const inner = el("div");
  // A lone camera is a small dot at its own place, not a bubble saying "1".
  if (p.count > 1) inner.appendChild(el("span", null, compactCount(p.count)));
  const iconPx = p.count === 1 ? ONE_PX : ICON_PX;
  const deepest = zoom >= map.getMaxZoom();
  // One camera is "1 camera here", in whatever the language's singular is.
  const one = p.count === 1 && ux ? ux : null;
  const title = format(deepest ? (one || text).cluster_title_deepest : (one || text).cluster_title, {
    count: p.count,
    verified: p.verified,
  });
  const [lon, lat] = feature.geometry.coordinates;
  const at = p.count === 1 ? L.latLng(lat, lon) : clusterLatLng(feature.geometry.coordinates, zoom, grid);
  const marker = L.marker(at, {
    icon: L.divIcon({ className: "marker-cluster marker-cluster-" + size, html: inner, iconSize: [iconPx, iconPx] }),
    title,
    alt: title,
    keyboard: true,
  });
  marker.feature = feature;
  const open = () => {
    if (deepest) {
      spiderfy(marker, feature, zoom, grid);
      return;
    }
    // The cluster's marker is redrawn away by the zoom: keep keyboard focus on the
    // map rather than let it fall to <body>, back at the start of the page.
    if (marker._icon && marker._icon === document.activeElement) map.getContainer().focus({ preventScroll: true });
    map.setView(marker.getLatLng(), Math.min(zoom + 2, map.getMaxZoom()));
  };
  marker.on("click", open);
  // Leaflet answers Enter only on markers with a popup; a cluster has none.
  marker.on("keypress", (event) => {
    if (event.originalEvent.key === "Enter") open();
  });
  return marker;
}

export function unspiderfy() {
  if (!spider) return;
  view.cameraLayer.removeLayer(spider.layer);
  spider.cluster.setOpacity(1);
  spider = null;
}

/* A tile leaving the view takes its fanned-out cluster with it. */
export function unspiderfyIn(group) {
  if (spider && group.hasLayer(spider.cluster)) unspiderfy();
}

function cellBounds(coords, zoom, grid) {
  const cell = TILE_SIZE / grid;
  const pt = view.map.project([coords[1], coords[0]], zoom);
  const x = Math.floor(pt.x / cell) * cell;
  const y = Math.floor(pt.y / cell) * cell;
  const nw = view.map.unproject([x, y], zoom);
  const se = view.map.unproject([x + cell, y + cell], zoom);
  return [nw.lng, se.lat, se.lng, nw.lat];
}

/* Offsets in pixels: a circle for a few cameras, a spiral for more
   (Leaflet.markercluster's layout, so the fan looks familiar). */
function spiderOffsets(count) {
  const points = [];
  if (count <= 8) {
    const radius = Math.max(28, (count * 26) / (2 * Math.PI));
    for (let i = 0; i < count; i++) {
      const a = (2 * Math.PI * i) / count - Math.PI / 2;
      points.push([radius * Math.cos(a), radius * Math.sin(a)]);
    }
    return points;
  }
  let leg = 14;
  let angle = 0;
  for (let i = 0; i < count; i++) {
    angle += 26 / leg + i * 0.0005;
    points.push([leg * Math.cos(angle), leg * Math.sin(angle)]);
    leg += (2 * Math.PI * 4) / angle;
  }
  return points;
}

function spiderfy(cluster, feature, zoom, grid) {
  if (spider && spider.cluster === cluster) {
    unspiderfy();
    return;
  }
  unspiderfy();
  const query = filterQuery();
  const bbox = cellBounds(feature.geometry.coordinates, zoom, grid).join(",");
  setState("pending");
  fetchJson(config.cameras_url + "?bbox=" + bbox + (query ? "&" + query : ""))
    .then((data) => {
      unspiderfy();
      const centre = view.map.latLngToLayerPoint(cluster.getLatLng());
      const offsets = spiderOffsets(data.features.length);
      const layer = L.layerGroup();
      data.features.forEach((f, i) => {
        const c = f.geometry.coordinates;
        const at = view.map.layerPointToLatLng(centre.add(offsets[i]));
        layer.addLayer(L.polyline([[c[1], c[0]], at], { className: "spider-leg", interactive: false }));
        layer.addLayer(makeMarker(f).setLatLng(at));
      });
      cluster.setOpacity(0.3);
      spider = { cluster, layer };
      view.cameraLayer.addLayer(layer);
      if (data.truncated) {
        showNotice(format(text.truncated_here, { shown: data.features.length, total: data.total }));
      }
      setState("ready");
    })
    .catch(() => {
      showNotice(text.load_error);
      setState("error");
    });
}
