"""The OSM tag mapping (mapsite/cameras/osm.py): properties over every attribute combination,
plus a handful of real-world taggings written out by hand."""

import math

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mapsite.cameras.models import Camera
from mapsite.cameras.osm import TAG_KEYS, TagError, from_tags, tags_for, to_tags

# The autouse fixtures in tests/conftest.py reset settings per test; these pure functions ignore them.
PURE = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)

kinds = st.sampled_from(Camera.Kind.values)
operators = st.sampled_from(Camera.Operator.values)
mounts = st.sampled_from(Camera.Mount.values)
directions = st.none() | st.integers(0, 359)
fields_of_view = st.none() | st.integers(1, 360)


def attrs(kind=Camera.Kind.FIXED, operator=Camera.Operator.POLICE, mount=Camera.Mount.POLE, direction=None, fov=None):
    return {"kind": kind, "operator": operator, "mount": mount, "direction": direction, "field_of_view": fov}


@PURE
@given(kinds, operators, mounts, directions, fields_of_view)
@example(Camera.Kind.SMARTVIEW, Camera.Operator.PRIVATE, Camera.Mount.UNKNOWN, None, None)
@example(Camera.Kind.ANPR, Camera.Operator.MTR, Camera.Mount.TRAFFIC_SIGNAL, 0, 360)
@example(Camera.Kind.TRAFFIC, Camera.Operator.UNKNOWN, Camera.Mount.OTHER, 359, 1)
def test_writing_then_reading_tags_gives_back_the_attributes(kind, operator, mount, direction, fov):
    assert from_tags(tags_for(kind, operator, mount, direction, fov)) == attrs(kind, operator, mount, direction, fov)


@PURE
@given(kinds, operators, mounts, directions, fields_of_view)
def test_written_tags_are_known_columns_of_text(kind, operator, mount, direction, fov):
    tags = tags_for(kind, operator, mount, direction, fov)
    assert set(tags) <= set(TAG_KEYS)
    assert tags["man_made"] == "surveillance"
    assert all(isinstance(value, str) and value for value in tags.values())
    assert ("camera:direction" in tags) == (direction is not None)
    assert ("camera:angle" in tags) == (fov is not None)


tag_keys = st.sampled_from([*TAG_KEYS, "direction", "name", "fixme"]) | st.text(max_size=12)
tag_values = st.sampled_from(["surveillance", "camera", "ALPR", "traffic", "NE", "-90", "400", "nan", ""]) | st.text(
    max_size=12
)


@PURE
@given(st.dictionaries(tag_keys, tag_values, max_size=8))
def test_any_tags_give_valid_attributes_or_a_tag_error(tags):
    try:
        result = from_tags(tags)
    except TagError:
        return
    assert result["kind"] in Camera.Kind.values
    assert result["operator"] in Camera.Operator.values
    assert result["mount"] in Camera.Mount.values
    assert result["direction"] is None or 0 <= result["direction"] <= 359
    assert result["field_of_view"] is None or 1 <= result["field_of_view"] <= 360


@PURE
@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_any_finite_direction_is_read_modulo_360(degrees):
    result = from_tags({"man_made": "surveillance", "camera:direction": repr(degrees)})
    assert result["direction"] == round(degrees) % 360


@PURE
@given(st.integers(-1000, 1000))
def test_a_field_of_view_outside_1_to_360_is_refused(angle):
    tags = {"man_made": "surveillance", "camera:angle": str(angle)}
    if 1 <= angle <= 360:
        assert from_tags(tags)["field_of_view"] == angle
    else:
        with pytest.raises(TagError):
            from_tags(tags)


def test_to_tags_on_a_camera_matches_tags_for():
    camera = Camera(kind=Camera.Kind.DOME, operator=Camera.Operator.MTR, mount=Camera.Mount.CEILING, direction=5)
    tags = to_tags(camera)
    assert tags == tags_for("dome", "mtr", "ceiling", 5, None)
    assert tags == {
        "man_made": "surveillance",
        "surveillance": "public",
        "surveillance:type": "camera",
        "surveillance:zone": "street",
        "camera:type": "dome",
        "camera:mount": "ceiling",
        "camera:direction": "5",
        "operator": "MTR Corporation",
        "operator:type": "public",
    }


def test_a_private_operator_watches_outdoor_not_public_space():
    tags = tags_for("fixed", "private", "wall")
    assert tags["surveillance"] == "outdoor" and tags["operator:type"] == "private"
    assert "operator" not in tags


@pytest.mark.parametrize(
    "tags,expected",
    [
        ({"man_made": "surveillance", "surveillance:type": "ALPR"}, {"kind": "anpr"}),
        ({"man_made": "surveillance", "camera:type": "panning"}, {"kind": "ptz"}),
        ({"man_made": "surveillance", "surveillance": "traffic"}, {"kind": "traffic"}),
        ({"man_made": "surveillance", "name": "SmartView 12"}, {"kind": "smartview"}),
        ({"man_made": "surveillance", "operator": "香港警務處"}, {"operator": "police"}),
        ({"man_made": "surveillance", "operator": "Wing On Bakery"}, {"operator": "private"}),
        ({"man_made": "surveillance", "camera:mount": "street_lamp"}, {"mount": "pole"}),
        ({"man_made": "surveillance", "camera:mount": "tree"}, {"mount": "other"}),
        ({"man_made": "surveillance", "camera:direction": "NE"}, {"direction": 45}),
        ({"man_made": "surveillance", "camera:direction": "-90"}, {"direction": 270}),
        ({"man_made": "surveillance", "camera:direction": "400"}, {"direction": 40}),
        ({"man_made": "surveillance", "colour": "white", "fixme": "check"}, {"kind": "unknown", "mount": "unknown"}),
    ],
)
def test_reads_real_world_tagging(tags, expected):
    result = from_tags(tags)
    for key, value in expected.items():
        assert result[key] == value


@pytest.mark.parametrize(
    "tags",
    [
        {},
        None,
        {"amenity": "bench"},
        {"man_made": "surveillance", "surveillance:type": "guard"},
        {"man_made": "surveillance", "camera:direction": "sideways"},
        {"man_made": "surveillance", "camera:direction": "nan"},
        {"man_made": "surveillance", "camera:angle": "0"},
        {"man_made": "surveillance", "camera:angle": "720"},
        ["man_made", "surveillance"],
    ],
)
def test_rejects_what_is_not_a_camera_or_is_malformed(tags):
    with pytest.raises(TagError):
        from_tags(tags)


def test_infinite_degrees_are_refused():
    with pytest.raises(TagError):
        from_tags({"man_made": "surveillance", "camera:direction": repr(math.inf)})
