/* The report page's map: the pin, the view cone and the live position check.
 *
 * Privacy: the browser's own position is used only to move the pin. It is not
 * sent anywhere until the resident chooses to check or submit the pin, and the
 * pin's position is the only position the server ever receives.
 * User-supplied text is put into the page with textContent only.
 */
import {
  bearing, clear, coneOutline, coordinate, el, format as fmt, onMap, readJson, requestJson,
} from "../js/common.js";

const CONE_PX = 70; // the cone and its handle keep one on-screen size at every zoom

/* Web Mercator is conformal, so a screen-space angle is the compass bearing. */
function pixelsAlong(map, latlng, px) {
  const p = map.latLngToLayerPoint(latlng);
  return (degrees) => {
    const r = (degrees * Math.PI) / 180;
    return map.layerPointToLatLng(L.point(p.x + px * Math.sin(r), p.y - px * Math.cos(r)));
  };
}

function bearingBetween(map, from, to) {
  const a = map.latLngToLayerPoint(from);
  const b = map.latLngToLayerPoint(to);
  return bearing((Math.atan2(b.x - a.x, a.y - b.y) * 180) / Math.PI);
}

function init(map) {
  var config = readJson("report-config");
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
    return isFinite(n) ? bearing(n) : null;
  }

  /* Empty or not a number: coneOutline takes the default. */
  function currentFov() {
    var n = Number(fovInput.value);
    return fovInput.value.trim() && isFinite(n) ? n : null;
  }

  function drawCone() {
    if (!pin) return;
    var origin = pin.getLatLng();
    var dir = currentDirection();
    var along = pixelsAlong(map, origin, CONE_PX);
    var tip = along(dir === null ? 0 : dir);
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
    var points = coneOutline(origin, dir, currentFov(), along, 16);
    if (!cone) {
      cone = L.polygon(points, { className: "view-cone", interactive: false }).addTo(map);
    } else {
      cone.setLatLngs(points);
    }
  }

  function syncInputs() {
    var ll = pin.getLatLng();
    latInput.value = coordinate(ll.lat);
    lonInput.value = coordinate(ll.lng);
  }

  function renderNearby(items) {
    nearbyLayer.clearLayers();
    clear(nearbyEl);
    clear(confirmForms);
    differentWrap.hidden = !items.length;
    if (!items.length) return;
    nearbyEl.appendChild(el("p", null, fmt(t.nearbyTitle, { radius: config.radius })));
    var list = el("ul", "nearby-list");
    items.forEach(function (feature) {
      var p = feature.properties;
      var li = el("li");
      li.setAttribute("data-camera-id", p.id);
      li.appendChild(el("strong", null, p.kind_label));
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
      var button = el("button", "confirm-same", t.confirm);
      button.type = "submit";
      button.setAttribute("form", form.id);
      li.appendChild(button);
      list.appendChild(li);
      var c = feature.geometry.coordinates;
      var tip = el("span", null, t.existing + ": " + p.kind_label);
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
    requestJson(url, { headers: { "Accept-Language": document.documentElement.lang || "en" } })
      .then(function (result) {
        if (seq !== requestSeq) return; // a newer pin position has been asked about since
        var data = result.data || {};
        if (params.q !== undefined && typeof data.lat !== "number") {
          setStatus(t.badCoordinates, "error");
          return;
        }
        if (onPosition && typeof data.lat === "number") onPosition(data.lat, data.lon);
        showResult(result.ok, data);
      })
      .catch(function () {
        if (seq === requestSeq) setStatus(t.checkFailed, "error");
      });
  }

  function check() {
    if (!pin) return;
    var ll = pin.getLatLng();
    locate({ lat: coordinate(ll.lat), lon: coordinate(ll.lng) });
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
    if (options.pan) map.setView(latlng, Math.max(map.getZoom(), config.zooms.cone));
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
}

onMap("report-map", init);
