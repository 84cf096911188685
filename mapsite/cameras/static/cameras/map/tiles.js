/*
 * Camera data comes in map tiles (/api/tiles/{z}/{x}/{y}.json): each holds
 * clusters with counts when zoomed out, or the cameras themselves from the
 * camera zoom on, filtered on the server. Tiles are kept by z/x/y, filters and
 * the tile's own version, so panning back never refetches a tile already held.
 * A tile's version is the sum of the versions of the regions (a grid at one
 * zoom) it covers, read from /api/tiles/versions.json: an edit in one region
 * retires only the tiles over it, and every other tile keeps its URL and its
 * place in the browser's and any proxy's cache.
 */
import { fetchJson, fillUrl } from "../../js/common.js";
import { config, TILE_SIZE, view } from "./state.js";

const MAX_HELD = 2000; // tiles, a few MB at most
let held = {}; // key -> Promise of tile data
let heldCount = 0;
let versionsPromise = null;
let versions = null; // {zoom, regions: [[x, y, version], ...]}
let refresh = false; // the next versions fetch bypasses the browser's cache

export function visibleTiles() {
  const map = view.map;
  const z = Math.max(0, Math.min(config.zooms.max, Math.round(map.getZoom())));
  const bounds = map.getPixelBounds();
  const scale = map.getZoomScale(z, map.getZoom());
  const n = Math.pow(2, z);
  const x0 = Math.max(0, Math.floor((bounds.min.x * scale) / TILE_SIZE));
  const y0 = Math.max(0, Math.floor((bounds.min.y * scale) / TILE_SIZE));
  const x1 = Math.min(n - 1, Math.floor((bounds.max.x * scale) / TILE_SIZE));
  const y1 = Math.min(n - 1, Math.floor((bounds.max.y * scale) / TILE_SIZE));
  const tiles = [];
  for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) tiles.push([z, x, y]);
  return tiles;
}

export function ensureVersion() {
  if (versions !== null) return Promise.resolve(versions);
  if (!versionsPromise) {
    versionsPromise = fetchJson(config.tiles_versions_url, refresh ? { cache: "no-cache" } : {})
      .then((data) => {
        versions = {
          zoom: data.zoom,
          regions: Object.keys(data.regions).map((key) => key.split("/").map(Number).concat([data.regions[key]])),
        };
        refresh = false;
        return versions;
      })
      .finally(() => {
        versionsPromise = null;
      });
  }
  return versionsPromise;
}

/* Ask the server for the versions again (bypassing any cached copy): some tiles held may be stale. */
export function forgetVersion() {
  versions = null;
  refresh = true;
}

/* The server's services.tile_version: from the region zoom on a tile lies in one
   region; a coarser tile sums the versions of all the regions inside it. */
export function tileVersion(tile) {
  const shift = versions.zoom - tile[0];
  let sum = 0;
  versions.regions.forEach((r) => {
    const inside = shift >= 0
      ? r[0] >> shift === tile[1] && r[1] >> shift === tile[2]
      : r[0] === tile[1] >> -shift && r[1] === tile[2] >> -shift;
    if (inside) sum += r[2];
  });
  return sum;
}

export function fetchTile(tile, query) {
  const version = tileVersion(tile);
  const key = version + "|" + query + "|" + tile.join("/");
  if (!held[key]) {
    if (heldCount > MAX_HELD) {
      held = {};
      heldCount = 0;
    }
    const url =
      fillUrl(config.tiles_url, { z: tile[0], x: tile[1], y: tile[2] }) +
      "?" + (query ? query + "&" : "") + "v=" + version;
    held[key] = fetchJson(url).then((data) => {
      data.key = key;
      data.expected = version;
      return data;
    });
    heldCount++;
    held[key].catch(() => {
      delete held[key];
    });
  }
  return held[key];
}
