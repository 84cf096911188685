/*
 * The cameras in view as a text list: what the markers show, for the keyboard and
 * screen readers. Nearest to the map's centre first, 20 to a page, and the same
 * cameras as a GeoJSON or CSV download made in the browser from what it fetched.
 * It asks the cameras API only while its panel section is open.
 */
import { clear, el, fetchJson, format } from "../../js/common.js";
import { filterQuery } from "./filters.js";
import { config, labels, text, view } from "./state.js";

const PAGE = 20;
const section = document.getElementById("list-section");
const CSV_COLUMNS = ["id", "latitude", "longitude", "kind", "operator", "status", "direction", "reported_on", "url"];

let rows = [];
let page = 0;
let loaded = null; // the FeatureCollection the rows came from, for the downloads
let asked = 0; // so a slow answer for an old view never replaces a newer one

function part(name) {
  return section.querySelector(`[data-list="${name}"]`);
}

function distanceM(a, b) {
  return view.map.distance(a, b);
}

function item(row) {
  const p = row.feature.properties;
  const li = el("li", "list-camera");
  const link = el("a", null, labels.kind[p.kind] || p.kind);
  link.href = p.url;
  li.append(link, " · ", labels.status[p.status] || p.status, " · ", labels.operator[p.operator] || p.operator);
  li.append(el("span", "list-distance", format(text.list_distance, { m: Math.round(row.metres) })));
  const show = el("button", "link-button", text.list_show);
  show.type = "button";
  show.addEventListener("click", () => {
    const [lon, lat] = row.feature.geometry.coordinates;
    view.map.setView([lat, lon], Math.max(view.map.getZoom(), config.zooms.cameras), { animate: false });
    view.map.getContainer().focus();
  });
  li.append(" ", show);
  return li;
}

function draw() {
  const list = part("items");
  clear(list);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  page = Math.min(page, pages - 1);
  rows.slice(page * PAGE, (page + 1) * PAGE).forEach((row) => list.append(item(row)));
  part("page").textContent = rows.length ? format(text.list_page, { page: page + 1, pages }) : "";
  part("prev").disabled = page === 0;
  part("next").disabled = page >= pages - 1;
  part("downloads").hidden = rows.length === 0;
}

function say(message) {
  part("status").textContent = message;
}

export async function refreshList() {
  if (!section || !section.open || !view.map) return;
  const filters = filterQuery();
  const ticket = ++asked;
  if (filters === null) {
    rows = [];
    say(text.nothing_selected);
    draw();
    return;
  }
  const b = view.map.getBounds();
  const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((n) => n.toFixed(6)).join(",");
  let body;
  try {
    body = await fetchJson(`${config.cameras_url}?bbox=${bbox}${filters ? "&" + filters : ""}`);
  } catch (err) {
    if (ticket === asked) say(text.load_error);
    return;
  }
  if (ticket !== asked) return;
  const centre = view.map.getCenter();
  loaded = body;
  rows = body.truncated
    ? []
    : body.features
        .map((feature) => {
          const [lon, lat] = feature.geometry.coordinates;
          return { feature, metres: distanceM(centre, L.latLng(lat, lon)) };
        })
        .sort((a, b) => a.metres - b.metres || a.feature.id - b.feature.id);
  page = 0;
  if (body.truncated) say(format(text.list_too_many, { total: body.total }));
  else if (!rows.length) say(text.list_none);
  else say(format(text.list_count, { count: rows.length }));
  draw();
}

function csvCell(value) {
  let s = value === null || value === undefined ? "" : String(value);
  // A cell a spreadsheet would run as a formula is written as text.
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function toCsv() {
  const lines = [CSV_COLUMNS.join(",")];
  for (const { feature } of rows) {
    const [lon, lat] = feature.geometry.coordinates;
    const p = { ...feature.properties, latitude: lat, longitude: lon, url: new URL(feature.properties.url, location.href).href };
    lines.push(CSV_COLUMNS.map((name) => csvCell(p[name])).join(","));
  }
  return lines.join("\r\n") + "\r\n";
}

function download(button, type, name, make) {
  button.addEventListener("click", () => {
    if (!loaded) return;
    const url = URL.createObjectURL(new Blob([make()], { type }));
    const a = el("a");
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
}

export function attachList() {
  if (!section) return;
  section.addEventListener("toggle", refreshList);
  document.addEventListener("cameras:loaded", refreshList);
  part("prev").addEventListener("click", () => {
    page -= 1;
    draw();
  });
  part("next").addEventListener("click", () => {
    page += 1;
    draw();
  });
  const features = () => ({ type: "FeatureCollection", features: rows.map((row) => row.feature) });
  download(part("geojson"), "application/geo+json", "cameras-in-view.geojson", () => JSON.stringify(features()));
  download(part("csv"), "text/csv", "cameras-in-view.csv", toCsv);
}
