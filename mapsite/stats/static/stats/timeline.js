/*
 * The growth chart: cameras on this site by month beside the official figures, on one
 * time axis, drawn with the vendored uPlot. The numbers come from the page (the same
 * series /api/stats/timeline.json serves) and sit in the table beside the chart, which
 * is what screen readers and copying use; the canvas itself is hidden from them.
 *
 * Each unit has its own y scale and axis: a camera set holds 2-3 cameras, so sets and
 * cameras are never summed or joined by a line. Official figures are points only.
 */
import uPlot from "./vendor/uplot-1.6.32/uPlot.esm.js";
import { format, readJson } from "../js/common.js";

const COLOURS = { total: "#1f4e79", residents: "#2e7d32", verified: "#6a1b9a", official: "#b26a00" };
const FIGURE_COLOURS = ["#b3261e", "#00796b", "#5d4037", "#c2185b", "#455a64", "#827717"];
const HEIGHT = 280;

/* The end of a "YYYY-MM" month (the start of the next), in seconds: the counts are as of then. */
function monthEnd(label) {
  const [year, month] = label.split("-").map(Number);
  return Date.UTC(year, month, 1) / 1000;
}

/* Month and weekday names in a language, as uPlot's date templates name them ({MMM}, {WWW}...),
   so the time axis reads "5月" on a Chinese page where uPlot alone writes "May". */
export function dateNames(lang) {
  const names = (option, count, date) => {
    const fmt = new Intl.DateTimeFormat(lang, { ...option, timeZone: "UTC" });
    return Array.from({ length: count }, (_, i) => fmt.format(date(i)));
  };
  const month = (i) => new Date(Date.UTC(2024, i, 1));
  const weekday = (i) => new Date(Date.UTC(2024, 0, 7 + i)); // 7 January 2024 was a Sunday
  return {
    MMMM: names({ month: "long" }, 12, month),
    MMM: names({ month: "short" }, 12, month),
    WWWW: names({ weekday: "long" }, 7, weekday),
    WWW: names({ weekday: "short" }, 7, weekday),
  };
}

function day(iso) {
  return Date.parse(iso + "T00:00:00Z") / 1000;
}

/* uPlot's aligned data: one shared x array, every series null where it has no point. */
export function chartData(data) {
  const monthXs = data.months.map(monthEnd);
  const figureXs = data.figures.flatMap((f) => f.points.map((p) => day(p.date)));
  const xs = Array.from(new Set([...monthXs, ...figureXs])).sort((a, b) => a - b);
  const at = new Map(xs.map((x, i) => [x, i]));
  const column = () => xs.map(() => null);
  const counts = data.series.map((s) => {
    const values = column();
    // A log scale has no zero: an empty month is left out, not drawn at the bottom.
    s.cumulative.forEach((n, i) => { values[at.get(monthXs[i])] = n > 0 ? n : null; });
    return values;
  });
  const figures = data.figures.map((f) => {
    const values = column();
    f.points.forEach((p) => { values[at.get(day(p.date))] = p.figure; });
    return values;
  });
  return [xs, ...counts, ...figures];
}

function options(data, labels, width, compact) {
  const scaleOf = (unit) => unit.replace(/\W+/g, "_");
  const units = Array.from(new Set(["cameras", ...data.figures.map((f) => f.unit)]));
  const series = [
    { label: labels.month, value: (u, x) => (x == null ? "–" : new Date(x * 1000).toISOString().slice(0, 10)) },
    ...data.series.map((s) => ({
      label: labels.series[s.key], scale: scaleOf(s.unit), stroke: COLOURS[s.key], width: 2, spanGaps: true,
    })),
    ...data.figures.map((f, i) => ({
      label: labels.figures[f.programme + "|" + f.unit],
      scale: scaleOf(f.unit),
      stroke: FIGURE_COLOURS[i % FIGURE_COLOURS.length],
      fill: FIGURE_COLOURS[i % FIGURE_COLOURS.length],
      paths: () => null,
      points: { show: true, size: 9 },
    })),
  ];
  const scales = { x: { time: true } };
  const axes = [{}];
  units.forEach((unit, i) => {
    scales[scaleOf(unit)] = { distr: 3, log: 10 };
    axes.push({
      scale: scaleOf(unit),
      side: i === 0 ? 3 : 1,
      grid: { show: i === 0 },
      // The narrow panel has room for the cameras' axis alone, untitled: its legend names each
      // series' unit, and the figures' values are listed right below it.
      show: !compact || i === 0,
      label: compact ? undefined : format(labels.log_scale, { unit: labels.units[unit] || unit }),
      size: compact ? 62 : 64,
    });
  });
  const names = dateNames(document.documentElement.lang || "en");
  return {
    width, height: HEIGHT, series, scales, axes, legend: { live: !compact },
    fmtDate: (template) => uPlot.fmtDate(template, names),
  };
}

function draw(figure) {
  const data = readJson(figure.dataset.data);
  const labels = readJson(figure.dataset.labels);
  const holder = figure.querySelector(".stats-chart");
  if (!data || !labels || !holder) return null;
  try {
    const width = () => Math.max(240, holder.clientWidth || figure.clientWidth || 320);
    const compact = figure.classList.contains("stats-compact");
    const plot = new uPlot(options(data, labels, width(), compact), chartData(data), holder);
    window.addEventListener("resize", () => plot.setSize({ width: width(), height: HEIGHT }));
    return plot;
  } catch (error) {
    holder.textContent = labels.failed;
    throw error;
  }
}

document.querySelectorAll("figure.stats-timeline").forEach(draw);
