/*
 * Camera data comes in map tiles (/api/tiles/{z}/{x}/{y}.json): each holds
 * clusters with counts when zoomed out, or the cameras themselves from the
 * camera zoom on, filtered on the server. Tiles are kept by z/x/y, filters and
 * data version, so panning back never refetches a tile already held; the
 * version (from /api/tiles/version.json, and echoed in every tile) changes
 * whenever any camera does, which retires every held tile at once.
 */
import { fetchJson, fillUrl } from "../../js/common.js";
import { config, TILE_SIZE, view } from "./state.js";

const MAX_HELD = 2000; // tiles, a few MB at most
let held = {}; // key -> Promise of tile data
let heldCount = 0;
let versionPromise = null;

export let dataVersion = null;

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
  if (dataVersion !== null) return Promise.resolve(dataVersion);
  if (!versionPromise) {
    versionPromise = fetchJson(config.tiles_version_url, { cache: "no-store" })
      .then((data) => {
        setVersion(data.v);
        return dataVersion;
      })
      .finally(() => {
        versionPromise = null;
      });
  }
  return versionPromise;
}

/* A new data version retires every tile held under the old one. */
export function setVersion(v) {
  if (v === dataVersion) return false;
  dataVersion = v;
  held = {};
  heldCount = 0;
  return true;
}

/* Ask the server for the version again: every tile held so far may be stale. */
export function forgetVersion() {
  dataVersion = null;
}

export function fetchTile(tile, query) {
  const key = dataVersion + "|" + query + "|" + tile.join("/");
  if (!held[key]) {
    if (heldCount > MAX_HELD) {
      held = {};
      heldCount = 0;
    }
    const url =
      fillUrl(config.tiles_url, { z: tile[0], x: tile[1], y: tile[2] }) +
      "?" + (query ? query + "&" : "") + "v=" + encodeURIComponent(dataVersion);
    held[key] = fetchJson(url).then((data) => {
      data.key = key;
      return data;
    });
    heldCount++;
    held[key].catch(() => {
      delete held[key];
    });
  }
  return held[key];
}
