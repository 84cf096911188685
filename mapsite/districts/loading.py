"""Load the 18 districts from the GeoJSON fixture (idempotent)."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import numpy as np
import shapely
from django.conf import settings
from django.db import transaction
from shapely.geometry import mapping, shape

from mapsite.districts import lookup
from mapsite.districts.models import District

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "hk-districts.geojson"
POPULATION = Path(settings.BASE_DIR) / "fixtures" / "district-population-2021.csv"
CODE_PROPERTY = "地區號碼"

# The source's names are not fit to display ("Central And Western", "灣仔"), so
# the proper names are kept here and joined on the letter code.
NAMES: dict[str, tuple[str, str]] = {
    "A": ("Central and Western", "中西區"),
    "B": ("Wan Chai", "灣仔區"),
    "C": ("Eastern", "東區"),
    "D": ("Southern", "南區"),
    "E": ("Yau Tsim Mong", "油尖旺區"),
    "F": ("Sham Shui Po", "深水埗區"),
    "G": ("Kowloon City", "九龍城區"),
    "H": ("Wong Tai Sin", "黃大仙區"),
    "J": ("Kwun Tong", "觀塘區"),
    "K": ("Tsuen Wan", "荃灣區"),
    "L": ("Tuen Mun", "屯門區"),
    "M": ("Yuen Long", "元朗區"),
    "N": ("North", "北區"),
    "P": ("Tai Po", "大埔區"),
    "Q": ("Sai Kung", "西貢區"),
    "R": ("Sha Tin", "沙田區"),
    "S": ("Kwai Tsing", "葵青區"),
    "T": ("Islands", "離島區"),
}

_EARTH_RADIUS_M = 6_371_008.8
# Simplification tolerance in degrees (~30 m): the display copy drops to tens of KB.
DISPLAY_TOLERANCE = 0.0003


def area_km2(geom) -> float:
    """Area on a Lambert cylindrical equal-area projection centred on the shape."""
    lat0 = math.radians(geom.centroid.y)
    k = math.cos(lat0)

    def project(coords: np.ndarray) -> np.ndarray:
        lon = np.radians(coords[:, 0])
        lat = np.radians(coords[:, 1])
        return np.column_stack([_EARTH_RADIUS_M * lon * k, _EARTH_RADIUS_M * np.sin(lat) / k])

    return shapely.transform(geom, project).area / 1_000_000


def _rounded(geom_mapping: dict, places: int = 5) -> dict:
    def walk(value):
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], (int, float)):
                return [round(v, places) for v in value]
            return [walk(v) for v in value]
        return value

    return {"type": geom_mapping["type"], "coordinates": walk(geom_mapping["coordinates"])}


def read_population(path: Path = POPULATION) -> dict[str, int]:
    """{code: population} from the 2021 Census table; every district must be there."""
    with Path(path).open(encoding="utf-8", newline="") as fh:
        found = {row["dc_code"].strip().upper(): int(row["population_2021_census"]) for row in csv.DictReader(fh)}
    if set(found) != set(NAMES):
        raise ValueError(f"{path} does not hold exactly the 18 districts")
    return found


@transaction.atomic
def load_districts(path: Path = FIXTURE, population: Path = POPULATION) -> tuple[int, int]:
    """Create or update all 18 districts. Returns (created, updated)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    people = read_population(population)
    created = updated = 0
    seen = set()
    for feature in data["features"]:
        code = feature["properties"][CODE_PROPERTY].strip().upper()
        if code not in NAMES:
            raise ValueError(f"Unknown district code {code!r} in {path}")
        seen.add(code)
        geom = shape(feature["geometry"])
        display = geom.simplify(DISPLAY_TOLERANCE, preserve_topology=True)
        name_en, name_zh = NAMES[code]
        _, was_created = District.objects.update_or_create(
            code=code,
            defaults={
                "name_en": name_en,
                "name_zh": name_zh,
                "area_km2": round(area_km2(geom), 3),
                "boundary": feature["geometry"],
                "display_boundary": _rounded(mapping(display), 4),
                "population": people[code],
            },
        )
        created += was_created
        updated += not was_created
    missing = set(NAMES) - seen
    if missing:
        raise ValueError(f"{path} lacks districts {sorted(missing)}")
    transaction.on_commit(lookup.reset)
    lookup.reset()
    return created, updated
