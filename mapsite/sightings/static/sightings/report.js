/* The report page's map: the pin, the view cone and the live position check.
 *
 * Privacy: the browser's own position is used only to move the pin. It is not
 * sent anywhere until the resident chooses to check or submit the pin, and the
 * pin's position is the only position the server ever receives.
 * User-supplied text is put into the page with textContent only.
 */
import { coordinate, format, onMap, readJson, requestJson } from "../js/common.js";
import { attachPlaceSearch, goToPlace } from "../places/place-search.js";
import { showContext } from "./report-context.js";
import { pinCone } from "./report-cone.js";
import { nearbyList } from "./report-nearby.js";

function init(map) {
  var config = readJson("report-config");
  var t = config.labels;
  var latInput = document.getElementById("id_latitude");
  var lonInput = document.getElementById("id_longitude");
  var statusEl = document.getElementById("pin-status");
  var checkButton = document.getElementById("check-position");
  var pasteInput = document.getElementById("paste-coords");
  var pasteButton = document.getElementById("paste-go");
  var locButton = document.getElementById("use-location");
  var dirInput = document.getElementById("id_direction");
  var fovInput = document.getElementById("id_field_of_view");
  var csrfToken = document.querySelector("#report-form [name=csrfmiddlewaretoken]").value;
  var drawCone = pinCone(map, dirInput, fovInput, t.handle);
  var renderNearby = nearbyList(map, config, csrfToken);

  var pin = null;
  var requestSeq = 0;
  var context = showContext(map, config);
  // A found place moves the map only: the resident still puts the pin on the camera.
  attachPlaceSearch(document.getElementById("report-place-search"), function (place) { goToPlace(map, place); });

  function setStatus(text, kind) {
    statusEl.textContent = text || "";
    statusEl.className = "pin-status" + (kind ? " is-" + kind : "");
    statusEl.setAttribute("data-state", kind || "");
  }

  function syncInputs() {
    var ll = pin.getLatLng();
    latInput.value = coordinate(ll.lat);
    lonInput.value = coordinate(ll.lng);
  }

  function showResult(ok, data) {
    if (ok) {
      // The page's own language first.
      var chinese = (config.lang || "").indexOf("zh") === 0;
      var names = chinese ? [data.name_zh, data.name_en] : [data.name_en, data.name_zh];
      setStatus(format(t.district, { name: names.join(" · ") }), "ok");
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
    context.resume();
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
    drawCone(pin);
    if (options.pan) map.setView(latlng, Math.max(map.getZoom(), config.zooms.cone));
    if (options.check !== false) check();
  }

  map.on("click", function (e) { placePin(e.latlng); });
  map.on("zoomend", function () { drawCone(); });

  dirInput.addEventListener("input", function () { drawCone(); });
  fovInput.addEventListener("input", function () { drawCone(); });

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
      // Now in the pin: the server reads a pasted position first, so it must not outlive a drag.
      pasteInput.value = "";
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
        context.pause();
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
