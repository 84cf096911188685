/* The moderator's review page: a small map with the camera's pin. Dragging
   the pin (or clicking the map) fills the edit form's latitude and longitude;
   typing in those fields moves the pin. Nearby cameras are drawn for context. */
import { closeZoom, coordinate, el, onMap, readJson } from "../js/common.js";

function init(map) {
  const data = readJson("review-map-data");
  if (!data) return;
  const latInput = document.getElementById("id_latitude");
  const lonInput = document.getElementById("id_longitude");
  const start = [data.camera.lat, data.camera.lon];
  map.setView(start, closeZoom(data.zooms));

  data.nearby.forEach((c) => {
    L.circleMarker([c.lat, c.lon], { radius: 6, className: "review-nearby" })
      .bindTooltip(el("span", null, "#" + c.id + " " + c.kind))
      .addTo(map);
  });
  L.circleMarker(start, { radius: 9, className: "review-original" })
    .bindTooltip(el("span", null, data.labels.original))
    .addTo(map);

  const pin = L.marker(start, {
    draggable: true,
    keyboard: true,
    title: data.labels.drag,
    alt: data.labels.drag,
    icon: L.divIcon({ className: "review-pin", iconSize: [20, 20], iconAnchor: [10, 10] }),
  }).addTo(map);

  function toInputs(latlng) {
    latInput.value = coordinate(latlng.lat);
    lonInput.value = coordinate(latlng.lng);
  }
  pin.on("dragend", () => toInputs(pin.getLatLng()));
  map.on("click", (event) => {
    pin.setLatLng(event.latlng);
    toInputs(event.latlng);
  });
  function fromInputs() {
    const lat = parseFloat(latInput.value);
    const lon = parseFloat(lonInput.value);
    if (isFinite(lat) && isFinite(lon)) pin.setLatLng([lat, lon]);
  }
  latInput.addEventListener("change", fromInputs);
  lonInput.addEventListener("change", fromInputs);
  map.getContainer().dataset.reviewMapReady = "true";
}

onMap("review-map", init);
