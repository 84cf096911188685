"""The map in headless Chromium, over real HTTP, against gunicorn started as scripts/serve starts it.

Per viewport (a desktop window and a phone), with a server and a browser of its own:
  - first markers: navigation to the first drawn markers or clusters at the map's default view,
    a new browser context (an empty HTTP cache) per run; the first (cold) run, on the server and
    browser just started, is reported apart from the warm runs that follow the warm-up;
  - zoom steps: from a start view, one zoom in and one out fetch the tiles of both zooms (reported
    apart, as "priming"); then zooms in and out are timed again and again, from the click on the
    map's zoom control until every tile of the new view is drawn and painted. Leaflet's zoom
    animation and the map's wait for moves to stop (cameras.js) are in the time, as a user meets them,
    and each is reported apart (p50s): the animation, the wait, the drawing, the paint.

The seeded SQLite file is prepared in a subprocess of its own (python -m benchmarks.seeding):
Django is configured once per process, and this process may be measuring another database.
"""

# The subprocesses run this interpreter, manage.py and gunicorn with arguments built here.

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import report
from benchmarks.chromium import ARGS, CHROMIUM
from benchmarks.database import DATA, ROOT, sqlite_file
from benchmarks.loadlib.server import Gunicorn, manage, server_env
from benchmarks.measuring import pct

VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
              "device_scale_factor": 3},
}
# Where zoom steps start: the map's own first view, and dense Mong Kok at a camera zoom (16 -> 17).
START_VIEWS = (("default view", ""), ("Mong Kok", "#map=16/22.31930/114.16940"))
# The map marks itself once the first markers or clusters are on screen (cameras.js). Only the mark:
# the district shapes (path.leaflet-interactive) are often drawn before any camera.
DRAWN = "() => document.querySelector('[data-cameras-drawn]')"
DRAWN_AT = "() => Number(document.querySelector('[data-cameras-drawn]').dataset.camerasDrawn)"
# When the responses before the first markers had all arrived (ms from navigation): the page,
# its scripts, the tile versions, the tiles; and how many tiles those were.
RESPONSES = """(drawn) => {
  const entries = performance.getEntriesByType("resource").filter((e) => e.responseEnd <= drawn);
  const tile = (name) => /\\/api\\/tiles\\/\\d+\\//.test(name);
  const end = (test) => Math.round(Math.max(0, ...entries.filter((e) => test(e.name)).map((e) => e.responseEnd)));
  return {page: Math.round(performance.getEntriesByType("navigation")[0].responseEnd),
          scripts: end((name) => name.endsWith(".js")),
          versions: end((name) => name.includes("/api/tiles/versions.json")),
          tiles: end(tile), tile_requests: entries.filter((e) => tile(e.name)).length};
}"""
# No load pending or scheduled (data-cameras-state, state.js): a zoom step may start.
SETTLED = "() => window.cameraMap && window.cameraMap.getContainer().dataset.camerasState === 'ready'"
# One zoom step, timed in the page so that no round trip to Playwright is in it. It clicks the map's
# own zoom control; "cameras:loaded" (cameras.js) follows the drawing of every tile of the new view,
# and the time is taken once the frame holding them has been painted (a task queued from the next
# animation frame runs after that frame's paint). Also counted: tile requests made meanwhile (0
# once cached), whether Leaflet animated the zoom, and the markers and clusters on screen after it.
ZOOM_STEP = """async (direction) => {
  const map = window.cameraMap;
  performance.setResourceTimingBufferSize(100000); // the default 250 entries would stop the count
  const tiles = () => performance.getEntriesByType("resource").filter((e) => e.name.includes("/api/tiles/")).length;
  const before = tiles();
  const from = map.getZoom();
  let zoomend = null;
  let animated = false;
  const onAnim = () => { animated = true; };
  const onEnd = () => { zoomend = performance.now(); };
  map.once("zoomanim", onAnim).once("zoomend", onEnd);
  // Each change of data-cameras-state, when it is seen: the last before the redraw is the load's
  // start (cameras.js sets "pending" again when its wait for the moves to stop is over).
  const marks = [];
  const observer = new MutationObserver(() => marks.push(performance.now()));
  observer.observe(map.getContainer(), { attributes: true, attributeFilter: ["data-cameras-state"] });
  const loaded = new Promise((resolve, reject) => {
    document.addEventListener("cameras:loaded", () => resolve(performance.now()), { once: true });
    setTimeout(() => reject(new Error("no redraw within 30 s")), 30000);
  });
  const start = performance.now();
  document.querySelector(direction > 0 ? ".leaflet-control-zoom-in" : ".leaflet-control-zoom-out").click();
  const drawn = await loaded;
  await new Promise((resolve) => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = resolve;
    channel.port2.postMessage(null);
  }));
  const painted = performance.now();
  map.off("zoomanim", onAnim);
  observer.disconnect();
  const loadStart = Math.max(zoomend, ...marks.filter((t) => t <= drawn));
  return {from, to: map.getZoom(), total_ms: painted - start, animation_ms: zoomend - start,
          load_ms: loadStart - start, loaded_ms: drawn - start, animated, fetched: tiles() - before,
          markers: document.querySelectorAll(".leaflet-marker-pane .leaflet-marker-icon").length};
}"""


