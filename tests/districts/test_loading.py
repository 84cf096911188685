import pytest

from mapsite.districts.loading import NAMES, load_districts
from mapsite.districts.lookup import district_code_at
from mapsite.districts.models import District
from tests.helpers import MONG_KOK


def test_all_18_with_proper_names(districts):
    assert len(districts) == 18
    assert districts["A"].name_en == "Central and Western"
    assert districts["A"].name_zh == "中西區"
    assert districts["B"].name_zh == "灣仔區"
    assert districts["E"].name_zh == "油尖旺區"
    assert sorted(districts) == sorted(NAMES)


def test_areas_are_plausible(districts):
    # The boundaries include sea, so together they cover Hong Kong's ~2,755 km²
    # of land and water; Wong Tai Sin (landlocked, ~9.3 km²) is the smallest.
    total = sum(d.area_km2 for d in districts.values())
    assert 2650 < total < 2850
    assert districts["H"].area_km2 == pytest.approx(9.3, abs=0.3)
    assert min(districts.values(), key=lambda d: d.area_km2).code == "H"
    assert max(districts.values(), key=lambda d: d.area_km2).code == "Q"


def test_display_boundary_is_small(districts):
    import json

    size = sum(len(json.dumps(d.display_boundary)) for d in districts.values())
    assert size < 400_000


def test_reload_is_idempotent(districts):
    before = {d.code: (d.pk, d.name_en, d.name_zh, d.area_km2) for d in District.objects.all()}
    assert load_districts() == (0, 18)
    assert load_districts() == (0, 18)
    after = {d.code: (d.pk, d.name_en, d.name_zh, d.area_km2) for d in District.objects.all()}
    assert after == before
    assert district_code_at(*MONG_KOK) == "E"


def test_reload_repairs_a_changed_name(districts):
    District.objects.filter(code="A").update(name_en="Central And Western")
    load_districts()
    assert District.objects.get(code="A").name_en == "Central and Western"


def test_bad_file_changes_nothing(districts, tmp_path):
    path = tmp_path / "d.geojson"
    path.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    with pytest.raises(ValueError, match="lacks districts"):
        load_districts(path)
    assert District.objects.count() == 18
