// The moderator's review page: a small map with the camera's pin. Dragging
// the pin (or clicking the map) fills the edit form's latitude and longitude;
// typing in those fields moves the pin. Nearby cameras are drawn for context.
(function () {
  "use strict";

  var dataNode = document.getElementById("review-map-data");
  if (!dataNode) return;
  var data = JSON.parse(dataNode.textContent);

  function label(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  window.reviewMapInit = function (map) {
    var latInput = document.getElementById("id_latitude");
    var lonInput = document.getElementById("id_longitude");
    var start = [data.camera.lat, data.camera.lon];
    map.setView(start, 18);

    data.nearby.forEach(function (c) {
      L.circleMarker([c.lat, c.lon], { radius: 6, className: "review-nearby" })
        .bindTooltip(label("#" + c.id + " " + c.kind))
        .addTo(map);
    });
    L.circleMarker(start, { radius: 9, className: "review-original" })
      .bindTooltip(label(data.labels.original))
      .addTo(map);

    var pin = L.marker(start, {
      draggable: true,
      keyboard: true,
      title: data.labels.drag,
      alt: data.labels.drag,
      icon: L.divIcon({ className: "review-pin", iconSize: [20, 20], iconAnchor: [10, 10] }),
    }).addTo(map);

    function toInputs(latlng) {
      latInput.value = latlng.lat.toFixed(6);
      lonInput.value = latlng.lng.toFixed(6);
    }
    pin.on("dragend", function () { toInputs(pin.getLatLng()); });
    map.on("click", function (event) {
      pin.setLatLng(event.latlng);
      toInputs(event.latlng);
    });
    function fromInputs() {
      var lat = parseFloat(latInput.value);
      var lon = parseFloat(lonInput.value);
      if (isFinite(lat) && isFinite(lon)) pin.setLatLng([lat, lon]);
    }
    latInput.addEventListener("change", fromInputs);
    lonInput.addEventListener("change", fromInputs);
    map.getContainer().dataset.reviewMapReady = "true";
  };
})();
