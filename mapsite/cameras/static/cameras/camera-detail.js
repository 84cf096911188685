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
    L.circleMarker([data.lat, data.lon], {
      radius: 8,
      color: "#b3261e",
      weight: 3,
      fillColor: "#b3261e",
      fillOpacity: verified ? 0.9 : 0.1
    }).addTo(map);
    if (data.direction !== null && data.direction !== undefined) {
      L.polygon(cone(data.lat, data.lon, data.direction, data.fov, 30), {
        color: "#b3261e", weight: 1, fillOpacity: 0.2, interactive: false
      }).addTo(map);
    }
    map.setView([data.lat, data.lon], 18);
    showDuplicateCandidates(map, L.latLng(data.lat, data.lon));
  }

  // A resident disputing this camera as a duplicate picks the other camera on
  // the map: the nearby cameras offered by the dispute form are drawn here, and
  // clicking one ticks it in the form.
  function showDuplicateCandidates(map, here) {
    var radios = document.querySelectorAll('input[name="duplicate_of"][data-lat]');
    if (!radios.length) return;
    var reason = document.querySelector('.vote-dispute select[name="reason"]');
    var details = document.querySelector("details.vote-dispute");
    var bounds = L.latLngBounds([here]);
    var markers = [];
    radios.forEach(function (radio) {
      var at = L.latLng(parseFloat(radio.dataset.lat), parseFloat(radio.dataset.lon));
      bounds.extend(at);
      var label = radio.closest("label");
      var marker = L.circleMarker(at, {
        radius: 7, color: "#5b6475", weight: 2, fillColor: "#ffffff", fillOpacity: 0.9,
        className: "duplicate-candidate duplicate-candidate-" + radio.value
      }).addTo(map);
      // Tooltip text comes from the page's own (escaped) label, set as text.
      var tip = document.createElement("span");
      tip.textContent = label ? label.textContent.replace(/\s+/g, " ").trim() : radio.value;
      marker.bindTooltip(tip);
      marker.on("click", function () {
        radio.checked = true;
        if (reason) reason.value = "duplicate";
        if (details) details.open = true;
        // The radio's change listener below restyles the markers.
        radio.dispatchEvent(new Event("change", { bubbles: true }));
      });
      radio.addEventListener("change", function () {
        markers.forEach(function (m) { m.setStyle({ color: "#5b6475", weight: 2 }); });
        if (radio.checked) marker.setStyle({ color: "#b3261e", weight: 4 });
      });
      markers.push(marker);
    });
    if (details) {
      details.addEventListener("toggle", function () {
        if (details.open) map.fitBounds(bounds.pad(0.3), { maxZoom: 18 });
      });
    }
  }

  window.addEventListener("map:init", function (event) {
    if (event.detail && event.detail.id === "camera-map") init(event.detail.map);
  });
})();
