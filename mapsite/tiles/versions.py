"""A tile's version as a client computes it from /api/tiles/versions.json (services.region_versions).

The map's own copy is tiles.js (cameras/map/tiles.js), which the browser needs; this is the one
Python copy, for the benchmarks and the tests, so that they build the same ?v= the map does.
Plain Python, no Django: a load client can import it without the settings."""

from __future__ import annotations


def tile_version_in(document: dict, z: int, x: int, y: int) -> int:
    """The version of tile (z, x, y) by the versions document: from the document's zoom on, a tile
    lies in one region and has its version; a coarser tile sums the versions of all the regions
    inside it (those whose x and y, shifted right by the difference in zoom, are its own)."""
    shift = document["zoom"] - z
    total = 0
    for key, version in document["regions"].items():
        rx, ry = (int(n) for n in key.split("/"))
        inside = (rx >> shift, ry >> shift) == (x, y) if shift >= 0 else (rx, ry) == (x >> -shift, y >> -shift)
        if inside:
            total += version
    return total