def _without_database_url() -> dict[str, str]:
    """The browser run always uses its SQLite file, whatever the rest of the benchmark measures."""
    return {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}


def seed_in_subprocess(cameras: int) -> Path:
    subprocess.run([sys.executable, "-m", "benchmarks.seeding", str(cameras)], cwd=ROOT,
                   env=_without_database_url(), check=True)
    return sqlite_file(cameras)


def _serve_env(db_path: Path, static_root: Path) -> dict[str, str]:
    """scripts/serve's environment on this SQLite file: production settings, its worker check on
    (no ALLOW_UNSAFE_WORKERS), rate limits off (one client asks for everything, many times)."""
    env = server_env(SQLITE_PATH=str(db_path), STATIC_ROOT=str(static_root))
    env.pop("DATABASE_URL", None)
    env.pop("ALLOW_UNSAFE_WORKERS", None)
    return env


def served_as(env: dict[str, str]) -> tuple[int, int]:
    """The workers and threads mapsite/gunicorn_conf.py picks in this environment (what scripts/serve runs)."""
    code = "import mapsite.gunicorn_conf as c; print(c.workers, c.threads)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True,
                         text=True).stdout.split()
    return int(out[-2]), int(out[-1])


def _context(browser, base: str, viewport: str):
    context = browser.new_context(locale="en-GB", **VIEWPORTS[viewport])
    # The machines have no internet: map tiles and anything else off this server are refused at once.
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
    return context


def _first_markers(browser, base: str, viewport: str) -> dict:
    """Milliseconds from navigation to the first drawn cameras, in a new context (an empty HTTP
    cache), and to the ends of the responses before them."""
    context = _context(browser, base, viewport)
    page = context.new_page()
    page.goto(base + "/", wait_until="commit")
    page.wait_for_function(DRAWN, timeout=30_000)
    drawn = page.evaluate(DRAWN_AT)
    # Chromium files a fetch's timing entry a little after the script has read its response.
    page.wait_for_timeout(500)
    phases = {**page.evaluate(RESPONSES, drawn), "drawn": drawn}
    context.close()
    return {k: round(v) for k, v in phases.items()}


def _first_summary(first: dict, warm: list[dict]) -> dict:
    times = [w["drawn"] / 1000 for w in warm]
    return {"first_s": round(first["drawn"] / 1000, 3), "p50_s": round(pct(times, 50), 3),
            "p95_s": round(pct(times, 95), 3), "times_s": [round(t, 3) for t in times],
            "first_phases_ms": first, "phases_p50_ms": {k: round(pct([w[k] for w in warm], 50)) for k in first}}


def _open(context, base: str, hash_: str):
    page = context.new_page()
    page.goto(base + "/" + hash_, wait_until="commit")
    page.wait_for_function(DRAWN, timeout=30_000)
    page.wait_for_function(SETTLED, timeout=30_000)
    return page


def warm_up(browser, base: str, viewport: str) -> None:
    """What a deployed server has served before: the map page at each start view, in this viewport,
    once, in a throwaway context (the page, its scripts and styles, versions.json, the tiles)."""
    context = _context(browser, base, viewport)
    for _, hash_ in START_VIEWS:
        _open(context, base, hash_).close()
    context.close()


def _step(page, direction: int) -> dict:
    page.wait_for_function(SETTLED, timeout=30_000)
    return page.evaluate(ZOOM_STEP, direction)


