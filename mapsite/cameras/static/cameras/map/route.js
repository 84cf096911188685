/*
 * "How watched is my walk?": a route drawn on the map (or the map's centre
 * added point by point, from the keyboard) or loaded from a GPX file, and the
 * cameras that could see it. The route stays in the browser: the server is
 * only asked for the cameras in boxes around it (exposure.js corridorBoxes),
 * and nothing about the route is stored. The section's data-route-state says
 * "pending", "ready", "refused" or "error", for tests to wait on.
 */
import { clear, el, fetchJson, format } from "../../js/common.js";
import { MAX_POINTS, MAX_ROUTE_M, corridorBoxes, exposure, maxRange, refusal, routeLength, toGpx } from "./exposure.js";
import { config, labels, text, view } from "./state.js";

const section = document.getElementById("route-section");
// A GPX file of 5,000 points with timestamps and elevations is well under 2 MB.
const MAX_FILE_BYTES = 10 * 1024 * 1024;
// Requests in flight at once: enough to be quick, few enough to be gentle on the server.
const PARALLEL = 3;

let points = [];
let result = null;
let drawing = false;
let layer = null;
let asked = 0; // a slow answer for an older route never replaces a newer one

function part(name) {
  return section.querySelector(`[data-route="${name}"]`);
}

function setState(state) {
  section.dataset.routeState = state;
}

function say(message) {
  part("status").textContent = message;
}

function km(metres) {
  return (metres / 1000).toFixed(2);
}

function limits() {
  return { km: MAX_ROUTE_M / 1000, points: MAX_POINTS };
}

function refuse(reason) {
  say(format(text["route_" + reason], limits()));
  setState("refused");
}

function ensureLayer() {
  if (!layer) {
    layer = L.layerGroup().addTo(view.map);
    if (view.layersControl) view.layersControl.addOverlay(layer, text.route_layer);
  }
  return layer;
}

function draw() {
  const group = ensureLayer();
  group.clearLayers();
  if (points.length > 1) L.polyline(points, { className: "route-line", interactive: false }).addTo(group);
  for (const p of points) L.circleMarker(p, { radius: 4, className: "route-vertex", interactive: false }).addTo(group);
  if (!result) return;
  for (const stretch of result.watched) L.polyline(stretch, { className: "route-watched", interactive: false }).addTo(group);
  for (const f of result.cameras) {
    const [lon, lat] = f.geometry.coordinates;
    L.circleMarker([lat, lon], { radius: 11, className: "route-camera", interactive: false }).addTo(group);
  }
}

function changed() {
  result = null;
  part("result").hidden = true;
  setState(points.length ? "drawn" : "");
  say(points.length ? format(text.route_points, { points: points.length, km: km(routeLength(points)) }) : text.route_empty);
  draw();
}

function addPoint(latlng) {
  const next = [...points, [latlng.lat, latlng.lng]];
  const why = refusal(next);
  if (why && why !== "too_few_points") {
    refuse(why);
    return;
  }
  points = next;
  changed();
}

function setDrawing(on) {
  drawing = on;
  part("draw").setAttribute("aria-pressed", String(on));
  view.map.getContainer().classList.toggle("map-drawing", on);
  if (on) say(text.route_drawing);
}

function cameraName(f) {
  const p = f.properties;
  return `${labels.kind[p.kind] || p.kind} · ${labels.operator[p.operator] || p.operator}`;
}

function cameraLink(f) {
  return new URL(f.properties.url, location.href).href;
}

async function camerasAlong(route) {
  const boxes = corridorBoxes(route, maxRange(config.route_ranges));
  const found = new Map();
  let truncated = false;
  for (let i = 0; i < boxes.length; i += PARALLEL) {
    const answers = await Promise.all(
      boxes.slice(i, i + PARALLEL).map((box) => fetchJson(`${config.cameras_url}?bbox=${box.join(",")}`)),
    );
    for (const body of answers) {
      truncated = truncated || Boolean(body.truncated);
      for (const f of body.features) found.set(f.id, f);
    }
  }
  return { features: [...found.values()], truncated };
}

function totalsList(list, heading, entries, names) {
  clear(list);
  list.setAttribute("aria-label", heading);
  list.append(el("li", "route-heading", heading));
  for (const [key, count] of entries) list.append(el("li", null, format(text.route_count, { label: names[key] || key, count })));
}

