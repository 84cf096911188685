import pytest

from mapsite.districts.lookup import OutsideHongKong, district_at, district_code_at, district_codes_at
from tests.helpers import MONG_KOK, SHENZHEN

PLACES = {
    "Mong Kok": (MONG_KOK, "E"),
    "Tsing Yi": ((22.3480, 114.1030), "S"),
    "Ma On Shan": ((22.4250, 114.2320), "R"),
    "Tseung Kwan O": ((22.3075, 114.2600), "Q"),
    "Stanley": ((22.2185, 114.2130), "D"),
    "Tin Shui Wai": ((22.4600, 114.0020), "M"),
    "Cheung Chau": ((22.2090, 114.0290), "T"),
}


@pytest.mark.parametrize("place", list(PLACES))
def test_known_places_fall_in_their_districts(districts, place):
    (lat, lon), code = PLACES[place]
    assert district_code_at(lat, lon) == code
    assert district_at(lat, lon).code == code


def test_shenzhen_is_outside_hong_kong(districts):
    assert district_code_at(*SHENZHEN) is None
    with pytest.raises(OutsideHongKong):
        district_at(*SHENZHEN)


@pytest.mark.parametrize("lat,lon", [(float("nan"), 114.1), (22.3, float("inf")), (0.0, 0.0), (91.0, 114.1)])
def test_impossible_points_are_outside(districts, lat, lon):
    assert district_code_at(lat, lon) is None


def test_batch_lookup_matches_single_lookup(districts):
    points = [coords for coords, _ in PLACES.values()] + [SHENZHEN, (float("nan"), 1.0)]
    assert district_codes_at(points) == [code for _, code in PLACES.values()] + [None, None]
