// The queue's map: the cameras of the current tab and filters in view, clustered.
// Reloaded when the view moves; a click on a camera opens its review with the
// queue's query string, so next/previous there walk the same list.
(function () {
  "use strict";

  var dataNode = document.getElementById("queue-map-data");
  if (!dataNode) return;
  var config = JSON.parse(dataNode.textContent);

  window.queueMapInit = function (map) {
    var container = map.getContainer();
    var layer = L.markerClusterGroup({ showCoverageOnHover: false }).addTo(map);
    var request = 0;

    function reviewUrl(id) {
      return config.review.replace("{id}", id) + (config.query ? "?" + config.query : "");
    }

    function load() {
      var b = map.getBounds();
      var bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(5); });
      var mine = ++request;
      container.dataset.queueMapState = "loading";
      var url = config.url + "?bbox=" + bbox.join(",") + (config.query ? "&" + config.query : "");
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (mine !== request) return;
          layer.clearLayers();
          (data.cameras || []).forEach(function (c) {
            var marker = L.circleMarker([c[1], c[2]], { radius: 6, className: "queue-dot" });
            marker.bindTooltip(config.labels.open.replace("{id}", c[0]));
            marker.on("click", function () { window.location.assign(reviewUrl(c[0])); });
            layer.addLayer(marker);
          });
          container.title = data.more ? config.labels.more : "";
          container.dataset.queueMapState = "ready";
        })
        .catch(function () { container.dataset.queueMapState = "failed"; });
    }

    map.setView([22.35, 114.14], 11);
    map.on("moveend", load);
    load();
  };
})();
