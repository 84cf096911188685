"""Population from the 2021 Census, cameras per 1,000 residents, and officially published
cameras counted beside residents' reports."""

import pytest

from mapsite.cameras.models import Camera
from mapsite.districts.loading import read_population
from mapsite.districts.models import District
from tests.helpers import CENTRAL, MONG_KOK, text


def test_every_district_has_its_2021_population(districts):
    population = dict(District.objects.values_list("code", "population"))
    assert population["E"] == 310647 and population["R"] == 692806 and population["T"] == 185282
    assert sum(population.values()) == 7_411_945  # the land population, as the source says


def test_a_population_file_missing_a_district_is_refused(tmp_path):
    path = tmp_path / "pop.csv"
    path.write_text("dc_code,population_2021_census\nA,1\n")
    with pytest.raises(ValueError, match="exactly the 18 districts"):
        read_population(path)


@pytest.fixture
def mixed(make_camera):
    make_camera(*MONG_KOK)
    make_camera(*MONG_KOK, status=Camera.Status.VERIFIED, source=Camera.Source.OFFICIAL, import_ref="K101F")
    make_camera(*MONG_KOK, status=Camera.Status.REMOVED, source=Camera.Source.OFFICIAL, import_ref="K102F")
    make_camera(*CENTRAL, status=Camera.Status.VERIFIED)


def test_api_gives_population_per_1000_and_official_counts(client, mixed):
    features = {f["id"]: f["properties"] for f in client.get("/api/districts.geojson").json()["features"]}
    ytm = features["E"]
    assert (ytm["population"], ytm["reported_count"], ytm["official_count"], ytm["reported_by_residents"]) == (
        310647, 2, 1, 1)
    assert ytm["per_1000_residents"] == round(2 * 1000 / 310647, 3)
    assert features["A"]["per_1000_residents"] == round(1000 / 235953, 3)
    assert features["B"]["per_1000_residents"] == 0


def test_table_and_page_show_them(outsider_client, mixed):
    table = text(outsider_client.get("/districts/?sort=per_1000"))
    assert "Per 1,000 residents" in table and "Officially published" in table and "2021 Population Census" in table
    page = text(outsider_client.get("/districts/e/"))
    assert '<dd class="count-residents">1</dd>' in page and '<dd class="count-official">1</dd>' in page
    assert '<dd class="per-1000">0.01</dd>' in page
    assert "about 7 per 1,000 people" in page


@pytest.mark.parametrize("sort", ["residents", "official", "per_1000"])
def test_new_sorts_are_accepted(outsider_client, districts, sort):
    assert outsider_client.get(f"/districts/?sort={sort}").status_code == 200
