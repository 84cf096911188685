/* View cones for the cameras on screen, from the cone zoom on: further out
   they would be a few pixels wide and only hide the map. */
import { DEFAULT_FOV, groundCone } from "../../js/common.js";
import { config, view } from "./state.js";

const CONE_METRES = 35;

export function drawCones() {
  view.coneLayer.clearLayers();
  if (view.map.getZoom() < config.zooms.cone) return;
  const bounds = view.map.getBounds().pad(0.2);
  for (const feature of view.features) {
    const p = feature.properties;
    if (p.direction === null || p.direction === undefined) continue;
    const c = feature.geometry.coordinates;
    if (!bounds.contains([c[1], c[0]])) continue;
    L.polygon(groundCone(c[1], c[0], p.direction, p.field_of_view || DEFAULT_FOV, CONE_METRES), {
      className: "cam-cone cam-kind-" + p.kind + (p.stale ? " cam-stale" : ""),
      interactive: false,
    }).addTo(view.coneLayer);
  }
}
