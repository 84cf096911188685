import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from mapsite.cameras.models import Camera
from mapsite.districts.lookup import district_code_at
from mapsite.districts.models import District
from mapsite.lib.quadkeys import quadkey


def run(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_creates_marked_demo_cameras_in_their_districts(districts):
    assert "Created 400 demo cameras." in run("--count", "400", "--seed", "1")
    cameras = list(Camera.objects.select_related("district"))
    assert len(cameras) == 400
    for cam in cameras:
        assert cam.is_demo
        assert cam.source == Camera.Source.DEMO
        assert cam.notes == "Demo data — not a real sighting"
        assert cam.reporter is None
        assert district_code_at(cam.latitude, cam.longitude) == cam.district.code
        assert cam.qk == quadkey(cam.longitude, cam.latitude)
        assert cam.status in Camera.PUBLIC_STATUSES
    by_district = Counter(cam.district.code for cam in cameras)
    # Weighted towards dense urban districts: Yau Tsim Mong gets far more than the Islands.
    assert by_district["E"] > 3 * by_district["T"]
    assert len(by_district) >= 15
    assert len({cam.kind for cam in cameras}) == len(Camera.Kind.values)
    assert len({cam.operator for cam in cameras}) == len(Camera.Operator.values)


def test_clear_removes_only_demo_cameras(make_camera):
    real = make_camera()
    run("--count", "50")
    assert Camera.objects.count() == 51
    assert "Deleted 50 demo cameras." in run("--clear")
    assert list(Camera.objects.all()) == [real]


def test_clear_and_reseed(districts):
    run("--count", "20")
    output = run("--clear", "--count", "10")
    assert "Deleted 20" in output and "Created 10" in output
    assert Camera.objects.filter(is_demo=True).count() == 10


def test_demo_cameras_are_marked_on_their_page(outsider_client, districts):
    run("--count", "1")
    cam = Camera.objects.get()
    assert "It is not a real sighting." in outsider_client.get(f"/cameras/{cam.pk}/").content.decode()


@pytest.mark.parametrize("args", [[], ["--count", "-1"]])
def test_bad_arguments(districts, args):
    with pytest.raises(CommandError):
        run(*args)


def test_needs_districts(db):
    District.objects.all().delete()  # the test database starts with them loaded
    with pytest.raises(CommandError, match="load the 18 districts"):
        run("--count", "5")
