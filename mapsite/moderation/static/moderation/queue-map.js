/* The queue's map: the cameras of the current tab and filters in view, clustered.
   Reloaded when the view moves; a click on a camera opens its review with the
   queue's query string, so next/previous there walk the same list. */
import { el, fetchJson, fillUrl, format, onMap, readJson } from "../js/common.js";

function init(map) {
  const config = readJson("queue-map-data");
  if (!config) return;
  const container = map.getContainer();
  const layer = L.markerClusterGroup({ showCoverageOnHover: false }).addTo(map);
  const suffix = config.query ? "?" + config.query : "";
  // A slow answer for an old view must not overwrite the answer for the current one.
  let latest = 0;

  function reviewUrl(id) {
    return fillUrl(config.review, { pk: id }) + suffix;
  }

  function load() {
    const b = map.getBounds();
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(5)).join(",");
    const mine = ++latest;
    container.dataset.queueMapState = "loading";
    const url = config.url + "?bbox=" + bbox + (config.query ? "&" + config.query : "");
    fetchJson(url)
      .then((data) => {
        if (mine !== latest) return;
        layer.clearLayers();
        (data.cameras || []).forEach(([id, lat, lon]) => {
          const marker = L.circleMarker([lat, lon], { radius: 6, className: "queue-dot" });
          marker.bindTooltip(el("span", null, format(config.labels.open, { id })));
          marker.on("click", () => window.location.assign(reviewUrl(id)));
          layer.addLayer(marker);
        });
        container.title = data.more ? config.labels.more : "";
        container.dataset.queueMapState = "ready";
      })
      .catch(() => {
        if (mine === latest) container.dataset.queueMapState = "failed";
      });
  }

  map.setView([22.35, 114.14], 11);
  map.on("moveend", load);
  load();
}

onMap("queue-map", init);
