import itertools

import pytest

from mapsite.cameras.models import Camera
from mapsite.cameras.osm import TAG_KEYS, TagError, from_tags, tags_for, to_tags


def attrs(kind=Camera.Kind.FIXED, operator=Camera.Operator.POLICE, mount=Camera.Mount.POLE, direction=None, fov=None):
    return {"kind": kind, "operator": operator, "mount": mount, "direction": direction, "field_of_view": fov}


@pytest.mark.parametrize(
    "kind,operator,mount",
    list(itertools.product(Camera.Kind.values, Camera.Operator.values, Camera.Mount.values)),
)
def test_round_trip_every_combination(kind, operator, mount):
    original = attrs(kind, operator, mount, direction=270, fov=90)
    assert from_tags(tags_for(kind, operator, mount, 270, 90)) == original


def test_to_tags_on_a_camera_matches_tags_for():
    camera = Camera(kind=Camera.Kind.DOME, operator=Camera.Operator.MTR, mount=Camera.Mount.CEILING, direction=5)
    tags = to_tags(camera)
    assert tags == tags_for("dome", "mtr", "ceiling", 5, None)
    assert tags["man_made"] == "surveillance"
    assert tags["camera:type"] == "dome"
    assert tags["camera:mount"] == "ceiling"
    assert tags["operator"] == "MTR Corporation"
    assert tags["camera:direction"] == "5"
    assert "camera:angle" not in tags
    assert set(tags) <= set(TAG_KEYS)


def test_every_written_key_is_a_known_column():
    for kind, operator, mount in itertools.product(Camera.Kind.values, Camera.Operator.values, Camera.Mount.values):
        assert set(tags_for(kind, operator, mount, 1, 2)) <= set(TAG_KEYS)


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
