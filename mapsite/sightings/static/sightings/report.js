/* The report page's map: the pin, the view cone and the live position check.
 *
 * Privacy: the browser's own position is used only to move the pin. It is not
 * sent anywhere until the resident chooses to check or submit the pin, and the
 * pin's position is the only position the server ever receives.
 * User-supplied text is put into the page with textContent only.
 */
(function () {
  "use strict";

  var CONE_PX = 70; // the cone and its handle keep one on-screen size at every zoom
  var DEFAULT_FOV = 60;

  function pointAt(map, latlng, bearing, px) {
    // Web Mercator is conformal, so a screen-space angle is the compass bearing.
    var p = map.latLngToLayerPoint(latlng);
    var r = bearing * Math.PI / 180;
    return map.layerPointToLatLng(L.point(p.x + px * Math.sin(r), p.y - px * Math.cos(r)));
  }

  function bearingBetween(map, from, to) {
    var a = map.latLngToLayerPoint(from);
    var b = map.latLngToLayerPoint(to);
    var deg = Math.atan2(b.x - a.x, a.y - b.y) * 180 / Math.PI;
    return ((Math.round(deg) % 360) + 360) % 360;
  }

  function fmt(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  window.reportMapInit = function (map) {
    var config = JSON.parse(document.getElementById("report-config").textContent);
    var t = config.labels;
    var latInput = document.getElementById("id_latitude");
    var lonInput = document.getElementById("id_longitude");
    var dirInput = document.getElementById("id_direction");
    var fovInput = document.getElementById("id_field_of_view");
    var statusEl = document.getElementById("pin-status");
    var nearbyEl = document.getElementById("nearby");
    var differentWrap = document.getElementById("different-wrap");
    var checkButton = document.getElementById("check-position");
    var pasteInput = document.getElementById("paste-coords");
    var pasteButton = document.getElementById("paste-go");
    var locButton = document.getElementById("use-location");
    var confirmForms = document.getElementById("confirm-forms");
    var csrfToken = document.querySelector("#report-form [name=csrfmiddlewaretoken]").value;

    var pin = null;
    var cone = null;
    var handle = null;
    var draggingHandle = false;
    var nearbyLayer = L.layerGroup().addTo(map);
    var requestSeq = 0;

    function setStatus(text, kind) {
      statusEl.textContent = text || "";
      statusEl.className = "pin-status" + (kind ? " is-" + kind : "");
      statusEl.setAttribute("data-state", kind || "");
    }

    function currentDirection() {
      var raw = dirInput.value.trim();
      if (raw === "") return null;
      var n = Number(raw);
      if (!isFinite(n)) return null;
      return ((Math.round(n) % 360) + 360) % 360;
    }

    function currentFov() {
      var n = Number(fovInput.value);
      if (!fovInput.value.trim() || !isFinite(n)) return DEFAULT_FOV;
      return Math.min(Math.max(n, 1), 360);
    }

    function drawCone() {
      if (!pin) return;
      var origin = pin.getLatLng();
      var dir = currentDirection();
      var tip = pointAt(map, origin, dir === null ? 0 : dir, CONE_PX);
      if (!handle) {
        handle = L.marker(tip, {
          draggable: true,
          keyboard: false,
          title: t.handle,
          icon: L.divIcon({ className: "cone-handle", iconSize: [20, 20], iconAnchor: [10, 10] })
        }).addTo(map);
        handle.on("dragstart", function () { draggingHandle = true; });
        handle.on("drag", function () {
          dirInput.value = bearingBetween(map, pin.getLatLng(), handle.getLatLng());
          drawCone();
        });
        handle.on("dragend", function () { draggingHandle = false; drawCone(); });
      } else if (!draggingHandle) {
        handle.setLatLng(tip);
      }
      if (dir === null) {
        if (cone) { map.removeLayer(cone); cone = null; }
        return;
      }
      var fov = currentFov();
      var points = fov >= 360 ? [] : [origin];
      var steps = 16;
      for (var i = 0; i <= steps; i++) {
        points.push(pointAt(map, origin, dir - fov / 2 + fov * i / steps, CONE_PX));
      }
      if (!cone) {
        cone = L.polygon(points, { className: "view-cone", interactive: false }).addTo(map);
      } else {
        cone.setLatLngs(points);
      }
    }

    function syncInputs() {
      var ll = pin.getLatLng();
      latInput.value = ll.lat.toFixed(6);
      lonInput.value = ll.lng.toFixed(6);
    }

    function renderNearby(items) {
      nearbyLayer.clearLayers();
      while (nearbyEl.firstChild) nearbyEl.removeChild(nearbyEl.firstChild);
      while (confirmForms.firstChild) confirmForms.removeChild(confirmForms.firstChild);
      differentWrap.hidden = !items.length;
      if (!items.length) return;
      nearbyEl.appendChild(el("p", fmt(t.nearbyTitle, { radius: config.radius })));
      var list = el("ul", null, "nearby-list");
      items.forEach(function (feature) {
        var p = feature.properties;
        var li = el("li");
        li.setAttribute("data-camera-id", p.id);
        li.appendChild(el("strong", p.kind_label));
        li.appendChild(document.createTextNode(
          " · " + p.status_label + " · " + fmt(t.reported, { date: p.reported_on }) +
          " · " + fmt(t.metres, { distance: p.distance_m }) + " "
        ));
        // A real POST to the votes app, from a form outside the report form (forms cannot nest).
        var form = el("form");
        form.id = "confirm-" + p.id;
        form.method = "post";
        form.action = p.confirm_url;
        var csrf = el("input");
        csrf.type = "hidden";
        csrf.name = "csrfmiddlewaretoken";
        csrf.value = csrfToken;
        form.appendChild(csrf);
        confirmForms.appendChild(form);
        var button = el("button", t.confirm, "confirm-same");
        button.type = "submit";
        button.setAttribute("form", form.id);
        li.appendChild(button);
        list.appendChild(li);
        var c = feature.geometry.coordinates;
        var tip = el("span", t.existing + ": " + p.kind_label);
        L.circleMarker([c[1], c[0]], { radius: 8, className: "nearby-camera" })
          .bindTooltip(tip)
          .addTo(nearbyLayer);
      });
      nearbyEl.appendChild(list);
    }

    function showResult(ok, data) {
      if (ok) {
        setStatus(fmt(t.district, { name: data.name_en + " · " + data.name_zh }), "ok");
        renderNearby(data.nearby || []);
      } else {
        setStatus(data && data.error ? data.error : t.checkFailed, "error");
        renderNearby([]);
      }
    }

    function locate(params, onPosition) {
      var seq = ++requestSeq;
      setStatus(t.checking, "busy");
      checkButton.hidden = true;
      var url = config.locateUrl + "?" + new URLSearchParams(params).toString();
      // The API has no language prefix: ask for the page's language, so its errors read in it.
      var headers = { Accept: "application/json", "Accept-Language": document.documentElement.lang || "en" };
      fetch(url, { credentials: "same-origin", headers: headers })
        .then(function (response) {
          return response.json().then(function (data) { return { ok: response.ok, data: data }; });
        })
        .then(function (result) {
          if (seq !== requestSeq) return; // a newer pin position has been asked about since
          if (params.q !== undefined && typeof result.data.lat !== "number") {
            setStatus(t.badCoordinates, "error");
            return;
          }
          if (onPosition && typeof result.data.lat === "number") onPosition(result.data.lat, result.data.lon);
          showResult(result.ok, result.data);
        })
        .catch(function () {
          if (seq === requestSeq) setStatus(t.checkFailed, "error");
        });
    }

    function check() {
      if (!pin) return;
      var ll = pin.getLatLng();
      locate({ lat: ll.lat.toFixed(6), lon: ll.lng.toFixed(6) });
    }

    function placePin(latlng, options) {
      options = options || {};
      if (!pin) {
        pin = L.marker(latlng, { draggable: true, title: t.pin, alt: t.pin, autoPan: true }).addTo(map);
        pin.on("drag", function () { syncInputs(); drawCone(); });
        pin.on("dragend", function () { syncInputs(); drawCone(); check(); });
      } else {
        pin.setLatLng(latlng);
      }
      syncInputs();
      drawCone();
      if (options.pan) map.setView(latlng, Math.max(map.getZoom(), 17));
      if (options.check !== false) check();
    }

    map.on("click", function (e) { placePin(e.latlng); });
    map.on("zoomend", drawCone);

    dirInput.addEventListener("input", drawCone);
    fovInput.addEventListener("input", drawCone);

    function fromInputs() {
      var lat = Number(latInput.value);
      var lon = Number(lonInput.value);
      if (latInput.value.trim() && lonInput.value.trim() && isFinite(lat) && isFinite(lon) &&
          Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
        placePin(L.latLng(lat, lon), { pan: true });
      }
    }
    latInput.addEventListener("change", fromInputs);
    lonInput.addEventListener("change", fromInputs);

    function paste() {
      var text = pasteInput.value.trim();
      if (!text) return;
      locate({ q: text }, function (lat, lon) {
        placePin(L.latLng(lat, lon), { pan: true, check: false });
      });
    }
    pasteButton.addEventListener("click", paste);
    pasteInput.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); paste(); }
    });

    checkButton.addEventListener("click", check);
    locButton.addEventListener("click", function () {
      if (!navigator.geolocation) { setStatus(t.geoUnsupported, "error"); return; }
      navigator.geolocation.getCurrentPosition(
        function (position) {
          // Only the pin moves; nothing is sent until the resident checks or submits.
          placePin(L.latLng(position.coords.latitude, position.coords.longitude), { pan: true, check: false });
          renderNearby([]);
          setStatus(t.geoPlaced, "");
          checkButton.hidden = false;
        },
        function () { setStatus(t.geoDenied, "error"); },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });

    // A form sent back with errors keeps its pin, cone and nearby cameras.
    if (latInput.value.trim() && lonInput.value.trim()) {
      fromInputs();
    }
    if (config.nearby.length) renderNearby(config.nearby);
  };
})();
