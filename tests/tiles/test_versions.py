"""A tile's version read from the versions document, as the map (tiles.js) builds its ?v=."""

from __future__ import annotations

import pytest

from mapsite.cameras.models import Camera
from mapsite.lib.quadkeys import lonlat_to_tile
from mapsite.tiles import services
from mapsite.tiles.versions import tile_version_in
from tests.conftest import MONG_KOK

TUEN_MUN = (22.3916, 113.9770)

# Regions at zoom 14 around Mong Kok's, plus one with x and y swapped, which a lookup that
# confused the two would count.
DOCUMENT = {
    "format": 1,
    "zoom": 14,
    "regions": {"13388/7142": 3, "13389/7142": 5, "13388/7143": 7, "13390/7142": 11, "7142/13388": 100},
}

CASES = {
    "one region at its own zoom": ((14, 13388, 7142), 3),
    "the swapped region": ((14, 7142, 13388), 100),
    "a region with no version yet": ((14, 13391, 7142), 0),
    "zoom 13 over three regions": ((13, 6694, 3571), 15),
    "zoom 13 over one region": ((13, 6695, 3571), 11),
    "zoom 12 over four regions": ((12, 3347, 1785), 26),
    "zoom 15 inside a region's lower half": ((15, 26777, 14286), 7),
    "zoom 16 inside a region": ((16, 53555, 28569), 3),
    "zoom 16 in the next region east": ((16, 53556, 28571), 5),
    "the whole world": ((0, 0, 0), 126),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_tile_s_version_is_the_sum_over_the_regions_it_covers(case):
    (z, x, y), version = CASES[case]
    assert tile_version_in(DOCUMENT, z, x, y) == version


def test_an_empty_document_gives_every_tile_version_zero():
    assert tile_version_in({"format": 1, "zoom": 14, "regions": {}}, 9, 427, 223) == 0


def test_the_document_s_zoom_is_the_one_used():
    coarser = {**DOCUMENT, "zoom": 13}  # the same keys read as zoom-13 regions
    assert tile_version_in(coarser, 13, 13388, 7142) == 3
    assert tile_version_in(coarser, 12, 6694, 3571) == 15


@pytest.mark.django_db
def test_the_document_gives_each_tile_the_version_the_server_labels_it_with(client, make_camera):
    mong_kok, _ = make_camera(*MONG_KOK), make_camera(*TUEN_MUN)
    mong_kok.kind = Camera.Kind.DOME
    mong_kok.save()
    document = client.get("/api/tiles/versions.json").json()
    found = {}
    for z in (9, 12, 14, 17):
        for name, (lat, lon) in (("Mong Kok", MONG_KOK), ("Tuen Mun", TUEN_MUN)):
            x, y = lonlat_to_tile(lon, lat, z)
            found[z, name] = tile_version_in(document, z, x, y)
            assert found[z, name] == services.tile_version(z, x, y)
    assert found == {
        (9, "Mong Kok"): 3, (9, "Tuen Mun"): 3,
        (12, "Mong Kok"): 2, (12, "Tuen Mun"): 1,
        (14, "Mong Kok"): 2, (14, "Tuen Mun"): 1,
        (17, "Mong Kok"): 2, (17, "Tuen Mun"): 1,
    }
