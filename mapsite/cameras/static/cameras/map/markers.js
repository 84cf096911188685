/* One camera on the map: a dot classed by kind, status and staleness (the
   stylesheet colours them), with its popup built on first open. */
import { el } from "../../js/common.js";
import { buildCameraPopup } from "./popups.js";
import { labels } from "./state.js";

function markerClass(p) {
  // Cameras from their operator's own published list look different from residents' sightings.
  const official = p.source === "official" ? "cam-official" : "";
  return ["cam-marker", "cam-kind-" + p.kind, "cam-status-" + p.status, p.stale ? "cam-stale" : "", official].join(" ");
}

export function makeMarker(feature) {
  const p = feature.properties;
  const coords = feature.geometry.coordinates;
  const dot = el("span", "cam-dot");
  dot.dataset.cameraId = String(p.id);
  const title = (labels.kind[p.kind] || p.kind) + " · " + (labels.status[p.status] || p.status);
  const marker = L.marker([coords[1], coords[0]], {
    icon: L.divIcon({
      className: markerClass(p),
      html: dot,
      iconSize: [18, 18],
      iconAnchor: [9, 9],
      popupAnchor: [0, -8],
    }),
    title,
    alt: title,
    keyboard: true,
  });
  marker.feature = feature;
  marker.bindPopup(() => buildCameraPopup(feature), { maxWidth: 300, minWidth: 200 });
  return marker;
}
