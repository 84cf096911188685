"""Synthetic demo cameras: enough to see the map work, never mistakable for
real sightings (is_demo, source=DEMO, a note saying so, a banner on the page)."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mapsite.cameras.bulk import bulk_insert_cameras
from mapsite.cameras.models import Camera
from mapsite.districts.lookup import district_codes_at
from mapsite.districts.models import District

# Relative weights: dense urban districts get most of the cameras, the
# country-park districts few. Roughly follows population density.
DISTRICT_WEIGHTS: dict[str, float] = {
    "E": 10, "F": 8, "J": 8, "A": 7, "B": 7, "G": 6, "C": 6, "H": 5, "K": 4,
    "S": 4, "R": 4, "L": 3, "M": 3, "D": 2, "N": 2, "P": 2, "Q": 2, "T": 1,
}  # fmt: skip


def _points_in(district: District, n: int, rng: random.Random) -> list[tuple[float, float]]:
    """n random points that the district lookup places in this district."""
    from shapely.geometry import shape

    min_lon, min_lat, max_lon, max_lat = shape(district.boundary).bounds
    found: list[tuple[float, float]] = []
    while len(found) < n:
        # Most districts fill a third or more of their box; oversample.
        tries = (n - len(found)) * 4 + 16
        trial = [(rng.uniform(min_lat, max_lat), rng.uniform(min_lon, max_lon)) for _ in range(tries)]
        codes = district_codes_at(trial)
        found.extend(p for p, code in zip(trial, codes, strict=True) if code == district.code)
    return found[:n]


def split_counts(count: int, rng: random.Random) -> dict[str, int]:
    codes = list(DISTRICT_WEIGHTS)
    weights = [DISTRICT_WEIGHTS[c] for c in codes]
    result = dict.fromkeys(codes, 0)
    for code in rng.choices(codes, weights=weights, k=count):
        result[code] += 1
    return result


def random_attributes(rng: random.Random, now: dt.datetime) -> dict:
    """One demo camera's attributes: a plausible mix of kinds, ages and confirmations."""
    reported = now - dt.timedelta(days=rng.uniform(0, 730))
    confirmed = reported + (now - reported) * rng.random() if rng.random() < 0.4 else None
    direction = rng.randrange(360) if rng.random() < 0.6 else None
    return {
        "status": Camera.Status.VERIFIED if rng.random() < 0.3 else Camera.Status.PENDING,
        "kind": rng.choice(Camera.Kind.values),
        "operator": rng.choice(Camera.Operator.values),
        "mount": rng.choice(Camera.Mount.values),
        "direction": direction,
        "field_of_view": rng.choice((45, 60, 90, 120)) if direction is not None else None,
        "reported_at": reported,
        "last_confirmed_at": confirmed,
    }


def clear_demo() -> int:
    """Delete every demo camera and nothing else."""
    _total, per_model = Camera.objects.filter(is_demo=True).delete()
    return per_model.get(Camera._meta.label, 0)


@transaction.atomic
def seed_demo(count: int, *, seed: int | None = None) -> int:
    rng = random.Random(seed)
    districts = {d.code: d for d in District.objects.all()}
    if len(districts) != len(DISTRICT_WEIGHTS):
        raise ValueError("load the 18 districts first (manage.py load_districts)")
    now = timezone.now()
    note = _("Demo data — not a real sighting")
    rows = []
    for code, n in split_counts(count, rng).items():
        for lat, lon in _points_in(districts[code], n, rng) if n else ():
            rows.append({"latitude": lat, "longitude": lon, "district_id": districts[code].id,
                         **random_attributes(rng, now)})
    bulk_insert_cameras(rows, {"is_demo": True, "source": Camera.Source.DEMO, "notes": note, "updated_at": now})
    return len(rows)
