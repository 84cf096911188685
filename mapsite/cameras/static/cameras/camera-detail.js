/* The small map on a camera's own page: one marker and, when the direction is
   known, the camera's view cone. Data comes from the json_script block. */
import { closeZoom, el, groundCone, onMap, readJson } from "../js/common.js";

const CONE_METRES = 30;
const RED = "#b3261e";
const GREY = "#5b6475";

function init(map) {
  const data = readJson("camera-map-data");
  if (!data) return;
  L.circleMarker([data.lat, data.lon], {
    radius: 8,
    color: RED,
    weight: 3,
    fillColor: RED,
    fillOpacity: data.status === "verified" ? 0.9 : 0.1,
  }).addTo(map);
  if (data.direction !== null && data.direction !== undefined) {
    L.polygon(groundCone(data.lat, data.lon, data.direction, data.fov, CONE_METRES), {
      color: RED,
      weight: 1,
      fillOpacity: 0.2,
      interactive: false,
    }).addTo(map);
  }
  map.setView([data.lat, data.lon], closeZoom(data.zooms));
  showDuplicateCandidates(map, L.latLng(data.lat, data.lon), closeZoom(data.zooms));
}

/* A resident disputing this camera as a duplicate picks the other camera on
   the map: the nearby cameras offered by the dispute form are drawn here, and
   clicking one ticks it in the form. */
function showDuplicateCandidates(map, here, maxZoom) {
  const radios = document.querySelectorAll('input[name="duplicate_of"][data-lat]');
  if (!radios.length) return;
  const reason = document.querySelector('.vote-dispute select[name="reason"]');
  const details = document.querySelector("details.vote-dispute");
  const bounds = L.latLngBounds([here]);
  const markers = [];
  radios.forEach((radio) => {
    const at = L.latLng(parseFloat(radio.dataset.lat), parseFloat(radio.dataset.lon));
    bounds.extend(at);
    const label = radio.closest("label");
    const marker = L.circleMarker(at, {
      radius: 7,
      color: GREY,
      weight: 2,
      fillColor: "#ffffff",
      fillOpacity: 0.9,
      className: "duplicate-candidate duplicate-candidate-" + radio.value,
    }).addTo(map);
    // The page's own (escaped) label, set as text.
    marker.bindTooltip(el("span", null, label ? label.textContent.replace(/\s+/g, " ").trim() : radio.value));
    marker.on("click", () => {
      radio.checked = true;
      if (reason) reason.value = "duplicate";
      if (details) details.open = true;
      // The radio's change listener below restyles the markers.
      radio.dispatchEvent(new Event("change", { bubbles: true }));
    });
    radio.addEventListener("change", () => {
      markers.forEach((m) => m.setStyle({ color: GREY, weight: 2 }));
      if (radio.checked) marker.setStyle({ color: RED, weight: 4 });
    });
    markers.push(marker);
  });
  if (details) {
    details.addEventListener("toggle", () => {
      if (details.open) map.fitBounds(bounds.pad(0.3), { maxZoom });
    });
  }
}

onMap("camera-map", init);
