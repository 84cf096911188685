/* The small boundary map on a district's page. */
import { onMap, readJson } from "../js/common.js";

onMap("district-map", (map) => {
  const boundary = readJson("district-boundary");
  if (!boundary) return;
  const layer = L.geoJSON(boundary, {
    style: { color: "#b3261e", weight: 2, fillOpacity: 0.1 },
    interactive: false,
  }).addTo(map);
  map.fitBounds(layer.getBounds(), { padding: [10, 10] });
});