def _summary(steps: list[dict]) -> dict:
    times = [s["total_ms"] / 1000 for s in steps]
    return {"p50_s": round(pct(times, 50), 3), "p95_s": round(pct(times, 95), 3), "max_s": round(max(times), 3),
            "times_s": [round(t, 3) for t in times],
            # Where the time goes, p50 of each: Leaflet's animation; the map's wait for moves to stop
            # (cameras.js); building and drawing the markers from the tiles held; the paint.
            "animation_p50_ms": round(pct([s["animation_ms"] for s in steps], 50)),
            "wait_p50_ms": round(pct([s["load_ms"] - s["animation_ms"] for s in steps], 50)),
            "drawn_p50_ms": round(pct([s["loaded_ms"] - s["load_ms"] for s in steps], 50)),
            "paint_p50_ms": round(pct([s["total_ms"] - s["loaded_ms"] for s in steps], 50)),
            "fetched": sum(s["fetched"] for s in steps),
            "not_animated": sum(not s["animated"] for s in steps),
            # Per step: animation over, load started, drawn, painted (ms from the click).
            "steps_ms": [[round(s[k]) for k in ("animation_ms", "load_ms", "loaded_ms", "total_ms")] for s in steps],
            "markers": max(s["markers"] for s in steps)}


def zoom_steps(browser, base: str, viewport: str, view: str, hash_: str, runs: int) -> dict:
    """Zoom in and out from a start view: once with the tiles fetched, then `runs` times each way cached."""
    context = _context(browser, base, viewport)
    page = _open(context, base, hash_)
    first_in, first_out = _step(page, +1), _step(page, -1)
    ins, outs = [], []
    for _ in range(runs):
        ins.append(_step(page, +1))
        outs.append(_step(page, -1))
    context.close()
    return {"view": view, "from": first_in["from"], "to": first_in["to"],
            "priming": {way: {"s": round(step["total_ms"] / 1000, 3), "fetched": step["fetched"]}
                        for way, step in (("in", first_in), ("out", first_out))},
            "in": _summary(ins), "out": _summary(outs), "all": _summary(ins + outs)}


def measure_viewport(pw, env: dict[str, str], workers: int, threads: int, viewport: str, runs: int) -> dict:
    """A server just started and a browser just launched: the cold run, warm-up, warm runs, zoom steps."""
    server = Gunicorn(env, DATA / "browser-gunicorn.log", workers=workers, threads=threads).start()
    base = f"http://127.0.0.1:{server.port}"
    try:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            # The first run: the server's first page (its readiness check asked one small JSON
            # first), a browser's first renderer.
            first = _first_markers(browser, base, viewport)
            warm_up(browser, base, viewport)
            warm = [_first_markers(browser, base, viewport) for _ in range(runs)]
            zooms = [zoom_steps(browser, base, viewport, view, hash_, runs) for view, hash_ in START_VIEWS]
        finally:
            browser.close()
    finally:
        server.stop()
    options = VIEWPORTS[viewport]
    size = f"{options['viewport']['width']}x{options['viewport']['height']}"
    if options.get("has_touch"):
        size += f" (touch, {options['device_scale_factor']}x)"
    return {"size": size, **_first_summary(first, warm), "zoom": zooms}


def measure_browser(db_path: Path, runs: int) -> dict:
    """Both viewports against gunicorn on the seeded file, each with a fresh server and browser."""
    from playwright.sync_api import sync_playwright

    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    env = _serve_env(db_path, static_root)
    try:
        manage(env, "collectstatic", "--noinput", "-v0")
        workers, threads = served_as(env)
        with sync_playwright() as pw:
            viewports = {name: measure_viewport(pw, env, workers, threads, name, runs) for name in VIEWPORTS}
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    server = (f"gunicorn -c mapsite/gunicorn_conf.py as scripts/serve runs it on SQLite: {workers} worker"
              f"{'s' if workers > 1 else ''} x {threads} threads, real HTTP")
    return {"runs": runs, "server": server, "viewports": viewports}


def run(cameras: int, runs: int) -> dict:
    """Seed (or reuse) the browser's database, measure, and print what was measured."""
    DATA.mkdir(parents=True, exist_ok=True)
    browser = {"cameras": cameras, **measure_browser(seed_in_subprocess(cameras), runs)}
    print("\n== " + "\n".join(report.browser_lines(browser)), flush=True)
    return browser