function show(incomplete) {
  const r = result;
  part("share").textContent = format(text.route_share, {
    percent: (r.share * 100).toFixed(1),
    in_view: Math.round(r.inView),
    length: Math.round(r.length),
  });
  part("incomplete").hidden = !incomplete;
  part("incomplete").textContent = incomplete ? text.route_incomplete : "";
  totalsList(part("by-operator"), text.route_by_operator, r.totals.operator, labels.operator);
  totalsList(part("by-kind"), text.route_by_kind, r.totals.kind, labels.kind);
  const list = part("cameras");
  clear(list);
  for (const f of r.cameras) {
    const li = el("li");
    const a = el("a", null, cameraName(f));
    a.href = f.properties.url;
    li.append(a);
    list.append(li);
  }
  say(r.cameras.length ? format(text.route_cameras, { count: r.cameras.length }) : text.route_none);
  part("result").hidden = false;
}

async function check() {
  const why = refusal(points);
  if (why) {
    refuse(why);
    return;
  }
  setDrawing(false);
  const route = points;
  const ticket = ++asked;
  setState("pending");
  say(text.route_checking);
  let found;
  try {
    found = await camerasAlong(route);
  } catch (err) {
    if (ticket === asked) {
      say(text.route_error);
      setState("error");
    }
    return;
  }
  if (ticket !== asked || route !== points) return;
  result = exposure(route, found.features, config.route_ranges);
  draw();
  show(found.truncated);
  setState("ready");
}

/* The points of a GPX file's tracks, else its routes, else its waypoints;
   a string naming the refusal when it has none we can read. The file is read
   by the HTML parser, which never fails: the XML parser's error page carries
   inline styles that the page's CSP refuses (a console error for every bad
   file). So a file cut short is caught by its missing </gpx> instead, and
   every point must carry numeric coordinates. */
export function parseGpx(source) {
  if (!/<\/gpx>\s*$/i.test(source)) return "malformed";
  const doc = new DOMParser().parseFromString(source, "text/html");
  if (!doc.querySelector("gpx")) return "malformed";
  for (const tag of ["trkpt", "rtept", "wpt"]) {
    const nodes = doc.querySelectorAll(`gpx ${tag}`);
    if (!nodes.length) continue;
    if (nodes.length > MAX_POINTS) return "too_many_points";
    const out = [];
    for (const node of nodes) {
      const lat = Number(node.getAttribute("lat") || "x");
      const lon = Number(node.getAttribute("lon") || "x");
      if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) return "malformed";
      out.push([lat, lon]);
    }
    return out;
  }
  return "malformed";
}

async function load(file) {
  if (file.size > MAX_FILE_BYTES) {
    refuse("file_too_big");
    return;
  }
  const parsed = parseGpx(await file.text());
  const why = typeof parsed === "string" ? parsed : refusal(parsed);
  if (why) {
    refuse(why);
    return;
  }
  points = parsed;
  changed();
  view.map.fitBounds(L.latLngBounds(points), { animate: false, maxZoom: config.zooms.max });
  await check();
}

function downloadGpx() {
  if (!result) return;
  const body = toGpx(points, result.cameras, { name: cameraName, link: cameraLink, title: text.route_gpx_name });
  const url = URL.createObjectURL(new Blob([body], { type: "application/gpx+xml" }));
  const a = el("a");
  a.href = url;
  a.download = "route-cameras.gpx";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function attachRoute(map) {
  if (!section) return;
  map.on("click", (event) => {
    if (drawing) addPoint(event.latlng);
  });
  part("draw").addEventListener("click", () => setDrawing(!drawing));
  part("centre").addEventListener("click", () => addPoint(map.getCenter()));
  part("undo").addEventListener("click", () => {
    points = points.slice(0, -1);
    changed();
  });
  part("clear").addEventListener("click", () => {
    points = [];
    changed();
  });
  part("check").addEventListener("click", check);
  part("gpx").addEventListener("click", downloadGpx);
  part("file").addEventListener("change", (event) => {
    const file = event.target.files && event.target.files[0];
    event.target.value = ""; // the same file can be loaded again
    if (file) load(file);
  });
  say(text.route_empty);
}
