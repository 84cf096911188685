/* What is already there, before any pin drops: the district outlines and,
   close up, the cameras already on the map, so a resident sees a duplicate
   before reporting it. Drawn under the pin and not clickable: a click on the
   map still places the pin.

   Privacy: the cameras are fetched for the area in view. After "use my
   location" the view is the device's position, so fetching stops (pause())
   until the resident moves the map or checks the pin themselves (resume()). */
import { fetchJson } from "../js/common.js";

const CLOSE_ZOOM = 15;

export function showContext(map, config) {
  map.createPane("contextPane").style.zIndex = 350;
  const outlines = L.geoJSON(null, {
    pane: "contextPane",
    interactive: false,
    style: { className: "report-district", weight: 1.5, color: "#5b6475", fill: false, dashArray: "4 4" },
  }).addTo(map);
  const cameras = L.layerGroup().addTo(map);
  let seq = 0;
  let paused = false;

  fetchJson(config.districtsUrl)
    .then((data) => outlines.addData(data))
    .catch(() => {
      // Only context: the form works without it.
    });

  function loadCameras() {
    if (paused) return;
    const mine = ++seq;
    if (map.getZoom() < CLOSE_ZOOM) {
      cameras.clearLayers();
      return;
    }
    const b = map.getBounds();
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(6)).join(",");
    fetchJson(config.camerasUrl + "?bbox=" + bbox)
      .then((data) => {
        if (mine !== seq) return;
        cameras.clearLayers();
        data.features.forEach((f) => {
          const c = f.geometry.coordinates;
          L.circleMarker([c[1], c[0]], {
            radius: 6,
            pane: "contextPane",
            interactive: false,
            className: "context-camera context-" + f.properties.status,
          }).addTo(cameras);
        });
        map.getContainer().dataset.contextCameras = String(data.features.length);
      })
      .catch(() => {});
  }
  map.on("moveend", loadCameras);
  // A drag is the resident choosing where to look: fetching may start again.
  map.on("dragstart", () => {
    paused = false;
  });
  loadCameras();
  return {
    pause() {
      paused = true;
      seq++;
    },
    resume() {
      paused = false;
    },
  };
}
