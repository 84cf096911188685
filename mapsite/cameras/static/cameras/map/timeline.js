/*
 * "As of" a month: a slider over the months from the first public camera to
 * now, with Play/Pause and Now. A past month shades the districts by that
 * month's counts (/api/stats/districts.json?as_of=, kept per month) and, at
 * the camera zooms, draws only the cameras reported by the end of it, from
 * the tiles already held. Clusters are counts of today with no time in them,
 * so while a past month is shown they are hidden and a notice asks to zoom in
 * rather than pass today's counts off as then. The month goes in the URL hash.
 */
import { fetchJson, format } from "../../js/common.js";
import { setFeatureFilter } from "./cameras.js";
import { setDistrictCounts } from "./districts.js";
import { hashMonth, keepMonth } from "./permalink.js";
import { config, text, view } from "./state.js";

const STEP_MS = 1200;

const section = document.getElementById("timeline-section");
const notice = document.getElementById("map-timeline-notice");
let slider = null;
let output = null;
let playButton = null;
let nowButton = null;
let months = []; // "YYYY-MM", the last one the current month (= now)
let chosen = null; // a past month, or null for now
let counts = {}; // month -> Promise of that month's district rows
let playing = false;
let playTimer = null;

function countsFor(month) {
  if (!counts[month]) {
    const url = config.stats_districts_url + "?as_of=" + encodeURIComponent(month);
    counts[month] = fetchJson(url).then((data) => data.districts);
    counts[month].catch(() => {
      delete counts[month];
    });
  }
  return counts[month];
}

function cameraZoom() {
  return Math.round(view.map.getZoom()) >= config.zooms.cameras;
}

/* "reported_on" is a day, "YYYY-MM-DD": its first seven characters are its month. */
function keepAsOf(month) {
  return (feature, mode) => mode === "cameras" && String(feature.properties.reported_on).slice(0, 7) <= month;
}

function showTimelineNotice() {
  if (!notice) return;
  const message = chosen ? format(cameraZoom() ? text.timeline_cameras : text.timeline_zoom_in, { month: chosen }) : "";
  notice.textContent = message;
  notice.hidden = !message;
}

function showControls() {
  if (!slider) return;
  const index = chosen ? months.indexOf(chosen) : months.length - 1;
  slider.value = String(Math.max(0, index));
  const label = chosen || text.timeline_now;
  slider.setAttribute("aria-valuetext", label);
  output.textContent = label;
  nowButton.disabled = !chosen;
  playButton.textContent = playing ? text.timeline_pause : text.timeline_play;
}

/* Returns a promise settled once the shading shows the month. */
function choose(month) {
  const last = months.length ? months[months.length - 1] : null;
  if (month && last && month >= last) month = null; // the current month is now
  if (month && months.length && month < months[0]) month = months[0];
  const changed = month !== chosen;
  chosen = month;
  keepMonth(month);
  showControls();
  showTimelineNotice();
  if (changed) setFeatureFilter(month ? keepAsOf(month) : null);
  if (!month) {
    setDistrictCounts(null);
    return Promise.resolve();
  }
  return countsFor(month)
    .then((rows) => {
      // A later choice may have come back first: only the month still chosen is drawn.
      if (chosen === month) setDistrictCounts(rows, month);
    })
    .catch(() => {
      if (chosen !== month || !notice) return;
      notice.textContent = format(text.timeline_load_error, { month });
      notice.hidden = false;
    });
}

function pause() {
  playing = false;
  window.clearTimeout(playTimer);
  showControls();
}

/* Steps a month at a time, each once its shading is drawn, and stops at now. */
function step() {
  const next = chosen ? months.indexOf(chosen) + 1 : 0;
  if (next >= months.length) {
    pause();
    return;
  }
  choose(months[next]).then(() => {
    if (!playing) return;
    if (chosen) playTimer = window.setTimeout(step, STEP_MS);
    else pause();
  });
}

/* From now, playing starts at the first month. */
function play() {
  if (playing) {
    pause();
    return;
  }
  playing = true;
  showControls();
  step();
}

function firstMonthWithCameras(data) {
  const total = data.series.find((s) => s.key === "total");
  const index = total ? total.cumulative.findIndex((n) => n > 0) : -1;
  return index < 0 ? data.months.length - 1 : index;
}

function wire() {
  slider.min = "0";
  slider.max = String(months.length - 1);
  slider.disabled = months.length < 2;
  playButton.disabled = months.length < 2;
  slider.addEventListener("input", () => {
    const month = months[Number(slider.value)]; // before pause() puts the slider back
    pause();
    choose(month);
  });
  playButton.addEventListener("click", play);
  nowButton.addEventListener("click", () => {
    pause();
    choose(null);
  });
}

export function attachTimeline(map) {
  if (!section) return;
  slider = section.querySelector('[data-timeline="month"]');
  output = section.querySelector('[data-timeline="label"]');
  playButton = section.querySelector('[data-timeline="play"]');
  nowButton = section.querySelector('[data-timeline="now"]');
  map.on("zoomend", showTimelineNotice);
  document.addEventListener("cameras:changed", () => {
    counts = {};
    if (chosen) choose(chosen);
  });
  // A shared link's month filters the first load already; the slider follows once the months are in.
  const wanted = hashMonth();
  if (wanted) choose(wanted);
  fetchJson(config.stats_timeline_url)
    .then((data) => {
      months = data.months.slice(firstMonthWithCameras(data));
      wire();
      choose(chosen);
      section.dataset.timelineState = "ready";
    })
    .catch(() => {
      section.hidden = true;
    });
}
