"""Coordinates as residents paste them: map links and "lon, lat" order."""

import pytest

from mapsite.lib.geo import parse_coordinates


@pytest.mark.parametrize(
    "text",
    [
        "https://www.google.com/maps/@22.3193,114.1694,17z",
        "https://www.google.com/maps/place/Mong+Kok/@22.3180,114.1600,15z/data=!3m1!4b1!3d22.3193!4d114.1694",
        "https://maps.google.com/?q=22.3193,114.1694",
        "https://www.google.com/maps/search/?api=1&query=22.3193%2C114.1694",
        "https://www.openstreetmap.org/#map=17/22.3193/114.1694",
        "https://www.openstreetmap.org/?mlat=22.3193&mlon=114.1694#map=17/22.3100/114.1600",
        "114.1694, 22.3193",
        "114.1694 22.3193",
    ],
)
def test_links_and_swapped_order_give_the_place(text):
    assert parse_coordinates(text) == pytest.approx((22.3193, 114.1694))


def test_lat_lon_order_is_kept():
    assert parse_coordinates("22.3193, 114.1694") == pytest.approx((22.3193, 114.1694))


def test_swapped_order_outside_hong_kong_is_left_as_given():
    # Neither order is in Hong Kong: no guessing; the caller refuses it as outside.
    assert parse_coordinates("40.0, 10.0") == (40.0, 10.0)


@pytest.mark.parametrize("text", ["https://www.google.com/maps/place/Mong+Kok", "https://example.com/nothing"])
def test_a_link_without_coordinates_is_refused(text):
    with pytest.raises(ValueError):
        parse_coordinates(text)
