/*
 * The districts, shaded by reported cameras (per district, per km² or per 1,000
 * residents), with a legend that explains the shading and the two kinds of marker.
 */
import { el, fetchJson, format } from "../../js/common.js";
import { unspiderfy } from "./clusters.js";
import { buildDistrictPopup } from "./popups.js";
import { config, showNotice, text, view } from "./state.js";

// Colour ramp for the choropleth, light to dark.
const RAMP = ["#f4f1ea", "#fde0c5", "#f9b384", "#ec7d52", "#c8463b", "#8e1f3c"];

let districtLayer = null;
let districtData = null;
let legendControl = null;
let asOf = null; // {month, byCode} while the timeline shows a past month's counts

// Shadings that are rates (decimals), with their legend titles.
const RATES = { per_km2: "legend_per_km2", per_1000_residents: "legend_per_1000" };

export function isDistrictLayer(layer) {
  return layer === districtLayer;
}

/* The timeline (timeline.js) hands over a past month's counts, as rows of
   /api/stats/districts.json, or null to go back to now: the shading, legend
   and popups then read those instead of today's. */
export function setDistrictCounts(rows, month) {
  asOf = null;
  if (rows) {
    const byCode = {};
    rows.forEach((d) => {
      byCode[d.code] = {
        reported_count: d.total,
        verified_count: d.verified,
        official_count: d.official,
        reported_by_residents: d.residents,
        per_km2: d.per_km2,
        per_1000_residents: d.per_1000,
      };
    });
    asOf = { month, byCode };
  }
  styleDistricts();
}

function props(feature) {
  return asOf ? { ...feature.properties, ...asOf.byCode[feature.properties.code] } : feature.properties;
}

function shadingKey() {
  const checked = document.querySelector('input[name="shading"]:checked');
  return checked ? checked.value : "reported_count";
}

/* Equal-interval classes from 0 up to the largest value, so the district
   with the most cameras is always the darkest. Zero has its own colour; a
   count whose maximum is below the number of colours gets one class per value. */
function shadingScale(key) {
  let max = 0;
  districtData.features.forEach((f) => {
    max = Math.max(max, props(f)[key] || 0);
  });
  let n = RAMP.length - 1;
  if (!RATES[key] && max < n) n = Math.max(max, 1);
  return { key, max, n };
}

function classOf(value, scale) {
  if (!value || !scale.max) return 0;
  return Math.min(scale.n, Math.max(1, Math.ceil((value / scale.max) * scale.n)));
}

function colourOf(cls, scale) {
  return cls === 0 ? RAMP[0] : RAMP[RAMP.length - 1 - (scale.n - cls)];
}

function legendRows(scale) {
  const rows = [[RAMP[0], "0"]];
  if (!scale.max) return rows;
  const decimals = scale.max < 1 ? 3 : scale.max < 10 ? 2 : 1;
  for (let cls = 1; cls <= scale.n; cls++) {
    const lo = (scale.max * (cls - 1)) / scale.n;
    const hi = (scale.max * cls) / scale.n;
    let label;
    if (RATES[scale.key]) {
      label = (cls === 1 ? "> 0" : lo.toFixed(decimals)) + " – " + hi.toFixed(decimals);
    } else {
      const first = Math.floor(lo) + 1;
      const last = Math.floor(hi);
      if (first > last) continue;
      label = first === last ? String(first) : first + " – " + last;
    }
    rows.push([colourOf(cls, scale), label]);
  }
  return rows;
}

/* From the camera zoom on the shading thins out, so streets and markers stay readable. */
function districtFillOpacity() {
  const zoom = view.map.getZoom();
  return zoom >= config.zooms.cameras ? 0.15 : zoom >= config.zooms.cameras - 2 ? 0.28 : 0.42;
}

export function styleDistricts() {
  if (!districtLayer) return;
  const scale = shadingScale(shadingKey());
  const fillOpacity = districtFillOpacity();
  districtLayer.eachLayer((layer) => {
    layer.setStyle({
      fillColor: colourOf(classOf(props(layer.feature)[scale.key], scale), scale),
      fillOpacity,
    });
  });
  renderLegend(scale);
}

function renderLegend(scale) {
  if (legendControl) legendControl.remove();
  legendControl = null;
  legendControl = L.control({ position: "bottomright" });
  legendControl.onAdd = () => {
    const box = el("div", "map-legend");
    box.appendChild(markerKey());
    L.DomEvent.disableClickPropagation(box);
    if (!view.map.hasLayer(districtLayer)) return box;
    const title = text[RATES[scale.key] || "legend_reported"];
    box.appendChild(el("p", "legend-title", asOf ? format(text.legend_as_of, { title, month: asOf.month }) : title));
    const list = el("ul");
    legendRows(scale).forEach(([colour, label]) => {
      const item = el("li");
      const swatch = el("span", "legend-swatch");
      swatch.style.backgroundColor = colour;
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(label));
      list.appendChild(item);
    });
    box.appendChild(list);
    if (scale.key === "per_1000_residents") box.appendChild(el("p", "legend-note", text.per_1000_estimate));
    return box;
  };
  legendControl.addTo(view.map);
}

/* Which markers are residents' sightings and which come from an operator's published list. */
function markerKey() {
  const list = el("ul", "legend-markers");
  [["", text.legend_residents], ["cam-official-key", text.legend_official]].forEach(([cls, label]) => {
    const item = el("li");
    item.appendChild(el("span", ("legend-marker " + cls).trim()));
    item.appendChild(document.createTextNode(label));
    list.appendChild(item);
  });
  return list;
}

function makeDistrictLayer() {
  const layer = L.geoJSON(null, {
    style: (feature) => ({
      className: "district district-" + feature.properties.code,
      weight: 1.2,
      color: "#5b6475",
      fillOpacity: 0.4,
    }),
    onEachFeature: (feature, district) => {
      district.bindPopup(() => buildDistrictPopup({ ...district.feature, properties: props(district.feature) }), {
        maxWidth: 320,
      });
      // The shading covers the land, so a click "elsewhere on the map" usually lands here.
      district.on("click", unspiderfy);
    },
  });
  view.layersControl.addOverlay(layer, text.districts_layer);
  return layer;
}

export function loadDistricts() {
  return fetchJson(config.districts_url)
    .then((data) => {
      districtData = data;
      // A reload keeps the layer's place in the layers control and whether it is shown.
      const visible = !districtLayer || view.map.hasLayer(districtLayer);
      if (districtLayer) districtLayer.clearLayers();
      else districtLayer = makeDistrictLayer();
      districtLayer.addData(data);
      if (visible) districtLayer.addTo(view.map);
      districtLayer.bringToBack();
      styleDistricts();
    })
    .catch(() => {
      showNotice(text.district_load_error);
    });
}
