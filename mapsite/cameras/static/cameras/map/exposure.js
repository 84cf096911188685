/*
 * "How watched is my walk?": the geometry, with no DOM, so it can be tested
 * on its own. A route is a list of [lat, lon] points; a camera is a GeoJSON
 * feature from the cameras API. Everything here runs in the browser: the
 * route never leaves it (only the bounding boxes of its corridor do).
 */
import { DEFAULT_FOV } from "../../js/common.js";

export const MAX_ROUTE_M = 50000;
export const MAX_POINTS = 5000;
// Short enough that a 20 m stretch in view is measured to within a few percent.
export const STEP_M = 2;
// Each request covers about this much of the route, so its answer stays well under the API's cap.
export const BOX_SPAN_M = 1000;

const EARTH_M = 6371008.8;
const RAD = Math.PI / 180;

export function distanceM(a, b) {
  const dLat = (b[0] - a[0]) * RAD;
  const dLon = (b[1] - a[1]) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * RAD) * Math.cos(b[0] * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/* The compass bearing from a to b, 0–360. */
export function bearingTo(a, b) {
  const y = Math.sin((b[1] - a[1]) * RAD) * Math.cos(b[0] * RAD);
  const x = Math.cos(a[0] * RAD) * Math.sin(b[0] * RAD) - Math.sin(a[0] * RAD) * Math.cos(b[0] * RAD) * Math.cos((b[1] - a[1]) * RAD);
  return ((Math.atan2(y, x) / RAD) % 360 + 360) % 360;
}

export function routeLength(points) {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += distanceM(points[i - 1], points[i]);
  return total;
}

/* null when the route is acceptable, else why not: "points" (too few or too many) or "length". */
export function refusal(points) {
  if (points.length > MAX_POINTS) return "too_many_points";
  if (points.length < 2) return "too_few_points";
  if (routeLength(points) > MAX_ROUTE_M) return "too_long";
  return null;
}

export function rangeOf(properties, ranges) {
  const r = ranges[properties.kind];
  return r === undefined ? ranges.default : r;
}

export function maxRange(ranges) {
  return Math.max(...Object.values(ranges));
}

/* Whether a camera could see a point: within its kind's range and, where its
   direction is known, inside its view cone. */
export function sees(feature, point, ranges) {
  const p = feature.properties;
  const [lon, lat] = feature.geometry.coordinates;
  const here = [lat, lon];
  const metres = distanceM(here, point);
  if (metres > rangeOf(p, ranges)) return false;
  if (p.direction === null || p.direction === undefined || metres < 0.01) return true;
  const fov = Math.min(p.field_of_view || DEFAULT_FOV, 360);
  if (fov >= 360) return true;
  const off = Math.abs((((bearingTo(here, point) - p.direction) % 360) + 540) % 360 - 180);
  return off <= fov / 2;
}

/* The route cut into pieces of at most `step` metres, each with its midpoint:
   a piece counts as in view when its midpoint is. */
export function pieces(points, step = STEP_M) {
  const out = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    const length = distanceM(a, b);
    const n = Math.max(1, Math.ceil(length / step));
    for (let k = 0; k < n; k++) {
      const at = (t) => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
      out.push({ segment: i - 1, from: at(k / n), to: at((k + 1) / n), mid: at((k + 0.5) / n), length: length / n });
    }
  }
  return out;
}

/* [west, south, east, north] around points, `margin` metres wider on every side. */
function padded(points, margin) {
  let s = 90;
  let n = -90;
  let w = 180;
  let e = -180;
  for (const [lat, lon] of points) {
    s = Math.min(s, lat);
    n = Math.max(n, lat);
    w = Math.min(w, lon);
    e = Math.max(e, lon);
  }
  const dLat = margin / (EARTH_M * RAD);
  const dLon = dLat / Math.cos(((s + n) / 2) * RAD);
  return [w - dLon, s - dLat, e + dLon, n + dLat];
}

/* The route's corridor as bounding boxes, one per stretch of about `span`
   metres, each `margin` metres wider than its stretch and rounded outwards to
   4 decimals (about 10 m): what is sent to the server, instead of the line.
   Consecutive stretches share their end point, so every segment lies inside a box. */
