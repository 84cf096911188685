/*
 * Camera and district popups, built as DOM elements so that user text (notes
 * above all) only ever goes in through textContent, never as HTML.
 */
import { el, fillUrl, format, labelled } from "../../js/common.js";
import { config, labels, text, view } from "./state.js";

/* Thousands separated as the page's language writes them: 60,000. */
function number(n) {
  if (typeof n !== "number") return n;
  try {
    return n.toLocaleString(config.lang || "en");
  } catch (e) {
    return String(n);
  }
}

function row(list, label, value) {
  list.appendChild(el("dt", null, label));
  const cell = value instanceof Node ? el("dd") : el("dd", null, value);
  if (value instanceof Node) cell.appendChild(value);
  list.appendChild(cell);
}

/* Only http(s) links from data ever become hrefs. */
function safeHttpUrl(url) {
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch (e) {
    return null;
  }
}

/* "Published by the Transport Department (list of August 2019)" for an operator's own list. */
function provenance(p) {
  const by = p.published_by;
  if (!by) return labels.source[p.source] || p.source;
  if (!by.list_date) return format(text.published_by, { publisher: by.publisher });
  const [year, month] = by.list_date.split("-").map(Number);
  const date = new Intl.DateTimeFormat(config.lang || "en", { year: "numeric", month: "long" }).format(
    new Date(Date.UTC(year, month - 1, 15)),
  );
  return format(text.published_by_list, { publisher: by.publisher, date });
}

/* Other apps (votes) append to the popup on "camera:popup", with {feature, element, map}. */
export function buildCameraPopup(feature) {
  const p = feature.properties;
  const root = el("div", "camera-popup");
  root.dataset.cameraId = String(p.id);
  root.appendChild(el("h3", "popup-title", labels.kind[p.kind] || p.kind));

  const list = el("dl", "popup-facts");
  row(list, text.operator, labels.operator[p.operator] || p.operator);
  row(list, text.status, el("span", "badge badge-" + p.status, labels.status[p.status] || p.status));
  row(list, text.reported_on, p.reported_on);
  row(list, text.last_confirmed_on, p.last_confirmed_on || text.never_confirmed);
  if (p.source) row(list, text.provenance, provenance(p));
  if (p.direction !== null && p.direction !== undefined) {
    row(list, text.direction, format(text.degrees, { n: p.direction }));
  }
  root.appendChild(list);

  if (p.stale) root.appendChild(el("p", "popup-stale", text.stale));
  if (p.notes) {
    root.appendChild(el("p", "popup-label", text.notes));
    root.appendChild(el("p", "popup-notes", p.notes));
  }
  const link = el("a", "popup-link", text.camera_page);
  link.href = fillUrl(config.camera_url, { pk: p.id });
  root.appendChild(link);

  document.dispatchEvent(new CustomEvent("camera:popup", { detail: { feature, element: root, map: view.map } }));
  return root;
}

const chinese = Boolean(config.lang && config.lang.indexOf("zh") === 0);

function districtNames(p) {
  return chinese ? [p.name_zh, p.name_en] : [p.name_en, p.name_zh];
}

function officialFigure(fig) {
  const item = el("li");
  item.appendChild(el("strong", null, number(fig.figure) + " " + (labels.unit[fig.unit] || fig.unit_label)));
  item.appendChild(document.createTextNode(" · " + (chinese ? fig.programme_zh : fig.programme) + " · " + fig.date + " "));
  const href = safeHttpUrl(fig.url);
  const source = el(href ? "a" : "span", "popup-source", labelled(text.source, fig.publisher));
  if (href) {
    source.href = href;
    source.rel = "noopener noreferrer external";
    source.title = fig.source_title;
  }
  item.appendChild(source);
  return item;
}

export function buildDistrictPopup(feature) {
  const p = feature.properties;
  const names = districtNames(p);
  const root = el("div", "district-popup");
  root.dataset.districtCode = p.code;
  root.appendChild(el("h3", "popup-title", names[0]));
  root.appendChild(el("p", "popup-subtitle", names[1]));
  const list = el("dl", "popup-facts");
  row(list, text.reported_count, number(p.reported_count));
  row(list, text.residents_count, number(p.reported_by_residents));
  row(list, text.official_count, number(p.official_count));
  row(list, text.verified_count, number(p.verified_count));
  row(list, text.per_km2, p.per_km2);
  if (p.per_1000_residents !== null && p.per_1000_residents !== undefined) {
    row(list, text.per_1000_residents, p.per_1000_residents);
  }
  root.appendChild(list);

  root.appendChild(el("p", "popup-label", text.official_figures));
  if (!p.official_figures.length) {
    root.appendChild(el("p", "hint", text.no_official_figures));
  } else {
    const figures = el("ul", "popup-figures");
    p.official_figures.forEach((fig) => figures.appendChild(officialFigure(fig)));
    root.appendChild(figures);
  }
  const link = el("a", "popup-link", text.district_page);
  link.href = fillUrl(config.district_url, { code: p.code.toLowerCase() });
  root.appendChild(link);
  return root;
}
