from __future__ import annotations

import math
import uuid

import pytest

from tests.conftest import MONG_KOK


def offset(lat: float, lon: float, north_m: float = 0.0, east_m: float = 0.0) -> tuple[float, float]:
    """A point north_m metres north and east_m metres east of (lat, lon)."""
    return lat + north_m / 111_195.0, lon + east_m / (111_195.0 * math.cos(math.radians(lat)))


@pytest.fixture
def report_data():
    def make(lat: float = MONG_KOK[0], lon: float = MONG_KOK[1], **fields) -> dict:
        data = {"latitude": lat, "longitude": lon, "submission_token": str(uuid.uuid4())}
        data.update(fields)
        return data

    return make
