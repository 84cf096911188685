from decimal import Decimal

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


# Vertices of the district shapes, exactly as the boundary file gives them.
BOUNDARY_STREET = (22.32676, 114.17417)  # shared by Yau Tsim Mong (E) and Sham Shui Po (F)
SHAM_SHUI_PO = (22.3300, 114.1600)
EDGES = {
    "west (Islands)": ((22.21733, 113.81723), "T"),
    "east (Sai Kung)": ((22.36513, 114.50247), "Q"),
    "south (Islands)": ((22.13672, 113.92238), "T"),
    "north (North)": ((22.56833, 114.33296), "N"),
}


def test_a_point_on_a_shared_border_belongs_to_the_first_district_by_code(districts):
    # Later districts must not take back a point an earlier one placed.
    assert district_code_at(*BOUNDARY_STREET) == "E"
    assert district_code_at(*SHAM_SHUI_PO) == "F"
    assert district_codes_at([BOUNDARY_STREET, SHAM_SHUI_PO, BOUNDARY_STREET]) == ["E", "F", "E"]


@pytest.mark.parametrize("edge", list(EDGES))
def test_the_territorys_outermost_points_are_inside(districts, edge):
    # Each lies on its district's bounding box, where the batch prefilter must still keep it.
    point, code = EDGES[edge]
    assert district_code_at(*point) == code
    assert district_codes_at([point]) == [code]


def test_a_batch_mixing_inside_outside_border_edge_and_impossible_points(districts):
    points = [
        MONG_KOK, SHENZHEN, BOUNDARY_STREET, EDGES["west (Islands)"][0], (float("nan"), 114.1),
        (22.3, float("inf")), (0.0, 114.1), (22.3, 0.0), SHAM_SHUI_PO, EDGES["north (North)"][0],
    ]
    expected = ["E", None, "E", "T", None, None, None, None, "F", "N"]
    assert district_codes_at(points) == expected
    assert [district_code_at(lat, lon) for lat, lon in points] == expected


def test_an_empty_batch_gives_an_empty_answer(districts):
    assert district_codes_at([]) == []


def test_the_batch_takes_decimal_and_integer_coordinates_as_the_single_lookup_does(districts):
    tsing_yi = (Decimal("22.3480"), Decimal("114.1030"))
    assert district_code_at(*tsing_yi) == "S"
    assert district_codes_at([tsing_yi, (22, 114)]) == ["S", None]


def test_the_outside_error_names_the_point(districts):
    with pytest.raises(OutsideHongKong, match=r"^\(22\.541, 114\.055\) is not inside any Hong Kong district$"):
        district_at(*SHENZHEN)


# Vertices shared by several districts, exactly as the boundary file gives them. The tree's
# query order is not the code order, so these catch a lookup that takes the first hit it meets.
CORNERS = {
    "Central and Western, Wan Chai, Yau Tsim Mong": ((22.29066, 114.16744), "A"),
    "Central and Western, Wan Chai, Southern": ((22.25882, 114.16338), "A"),
    "Central and Western, Wan Chai": ((22.25888, 114.16338), "A"),
    "Central and Western, Kwai Tsing, Islands": ((22.2976, 114.10987), "A"),
    "Wan Chai, Eastern, Southern": ((22.2579, 114.19771), "B"),
}


@pytest.mark.parametrize("corner", list(CORNERS))
def test_a_shared_corner_belongs_to_the_first_district_by_code_in_both_lookups(districts, corner):
    point, code = CORNERS[corner]
    assert district_code_at(*point) == code
    assert district_codes_at([point]) == [code]


def test_single_and_batch_lookups_agree_on_a_grid_around_a_three_district_corner(districts):
    # Steps of 0.00001° land on the boundary file's own grid, so some points lie on borders.
    lat0, lon0 = CORNERS["Central and Western, Wan Chai, Yau Tsim Mong"][0]
    steps = range(-30, 31, 3)
    points = [(round(lat0 + dy * 0.00001, 5), round(lon0 + dx * 0.00001, 5)) for dy in steps for dx in steps]
    singles = [district_code_at(lat, lon) for lat, lon in points]
    assert district_codes_at(points) == singles
    assert set(singles) == {"A", "B", "E"}
