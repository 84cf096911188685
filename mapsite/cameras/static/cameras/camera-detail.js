// The small map on a camera's own page: one marker and, when the direction is
// known, the camera's view cone. Data comes from the json_script block.
(function () {
  "use strict";

  function cone(lat, lon, direction, fov, metres) {
    var half = (fov || 60) / 2;
    var points = [[lat, lon]];
    var dLat = metres / 111320;
    var dLon = dLat / Math.cos(lat * Math.PI / 180);
    for (var a = direction - half; a <= direction + half + 0.01; a += Math.max(1, (2 * half) / 12)) {
      var r = a * Math.PI / 180;
      points.push([lat + dLat * Math.cos(r), lon + dLon * Math.sin(r)]);
    }
    return points;
  }

  function init(map) {
    var node = document.getElementById("camera-map-data");
    if (!node) return;
    var data = JSON.parse(node.textContent);
    var verified = data.status === "verified";
    var marker = L.circleMarker([data.lat, data.lon], {
      radius: 8,
      color: "#b3261e",
      weight: 3,
      fillColor: "#b3261e",
      fillOpacity: verified ? 0.9 : 0.1
    }).addTo(map);
    marker.options.title = data.label;
    if (data.direction !== null && data.direction !== undefined) {
      L.polygon(cone(data.lat, data.lon, data.direction, data.fov, 30), {
        color: "#b3261e", weight: 1, fillOpacity: 0.2, interactive: false
      }).addTo(map);
    }
    map.setView([data.lat, data.lon], 18);
  }

  window.addEventListener("map:init", function (event) {
    if (event.detail && event.detail.id === "camera-map") init(event.detail.map);
  });
})();
