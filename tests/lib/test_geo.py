import math

import pytest

from mapsite.lib.geo import degree_box, haversine_m, parse_coordinates


@pytest.mark.parametrize(
    "text,lat,lon",
    [
        ("22.3193, 114.1694", 22.3193, 114.1694),
        ("22.3193 114.1694", 22.3193, 114.1694),
        ("22°19'09.5\"N 114°10'09.8\"E", 22.31931, 114.16939),
        ("22°19′09.5″N, 114°10′09.8″E", 22.31931, 114.16939),
        ("22°19'N 114°10'E", 22.31667, 114.16667),
    ],
)
def test_pasted_coordinates_parse(text, lat, lon):
    got = parse_coordinates(text)
    assert got == pytest.approx((lat, lon), abs=1e-4)


@pytest.mark.parametrize("text", ["", "hello", "91, 114", "22.3", "nan, 114", "22°N 22°N"])
def test_bad_coordinates_are_refused(text):
    with pytest.raises(ValueError):
        parse_coordinates(text)


def test_haversine_one_thousandth_degree_of_latitude_is_about_111_m():
    assert haversine_m(22.3, 114.1, 22.301, 114.1) == pytest.approx(111.2, abs=0.5)


def test_degree_box_contains_the_circle():
    s, w, n, e = degree_box(22.3, 114.1, 15)
    assert haversine_m(22.3, 114.1, n, 114.1) == pytest.approx(15, abs=0.01)
    assert haversine_m(22.3, 114.1, 22.3, e) == pytest.approx(15, abs=0.01)
    assert s < 22.3 < n and w < 114.1 < e and not math.isnan(s)
