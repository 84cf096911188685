/*
 * What the pages' map scripts share, in one place: building DOM nodes, JSON
 * requests, filling URL and label templates, number formats, the zooms the
 * server decides and view-cone geometry.
 *
 * User text only ever reaches a page through textContent: el() never parses HTML.
 * This module defines no globals; the public map's one namespace is
 * window.cameraMap (see cameras/map/main.js).
 */

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/* The data a template rendered with json_script, or null when it is absent. */
export function readJson(id) {
  const node = document.getElementById(id);
  return node ? JSON.parse(node.textContent) : null;
}

/* Resolves to {ok, status, data} whatever the HTTP status, because the APIs
   explain a refusal in their JSON body; only a network failure rejects. */
export function requestJson(url, init = {}) {
  const headers = { Accept: "application/geo+json, application/json", ...init.headers };
  return fetch(url, { credentials: "same-origin", ...init, headers }).then((response) =>
    response
      .json()
      .catch(() => null)
      .then((data) => ({ ok: response.ok, status: response.status, data })),
  );
}

/* GET (or `init`) url as JSON, rejecting on any HTTP error. */
export function fetchJson(url, init) {
  return requestJson(url, init).then((result) => {
    if (!result.ok || result.data === null) throw new Error("HTTP " + result.status);
    return result.data;
  });
}

export function postJson(url, body, csrfToken) {
  return requestJson(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
    body: JSON.stringify(body || {}),
  });
}

/* Labels are translated on the server: Django's own strings use %(name)s and
   the map's use {name}; both are filled here, unknown names left as they are. */
export function format(template, values) {
  return template.replace(/\{(\w+)\}|%\((\w+)\)s/g, (match, brace, percent) => {
    const key = brace || percent;
    return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
  });
}

/* A label and its value joined by the page's colon (": ", or "：" in Chinese), which the server
   writes on <html data-colon> from its catalogue. */
export function labelled(label, value) {
  return label + (document.documentElement.dataset.colon || ": ") + value;
}

/* URL templates come from the server's url_template() with {name} placeholders. */
export function fillUrl(template, values) {
  return template.replace(/\{(\w+)\}/g, (match, key) =>
    Object.prototype.hasOwnProperty.call(values, key) ? encodeURIComponent(String(values[key])) : match,
  );
}

export function compactCount(n) {
  if (n >= 1000000) return (n / 1000000).toFixed(n >= 10000000 ? 0 : 1) + "M";
  if (n >= 10000) return Math.round(n / 1000) + "k";
  if (n >= 1000) return (n / 1000).toFixed(1) + "k";
  return String(n);
}

/* Six decimals is about 10 cm: as precise as the forms store. */
export function coordinate(degrees) {
  return degrees.toFixed(6);
}

export function bearing(degrees) {
  return ((Math.round(degrees) % 360) + 360) % 360;
}

/* A single camera is shown one step past the cone zoom, so its cone reads clearly. */
export function closeZoom(zooms) {
  return Math.min(zooms.max, zooms.cone + 1);
}

/* Leaflet maps from django-leaflet announce themselves with "map:init" on
   window at load, which is after every module has run. */
export function onMap(id, init) {
  window.addEventListener("map:init", (event) => {
    if (event.detail && event.detail.id === id) init(event.detail.map);
  });
}

// --- view cones -------------------------------------------------------------

export const DEFAULT_FOV = 60;

/* A view cone's outline: the apex, then points along its arc from
   direction - fov/2 to direction + fov/2 (compass bearings); a camera that
   sees all round is a ring without an apex. `along(bearing)` places an arc
   point, so a cone can be metres on the ground or pixels on screen. */
export function coneOutline(apex, direction, fov, along, steps) {
  const width = Math.min(Math.max(fov === null || fov === undefined ? DEFAULT_FOV : fov, 1), 360);
  const n = steps || Math.max(6, Math.round(width / 10));
  const points = width >= 360 ? [] : [apex];
  for (let i = 0; i <= n; i++) points.push(along(direction - width / 2 + (width * i) / n));
  return points;
}

/* The [lat, lon] `metres` away from a point on a compass bearing, flat-earth:
   plenty for the tens of metres a cone reaches. */
export function metresAlong(lat, lon, metres) {
  const perDegLat = 111320;
  const perDegLon = 111320 * Math.cos((lat * Math.PI) / 180);
  return (degrees) => {
    const r = (degrees * Math.PI) / 180;
    return [lat + (metres * Math.cos(r)) / perDegLat, lon + (metres * Math.sin(r)) / perDegLon];
  };
}

/* A ground cone as [lat, lon] points, `metres` long. */
export function groundCone(lat, lon, direction, fov, metres) {
  return coneOutline([lat, lon], direction, fov, metresAlong(lat, lon, metres));
}
