// The small boundary map on a district's page.
(function () {
  "use strict";
  window.addEventListener("map:init", function (event) {
    if (!event.detail || event.detail.id !== "district-map") return;
    var map = event.detail.map;
    var node = document.getElementById("district-boundary");
    if (!node) return;
    var layer = L.geoJSON(JSON.parse(node.textContent), {
      style: { color: "#b3261e", weight: 2, fillOpacity: 0.1 },
      interactive: false
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [10, 10] });
  });
})();