export function corridorBoxes(route, margin, span = BOX_SPAN_M) {
  // A long straight segment is cut up first, or its one box could cover a district.
  const points = densify(route, span / 4);
  const boxes = [];
  let stretch = [points[0]];
  let covered = 0;
  for (let i = 1; i < points.length; i++) {
    const step = distanceM(points[i - 1], points[i]);
    if (covered > 0 && covered + step > span) {
      boxes.push(padded(stretch, margin));
      stretch = [points[i - 1]];
      covered = 0;
    }
    stretch.push(points[i]);
    covered += step;
  }
  boxes.push(padded(stretch, margin));
  const down = (x) => Math.floor(x * 1e4) / 1e4;
  const up = (x) => Math.ceil(x * 1e4) / 1e4;
  return boxes.map(([w, s, e, n]) => [down(w), down(s), up(e), up(n)]);
}

/* The route with points added so that no segment is longer than `most` metres. */
export function densify(points, most) {
  const out = [points[0]];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    const n = Math.ceil(distanceM(a, b) / most);
    for (let k = 1; k < n; k++) out.push([a[0] + ((b[0] - a[0]) * k) / n, a[1] + ((b[1] - a[1]) * k) / n]);
    out.push(b);
  }
  return out;
}

function near(feature, piece, ranges) {
  const [lon, lat] = feature.geometry.coordinates;
  // Cheap reject before the exact test: the piece is at most a few metres long.
  return distanceM([lat, lon], piece.mid) <= rangeOf(feature.properties, ranges) + piece.length;
}

/* The exposure of a route to cameras: which cameras could see it, the share of
   its length in view, the watched stretches (lists of [lat, lon]) and totals. */
export function exposure(points, features, ranges, step = STEP_M) {
  const all = pieces(points, step);
  const seen = new Set();
  const watched = [];
  let total = 0;
  let inView = 0;
  let run = null;
  // Per segment only the cameras near it are tested, so a long route stays quick.
  const bySegment = candidates(points, features, ranges);
  for (const piece of all) {
    total += piece.length;
    let any = false;
    for (const feature of bySegment[piece.segment]) {
      if (!near(feature, piece, ranges) || !sees(feature, piece.mid, ranges)) continue;
      any = true;
      seen.add(feature);
    }
    if (any) {
      inView += piece.length;
      if (run) run.push(piece.to);
      else {
        run = [piece.from, piece.to];
        watched.push(run);
      }
    } else run = null;
  }
  const cameras = features.filter((f) => seen.has(f));
  return { cameras, length: total, inView, share: total ? inView / total : 0, watched, totals: totals(cameras) };
}

function candidates(points, features, ranges) {
  const out = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    const [w, s, e, n] = padded([a, b], maxRange(ranges));
    out.push(
      features.filter((f) => {
        const [lon, lat] = f.geometry.coordinates;
        return lon >= w && lon <= e && lat >= s && lat <= n;
      }),
    );
  }
  return out;
}

/* Counts of cameras by operator and by kind, largest first. */
export function totals(cameras) {
  const count = (key) => {
    const m = new Map();
    for (const f of cameras) m.set(f.properties[key], (m.get(f.properties[key]) || 0) + 1);
    return [...m.entries()].sort((x, y) => y[1] - x[1] || String(x[0]).localeCompare(String(y[0])));
  };
  return { operator: count("operator"), kind: count("kind") };
}

function xml(s) {
  return String(s).replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c]);
}

/* GPX 1.1 of the route as a track, with the cameras as waypoints (which GPX puts first).
   `name(feature)` and `link(feature)` give each waypoint's name and camera page. */
export function toGpx(points, cameras, { name, link, title }) {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push('<gpx version="1.1" creator="Hong Kong Camera Map" xmlns="http://www.topografix.com/GPX/1/1">');
  for (const f of cameras) {
    const [lon, lat] = f.geometry.coordinates;
    lines.push(`  <wpt lat="${lat.toFixed(6)}" lon="${lon.toFixed(6)}"><name>${xml(name(f))}</name>`);
    lines.push(`    <link href="${xml(link(f))}"/><type>${xml(f.properties.kind)}</type></wpt>`);
  }
  lines.push(`  <trk><name>${xml(title)}</name><trkseg>`);
  for (const [lat, lon] of points) lines.push(`    <trkpt lat="${lat.toFixed(6)}" lon="${lon.toFixed(6)}"/>`);
  lines.push("  </trkseg></trk>", "</gpx>", "");
  return lines.join("\n");
}
