/*
 * The public map: cameras for the visible area (clustered when zoomed out),
 * the districts shaded by reported counts, and their official figures.
 *
 * User text (notes above all) only ever reaches the page through textContent:
 * popups are built as DOM elements, never as HTML strings.
 *
 * Extension points other scripts rely on:
 *  - loadVisibleCameras() is the one place camera data is fetched (as map tiles);
 *  - "camera:popup" is dispatched on document with {feature, element, map}
 *    after a camera popup is built, so other apps can append to it;
 *  - a "cameras:changed" event on document makes the map reload its data;
 *  - window.cameraMap is the Leaflet map once it exists.
 */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("map-config").textContent);
  var labels = JSON.parse(document.getElementById("map-labels").textContent);
  var text = labels.text;

  var map = null;
  var cameraLayer = null; // everything camera-related, toggled as one overlay
  var cameraMarkers = null; // clusters and camera markers, one layer group per tile
  var coneLayer = null;
  var districtLayer = null;
  var legendControl = null;
  var districtData = null;
  var features = [];
  var debounceTimer = null;
  var notice = document.getElementById("map-notice");
  var filterForm = document.getElementById("map-filters");

  // Colour ramp for the choropleth, light to dark.
  var RAMP = ["#f4f1ea", "#fde0c5", "#f9b384", "#ec7d52", "#c8463b", "#8e1f3c"];

  function el(tag, className, textValue) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (textValue !== undefined && textValue !== null) node.textContent = String(textValue);
    return node;
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  function safeHttpUrl(url) {
    // Only http(s) links from data ever become hrefs.
    try {
      var parsed = new URL(url, window.location.href);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function showNotice(message) {
    if (!notice) return;
    notice.textContent = message || "";
    notice.hidden = !message;
  }

  // --- filters ----------------------------------------------------------

  /* The checked values of one filter group, or null when all are checked
     (no need to send it). An empty list means nothing can match. */
  function checkedValues(name) {
    var boxes = filterForm ? filterForm.querySelectorAll('input[name="' + name + '"]') : [];
    var values = [];
    for (var i = 0; i < boxes.length; i++) if (boxes[i].checked) values.push(boxes[i].value);
    return values.length === boxes.length ? null : values;
  }

  function filterParams() {
    var params = {};
    var names = ["kind", "operator", "status"];
    for (var i = 0; i < names.length; i++) {
      var values = checkedValues(names[i]);
      if (values !== null) {
        if (values.length === 0) return null;
        params[names[i]] = values.join(",");
      }
    }
    return params;
  }

  // --- cameras ----------------------------------------------------------
  /* Camera data comes in map tiles (/api/tiles/{z}/{x}/{y}.json): each holds
     clusters with counts when zoomed out, or the cameras themselves when
     zoomed in, filtered on the server. Tiles are kept by z/x/y, filters and
     data version, so panning back never refetches a tile already held; the
     version (from /api/tiles/version.json, and echoed in every tile) changes
     whenever any camera does, which retires every held tile at once. */

  var TILE_SIZE = 256;
  var MAX_TILE_ZOOM = 22;
  var tileCache = {}; // key -> Promise of tile data
  var tileCacheSize = 0;
  var drawnTiles = {}; // key -> {group, features}
  var dataVersion = null;
  var versionPromise = null;
  var loadGeneration = 0;

  function filterQuery() {
    var filters = filterParams();
    if (filters === null) return null;
    var names = Object.keys(filters).sort();
    return names.map(function (name) { return name + "=" + encodeURIComponent(filters[name]); }).join("&");
  }

  function visibleTiles() {
    var z = Math.max(0, Math.min(MAX_TILE_ZOOM, Math.round(map.getZoom())));
    var bounds = map.getPixelBounds();
    var scale = map.getZoomScale(z, map.getZoom());
    var n = Math.pow(2, z);
    var x0 = Math.max(0, Math.floor((bounds.min.x * scale) / TILE_SIZE));
    var y0 = Math.max(0, Math.floor((bounds.min.y * scale) / TILE_SIZE));
    var x1 = Math.min(n - 1, Math.floor((bounds.max.x * scale) / TILE_SIZE));
    var y1 = Math.min(n - 1, Math.floor((bounds.max.y * scale) / TILE_SIZE));
    var tiles = [];
    for (var x = x0; x <= x1; x++) for (var y = y0; y <= y1; y++) tiles.push([z, x, y]);
    return tiles;
  }

  /* GET url as JSON; `cache` is an optional fetch cache mode. */
  function fetchJson(url, cache) {
    var init = { headers: { Accept: "application/geo+json, application/json" }, credentials: "same-origin" };
    if (cache) init.cache = cache;
    return fetch(url, init)
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      });
  }

  function ensureVersion() {
    if (dataVersion !== null) return Promise.resolve(dataVersion);
    if (!versionPromise) {
      versionPromise = fetchJson(config.tiles_version_url, "no-store")
        .then(function (data) { setVersion(data.v); return dataVersion; })
        .finally(function () { versionPromise = null; });
    }
    return versionPromise;
  }

  /* A new data version retires every tile held under the old one. */
  function setVersion(v) {
    if (v === dataVersion) return false;
    dataVersion = v;
    tileCache = {};
    tileCacheSize = 0;
    return true;
  }

  function tileKey(tile, query) {
    return dataVersion + "|" + query + "|" + tile.join("/");
  }

  function fetchTile(tile, query) {
    var key = tileKey(tile, query);
    if (!tileCache[key]) {
      if (tileCacheSize > 2000) { tileCache = {}; tileCacheSize = 0; }
      var url = config.tiles_url.replace("{z}", tile[0]).replace("{x}", tile[1]).replace("{y}", tile[2]) +
        "?" + (query ? query + "&" : "") + "v=" + encodeURIComponent(dataVersion);
      tileCache[key] = fetchJson(url).then(function (data) {
        data.key = key;
        return data;
      });
      tileCacheSize++;
      tileCache[key].catch(function () { delete tileCache[key]; });
    }
    return tileCache[key];
  }

  /* The one function that loads camera data for what is on screen. A newer
     call supersedes an older one still waiting: its tiles stay cached, but
     only the newest view is drawn. */
  function loadVisibleCameras() {
    if (!map) return Promise.resolve();
    window.clearTimeout(debounceTimer);
    var generation = ++loadGeneration;
    setState("pending");
    var query = filterQuery();
    if (query === null) {
      showTiles([]);
      showNotice(text.nothing_selected);
      setState("ready");
      return Promise.resolve();
    }
    var tiles = visibleTiles();
    return ensureVersion()
      .then(function () { return Promise.all(tiles.map(function (tile) { return fetchTile(tile, query); })); })
      .then(function (results) {
        if (generation !== loadGeneration) return;
        var newest = results.reduce(function (v, data) { return Math.max(v, data.v); }, dataVersion);
        if (newest > dataVersion) {
          // Cameras changed while we looked: start again on the new version.
          setVersion(newest);
          return loadVisibleCameras();
        }
        showTiles(results);
        showNotice("");
        setState("ready");
        document.dispatchEvent(new CustomEvent("cameras:loaded", { detail: { map: map, tiles: results } }));
      })
      .catch(function (error) {
        if (generation !== loadGeneration) return;
        showNotice(text.load_error);
        setState("error");
      });
  }

  /* data-cameras-state on the map container says "pending" from a move until
     its data has been drawn, then "ready" (or "error"): tests and other
     scripts wait on it instead of guessing at timings. */
  function setState(state) {
    if (map) map.getContainer().dataset.camerasState = state;
  }

  function scheduleLoad() {
    setState("pending");
    window.clearTimeout(debounceTimer);
    debounceTimer = window.setTimeout(loadVisibleCameras, 250);
  }

  function compactCount(n) {
    if (n >= 1000000) return (n / 1000000).toFixed(n >= 10000000 ? 0 : 1) + "M";
    if (n >= 10000) return Math.round(n / 1000) + "k";
    if (n >= 1000) return (n / 1000).toFixed(1) + "k";
    return String(n);
  }

  /* A cluster sits at the mean position of its cameras, pulled inside its grid
     cell by its own radius so that clusters of neighbouring cells never overlap. */
  function clusterLatLng(coords, zoom, grid, px) {
    var cell = TILE_SIZE / grid;
    var pt = map.project([coords[1], coords[0]], zoom);
    var half = px / 2;
    var cx = Math.floor(pt.x / cell) * cell;
    var cy = Math.floor(pt.y / cell) * cell;
    pt.x = Math.min(cx + cell - half, Math.max(cx + half, pt.x));
    pt.y = Math.min(cy + cell - half, Math.max(cy + half, pt.y));
    return map.unproject(pt, zoom);
  }

  function makeCluster(feature, zoom, grid) {
    var p = feature.properties;
    var size = p.count < 100 ? "small" : p.count < 1000 ? "medium" : "large";
    var px = 40; // the markercluster stylesheet's icon size
    var inner = el("div");
    inner.appendChild(el("span", null, compactCount(p.count)));
    // Clusters from a tile at the map's deepest zoom fan out instead of zooming.
    var deepest = zoom >= map.getMaxZoom();
    var title = format(deepest ? text.cluster_title_deepest : text.cluster_title, { count: p.count, verified: p.verified });
    var marker = L.marker(clusterLatLng(feature.geometry.coordinates, zoom, grid || 4, px), {
      icon: L.divIcon({ className: "marker-cluster marker-cluster-" + size, html: inner, iconSize: [px, px] }),
      title: title,
      alt: title,
      keyboard: true,
    });
    marker.feature = feature;
    function open() {
      if (deepest) spiderfy(marker, feature, zoom, grid || 4);
      else map.setView(marker.getLatLng(), Math.min(zoom + 2, map.getMaxZoom()));
    }
    marker.on("click", open);
    // Leaflet answers Enter only on markers with a popup; a cluster has none.
    marker.on("keypress", function (event) {
      if (event.originalEvent.key === "Enter") open();
    });
    return marker;
  }

  /* At the deepest zoom a cluster cannot be zoomed into, so a click fans its
     cameras out around it (as Leaflet.markercluster's "spiderfy" does), each
     on a leg to its true position and with its own popup. The cameras come
     from the bounding-box API for the cluster's grid cell, on demand: tiles
     stay small however dense a street is. */
  var spider = null; // {cluster, layer}

  function unspiderfy() {
    if (!spider) return;
    cameraLayer.removeLayer(spider.layer);
    spider.cluster.setOpacity(1);
    spider = null;
  }

  function cellBounds(coords, zoom, grid) {
    var cell = TILE_SIZE / grid;
    var pt = map.project([coords[1], coords[0]], zoom);
    var x = Math.floor(pt.x / cell) * cell;
    var y = Math.floor(pt.y / cell) * cell;
    var nw = map.unproject([x, y], zoom);
    var se = map.unproject([x + cell, y + cell], zoom);
    return [nw.lng, se.lat, se.lng, nw.lat];
  }

  /* Offsets in pixels: a circle for a few cameras, a spiral for more
     (Leaflet.markercluster's layout, so the fan looks familiar). */
  function spiderOffsets(count) {
    var points = [];
    var i;
    if (count <= 8) {
      var radius = Math.max(28, (count * 26) / (2 * Math.PI));
      for (i = 0; i < count; i++) {
        var a = (2 * Math.PI * i) / count - Math.PI / 2;
        points.push([radius * Math.cos(a), radius * Math.sin(a)]);
      }
      return points;
    }
    var leg = 14;
    var angle = 0;
    for (i = 0; i < count; i++) {
      angle += 26 / leg + i * 0.0005;
      points.push([leg * Math.cos(angle), leg * Math.sin(angle)]);
      leg += (2 * Math.PI * 4) / angle;
    }
    return points;
  }

  function spiderfy(cluster, feature, zoom, grid) {
    if (spider && spider.cluster === cluster) { unspiderfy(); return; }
    unspiderfy();
    var query = filterQuery();
    var url = config.cameras_url + "?bbox=" + cellBounds(feature.geometry.coordinates, zoom, grid).join(",") +
      (query ? "&" + query : "");
    setState("pending");
    fetchJson(url)
      .then(function (data) {
        unspiderfy();
        var centre = map.latLngToLayerPoint(cluster.getLatLng());
        var offsets = spiderOffsets(data.features.length);
        var layer = L.layerGroup();
        data.features.forEach(function (f, i) {
          var c = f.geometry.coordinates;
          var at = map.layerPointToLatLng(centre.add(offsets[i]));
          layer.addLayer(L.polyline([[c[1], c[0]], at], { className: "spider-leg", interactive: false }));
          layer.addLayer(makeMarker(f).setLatLng(at));
        });
        cluster.setOpacity(0.3);
        spider = { cluster: cluster, layer: layer };
        cameraLayer.addLayer(layer);
        if (data.truncated) showNotice(format(text.truncated_here, { shown: data.features.length, total: data.total }));
        setState("ready");
      })
      .catch(function () {
        showNotice(text.load_error);
        setState("error");
      });
  }

  /* Draw the tiles of the current view: tiles already on the map stay as they
     are, tiles that left the view are removed, new ones are built once. */
  function showTiles(results) {
    var wanted = {};
    results.forEach(function (data) { wanted[data.key] = data; });
    Object.keys(drawnTiles).forEach(function (key) {
      if (!wanted[key]) {
        if (spider && drawnTiles[key].group.hasLayer(spider.cluster)) unspiderfy();
        cameraMarkers.removeLayer(drawnTiles[key].group);
        delete drawnTiles[key];
      }
    });
    var count = 0;
    features = [];
    results.forEach(function (data) {
      var drawn = drawnTiles[data.key];
      if (!drawn) {
        var markers = data.features.map(function (f) {
          return data.mode === "clusters" ? makeCluster(f, data.z, data.grid) : makeMarker(f);
        });
        drawn = drawnTiles[data.key] = { group: L.layerGroup(markers), cameras: data.mode === "cameras" ? data.features : [] };
        cameraMarkers.addLayer(drawn.group);
      }
      count += data.features.length;
      features = features.concat(drawn.cameras);
    });
    drawCones();
    var container = map.getContainer();
    if (count && !container.dataset.camerasDrawn) {
      // For the benchmark: milliseconds from navigation to the first markers on screen.
      window.requestAnimationFrame(function () {
        container.dataset.camerasDrawn = String(Math.round(performance.now()));
      });
    }
  }

  function markerClass(p) {
    return [
      "cam-marker",
      "cam-kind-" + p.kind,
      "cam-status-" + p.status,
      p.stale ? "cam-stale" : "",
    ].join(" ");
  }

  function makeMarker(feature) {
    var p = feature.properties;
    var coords = feature.geometry.coordinates;
    var dot = el("span", "cam-dot");
    dot.dataset.cameraId = String(p.id);
    var title = (labels.kind[p.kind] || p.kind) + " · " + (labels.status[p.status] || p.status);
    var marker = L.marker([coords[1], coords[0]], {
      icon: L.divIcon({ className: markerClass(p), html: dot, iconSize: [18, 18], iconAnchor: [9, 9], popupAnchor: [0, -8] }),
      title: title,
      alt: title,
      keyboard: true,
    });
    marker.feature = feature;
    marker.bindPopup(function () { return buildCameraPopup(feature); }, { maxWidth: 300, minWidth: 200 });
    return marker;
  }

  function popupRow(list, label, value) {
    list.appendChild(el("dt", null, label));
    list.appendChild(el("dd", null, value));
  }

  function buildCameraPopup(feature) {
    var p = feature.properties;
    var root = el("div", "camera-popup");
    root.dataset.cameraId = String(p.id);
    root.appendChild(el("h3", "popup-title", labels.kind[p.kind] || p.kind));

    var list = el("dl", "popup-facts");
    popupRow(list, text.operator, labels.operator[p.operator] || p.operator);
    var status = el("span", "badge badge-" + p.status, labels.status[p.status] || p.status);
    list.appendChild(el("dt", null, text.status));
    var statusCell = el("dd");
    statusCell.appendChild(status);
    list.appendChild(statusCell);
    popupRow(list, text.reported_on, p.reported_on);
    popupRow(list, text.last_confirmed_on, p.last_confirmed_on || text.never_confirmed);
    if (p.direction !== null && p.direction !== undefined) {
      popupRow(list, text.direction, format(text.degrees, { n: p.direction }));
    }
    root.appendChild(list);

    if (p.stale) root.appendChild(el("p", "popup-stale", text.stale));
    if (p.notes) {
      root.appendChild(el("p", "popup-label", text.notes));
      root.appendChild(el("p", "popup-notes", p.notes));
    }
    var link = el("a", "popup-link", text.camera_page);
    link.href = config.camera_url.replace("{}", String(p.id));
    root.appendChild(link);

    document.dispatchEvent(new CustomEvent("camera:popup", { detail: { feature: feature, element: root, map: map } }));
    return root;
  }

  /* A view cone: the camera's position and an arc `radius` metres away,
     from direction - fov/2 to direction + fov/2 (compass bearings). */
  function conePolygon(lat, lon, direction, fov, radius) {
    var points = [[lat, lon]];
    var half = Math.min(fov, 359) / 2;
    var steps = Math.max(6, Math.round(fov / 10));
    var mPerDegLat = 111320;
    var mPerDegLon = 111320 * Math.cos((lat * Math.PI) / 180);
    for (var i = 0; i <= steps; i++) {
      var bearing = ((direction - half + (2 * half * i) / steps) * Math.PI) / 180;
      points.push([lat + (radius * Math.cos(bearing)) / mPerDegLat, lon + (radius * Math.sin(bearing)) / mPerDegLon]);
    }
    return points;
  }

  function drawCones() {
    coneLayer.clearLayers();
    if (map.getZoom() < config.cone_zoom) return;
    var bounds = map.getBounds().pad(0.2);
    for (var i = 0; i < features.length; i++) {
      var p = features[i].properties;
      if (p.direction === null || p.direction === undefined) continue;
      var c = features[i].geometry.coordinates;
      if (!bounds.contains([c[1], c[0]])) continue;
      L.polygon(conePolygon(c[1], c[0], p.direction, p.field_of_view || 60, 35), {
        className: "cam-cone cam-kind-" + p.kind + (p.stale ? " cam-stale" : ""),
        interactive: false,
      }).addTo(coneLayer);
    }
  }

  // --- districts --------------------------------------------------------

  function shadingKey() {
    var checked = document.querySelector('input[name="shading"]:checked');
    return checked ? checked.value : "reported_count";
  }

  /* Equal-interval classes from 0 up to the largest value, so the district
     with the most cameras is always the darkest. Zero has its own colour; a
     count whose maximum is below the number of colours gets one class per value. */
  function shadingScale(key) {
    var max = 0;
    districtData.features.forEach(function (f) { max = Math.max(max, f.properties[key] || 0); });
    var n = RAMP.length - 1;
    if (key !== "per_km2" && max < n) n = Math.max(max, 1);
    return { key: key, max: max, n: n };
  }

  function classOf(value, scale) {
    if (!value || !scale.max) return 0;
    return Math.min(scale.n, Math.max(1, Math.ceil((value / scale.max) * scale.n)));
  }

  function colourOf(cls, scale) {
    return cls === 0 ? RAMP[0] : RAMP[RAMP.length - 1 - (scale.n - cls)];
  }

  function legendRows(scale) {
    var rows = [[RAMP[0], "0"]];
    if (!scale.max) return rows;
    var decimals = scale.max < 10 ? 2 : 1;
    for (var cls = 1; cls <= scale.n; cls++) {
      var lo = (scale.max * (cls - 1)) / scale.n;
      var hi = (scale.max * cls) / scale.n;
      var label;
      if (scale.key === "per_km2") {
        label = (cls === 1 ? "> 0" : lo.toFixed(decimals)) + " – " + hi.toFixed(decimals);
      } else {
        var first = Math.floor(lo) + 1;
        var last = Math.floor(hi);
        if (first > last) continue;
        label = first === last ? String(first) : first + " – " + last;
      }
      rows.push([colourOf(cls, scale), label]);
    }
    return rows;
  }

  /* Close in, the shading thins out so streets and markers stay readable. */
  function districtFillOpacity() {
    var zoom = map.getZoom();
    return zoom >= 15 ? 0.15 : zoom >= 13 ? 0.28 : 0.42;
  }

  function styleDistricts() {
    if (!districtLayer) return;
    var scale = shadingScale(shadingKey());
    var fillOpacity = districtFillOpacity();
    districtLayer.eachLayer(function (layer) {
      layer.setStyle({
        fillColor: colourOf(classOf(layer.feature.properties[scale.key], scale), scale),
        fillOpacity: fillOpacity,
      });
    });
    renderLegend(scale);
  }

  function districtName(p) {
    return config.lang && config.lang.indexOf("zh") === 0 ? [p.name_zh, p.name_en] : [p.name_en, p.name_zh];
  }

  function buildDistrictPopup(feature) {
    var p = feature.properties;
    var names = districtName(p);
    var root = el("div", "district-popup");
    root.dataset.districtCode = p.code;
    root.appendChild(el("h3", "popup-title", names[0]));
    root.appendChild(el("p", "popup-subtitle", names[1]));
    var list = el("dl", "popup-facts");
    popupRow(list, text.reported_count, p.reported_count);
    popupRow(list, text.verified_count, p.verified_count);
    popupRow(list, text.per_km2, p.per_km2);
    root.appendChild(list);

    root.appendChild(el("p", "popup-label", text.official_figures));
    if (!p.official_figures.length) {
      root.appendChild(el("p", "hint", text.no_official_figures));
    } else {
      var figures = el("ul", "popup-figures");
      p.official_figures.forEach(function (fig) {
        var item = el("li");
        item.appendChild(el("strong", null, fig.figure + " " + (labels.unit[fig.unit] || fig.unit_label)));
        item.appendChild(document.createTextNode(" · " + fig.programme + " · " + fig.date + " "));
        var href = safeHttpUrl(fig.url);
        var source = el(href ? "a" : "span", "popup-source", text.source + ": " + fig.publisher);
        if (href) {
          source.href = href;
          source.rel = "noopener noreferrer external";
          source.title = fig.source_title;
        }
        item.appendChild(source);
        figures.appendChild(item);
      });
      root.appendChild(figures);
    }
    var link = el("a", "popup-link", text.district_page);
    link.href = config.district_url.replace("{}", p.code.toLowerCase());
    root.appendChild(link);
    return root;
  }

  function renderLegend(scale) {
    if (legendControl) legendControl.remove();
    legendControl = null;
    // The legend explains the shading, so it goes when the districts do.
    if (!map.hasLayer(districtLayer)) return;
    legendControl = L.control({ position: "bottomright" });
    legendControl.onAdd = function () {
      var box = el("div", "map-legend");
      box.appendChild(el("p", "legend-title", scale.key === "per_km2" ? text.legend_per_km2 : text.legend_reported));
      var list = el("ul");
      var rows = legendRows(scale);
      rows.forEach(function (row) {
        var item = el("li");
        var swatch = el("span", "legend-swatch");
        swatch.style.backgroundColor = row[0];
        item.appendChild(swatch);
        item.appendChild(document.createTextNode(row[1]));
        list.appendChild(item);
      });
      box.appendChild(list);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    legendControl.addTo(map);
  }

  function loadDistricts() {
    return fetchJson(config.districts_url)
      .then(function (data) {
        districtData = data;
        var visible = !districtLayer || map.hasLayer(districtLayer);
        if (!districtLayer) {
          districtLayer = L.geoJSON(null, {
            style: function (feature) {
              return { className: "district district-" + feature.properties.code, weight: 1.2, color: "#5b6475", fillOpacity: 0.4 };
            },
            onEachFeature: function (feature, layer) {
              layer.bindPopup(function () { return buildDistrictPopup(layer.feature); }, { maxWidth: 320 });
              // The shading covers the land, so a click "elsewhere on the map" usually lands here.
              layer.on("click", unspiderfy);
            },
          });
          layersControl.addOverlay(districtLayer, text.districts_layer);
        } else {
          districtLayer.clearLayers();
        }
        districtLayer.addData(data);
        if (visible) districtLayer.addTo(map);
        districtLayer.bringToBack();
        styleDistricts();
      })
      .catch(function () {
        showNotice(text.district_load_error);
      });
  }

  // --- set-up -----------------------------------------------------------

  var layersControl = null;

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function init(leafletMap) {
    map = leafletMap;
    window.cameraMap = map;
    // Leaflet's own zoom buttons carry English titles; swap in translated ones.
    if (map.zoomControl) {
      map.removeControl(map.zoomControl);
      map.zoomControl = L.control.zoom({ zoomInTitle: text.zoom_in, zoomOutTitle: text.zoom_out }).addTo(map);
    }
    // Attribution is HTML in Leaflet; our own credit goes in escaped.
    if (map.attributionControl) map.attributionControl.addAttribution(escapeHtml(text.district_boundaries));

    cameraMarkers = L.layerGroup();
    coneLayer = L.layerGroup();
    cameraLayer = L.layerGroup([coneLayer, cameraMarkers]).addTo(map);

    var overlays = {};
    overlays[text.cameras_layer] = cameraLayer;
    var phone = window.matchMedia && window.matchMedia("(max-width: 760px)").matches;
    layersControl = L.control.layers(null, overlays, { collapsed: phone, position: "topright" }).addTo(map);

    map.on("moveend", scheduleLoad);
    map.on("zoomstart click", unspiderfy);
    L.DomEvent.on(map.getContainer(), "keydown", function (event) {
      if (event.key === "Escape") unspiderfy();
    });
    map.on("zoomend", drawCones);
    map.on("zoomend", styleDistricts);
    map.on("overlayadd overlayremove", function (event) {
      if (event.layer === districtLayer) styleDistricts();
    });
    if (filterForm) {
      filterForm.addEventListener("change", loadVisibleCameras);
      filterForm.addEventListener("submit", function (event) { event.preventDefault(); });
    }
    var radios = document.querySelectorAll('input[name="shading"]');
    for (var i = 0; i < radios.length; i++) radios[i].addEventListener("change", styleDistricts);

    document.addEventListener("cameras:changed", function () {
      // Ask for the version again: every tile held so far may be stale.
      dataVersion = null;
      unspiderfy();
      loadVisibleCameras();
      loadDistricts();
    });

    // On a phone the panel sits under the map; start with its sections shut.
    if (phone) {
      // A phone is narrower than Hong Kong at the default zoom: step out once.
      map.setZoom(Math.max(map.getMinZoom(), map.getZoom() - 1), { animate: false });
      var sections = document.querySelectorAll(".map-panel details");
      for (var j = 0; j < sections.length; j++) sections[j].open = false;
    }

    loadDistricts();
    loadVisibleCameras();
  }

  window.cameraMapInit = init;
  window.loadVisibleCameras = loadVisibleCameras;
})();
