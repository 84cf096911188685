"""The place index: read once from the fixtures, kept in memory, searched by name.

Sources (credited on the about page): MTR Corporation open data and the Lands
Department's iGeoCom (rail-stations.csv), the Housing Authority's estate locator
(housing-estates.csv), the Home Affairs Department's district boundaries.
"""

from __future__ import annotations

import csv
import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from shapely.geometry import shape

GAZETTEER = Path(settings.BASE_DIR) / "fixtures" / "gazetteer"
DISTRICTS = Path(settings.BASE_DIR) / "fixtures" / "hk-districts.geojson"

# How close the map goes for each kind of place: a district is seen whole.
ZOOM = {"district": 13, "station": 16, "estate": 17}
# Within one match quality, districts first, then stations, then estates.
KIND_ORDER = {"district": 0, "station": 1, "estate": 2}


@dataclass(frozen=True)
class Place:
    kind: str
    name_en: str
    name_zh: str
    lat: float
    lon: float
    detail_en: str = ""
    detail_zh: str = ""
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north

    @functools.cached_property
    def keys(self) -> tuple[str, ...]:
        keys = [normalise(self.name_en), normalise(self.name_zh)]
        if self.kind == "district" and len(self.name_zh) > 2:
            keys.append(normalise(self.name_zh.removesuffix("區")))  # "沙田" is the district as much as "沙田區"
        return tuple(keys)


def normalise(text: str) -> str:
    """Case, accents, spaces and punctuation do not matter: "mongkok" finds "Mong Kok"."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))


def _words(text: str) -> list[str]:
    return [normalise(w) for w in re.split(r"[\s\-'()/]+", text) if w]


def _districts() -> list[Place]:
    from mapsite.districts.loading import CODE_PROPERTY, NAMES

    data = json.loads(DISTRICTS.read_text(encoding="utf-8"))
    places = []
    for feature in data["features"]:
        name_en, name_zh = NAMES[feature["properties"][CODE_PROPERTY]]
        geom = shape(feature["geometry"])
        point = geom.representative_point()
        bbox = tuple(round(v, 5) for v in geom.bounds)
        places.append(Place("district", name_en, name_zh, point.y, point.x, bbox=bbox))
    return places


def _read(name: str) -> list[dict[str, str]]:
    with open(GAZETTEER / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


SYSTEM_ZH = {"MTR": "港鐵", "Light Rail": "輕鐵"}


def _stations() -> list[Place]:
    return [
        Place("station", r["name_en"], r["name_tc"], float(r["lat"]), float(r["lng"]),
              r["system"], SYSTEM_ZH.get(r["system"], r["system"]))
        for r in _read("rail-stations.csv")
    ]


def _estates() -> list[Place]:
    return [
        Place("estate", r["name_en"], r["name_tc"], float(r["lat"]), float(r["lng"]),
              r["district_en"], r["district_tc"])
        for r in _read("housing-estates.csv")
    ]


@functools.cache
def all_places() -> tuple[Place, ...]:
    return tuple(_districts() + _stations() + _estates())


def _quality(place: Place, query: str) -> int | None:
    """0 exact, 1 name starts with it, 2 a word starts with it, 3 anywhere; None: no match."""
    if query in place.keys:
        return 0
    if any(key.startswith(query) for key in place.keys):
        return 1
    if any(word.startswith(query) for word in _words(place.name_en)):
        return 2
    if any(query in key for key in place.keys):
        return 3
    return None


def search(text: str, limit: int) -> list[Place]:
    query = normalise(text)
    if not query:
        return []
    ranked = []
    for place in all_places():
        quality = _quality(place, query)
        if quality is not None:
            ranked.append((quality, KIND_ORDER[place.kind], len(place.name_en), place.name_en, place))
    ranked.sort(key=lambda row: row[:4])
    return [row[-1] for row in ranked[:limit]]
