"""The merge picker: two records side by side, field by field, and the demo rule."""

from __future__ import annotations

from django.urls import reverse

from mapsite.cameras.models import Camera
from mapsite.moderation import merging
from tests.helpers import MONG_KOK, offset, text


def test_picker_shows_both_records_and_the_post_takes_the_chosen_fields(moderator_client, make_camera, resident):
    survivor = make_camera(kind=Camera.Kind.DOME, operator=Camera.Operator.POLICE)
    duplicate = make_camera(*offset(*MONG_KOK, north_m=12), kind=Camera.Kind.PTZ, operator=Camera.Operator.MTR,
                            notes="on the bridge", reporter=resident)
    url = reverse("moderation:merge_picker", args=[duplicate.pk])
    html = text(moderator_client.get(url, {"into": survivor.pk}))
    for label in ("Pan-tilt-zoom", "Dome", "MTR", "Police", "on the bridge"):
        assert label in html
    response = moderator_client.post(reverse("moderation:merge", args=[duplicate.pk]), {
        "version": duplicate.version, "into": survivor.pk, "pick_kind": "take", "pick_operator": "keep",
        "pick_notes": "take", "pick_position": "take",
    })
    assert response.status_code == 302
    survivor.refresh_from_db()
    assert (survivor.kind, survivor.operator, survivor.notes) == ("ptz", "police", "on the bridge")
    assert (survivor.latitude, survivor.longitude) == (duplicate.latitude, duplicate.longitude)


def test_picker_refusals(moderator_client, make_camera):
    cam = make_camera()
    url = reverse("moderation:merge_picker", args=[cam.pk])
    assert moderator_client.get(url).status_code == 400
    assert moderator_client.get(url, {"into": "abc"}).status_code == 400
    assert moderator_client.get(url, {"into": cam.pk}).status_code == 400
    assert moderator_client.get(url, {"into": 99999}).status_code == 404
    bad = moderator_client.post(reverse("moderation:merge", args=[cam.pk]),
                                {"version": 1, "into": 99999, "pick_kind": "both"})
    assert bad.status_code == 400


def _demo(make_camera, **fields):
    return make_camera(is_demo=True, source=Camera.Source.DEMO, **fields)


def test_a_residents_report_clears_demo_only_when_it_wins(make_camera, moderator, resident):
    demo = _demo(make_camera)
    report = make_camera(*offset(*MONG_KOK, north_m=10), reporter=resident)
    merging.merge(report.pk, report.version, demo.pk, actor=moderator, take={"kind"})
    demo.refresh_from_db()
    assert demo.is_demo and demo.source == "demo" and demo.reporter_id is None

    demo2 = _demo(make_camera, lat=MONG_KOK[0] + 0.001)
    report2 = make_camera(*offset(*MONG_KOK, north_m=120), reporter=resident)
    merging.merge(report2.pk, report2.version, demo2.pk, actor=moderator, take={"source"})
    demo2.refresh_from_db()
    assert not demo2.is_demo and demo2.source == "resident" and demo2.reporter_id == resident.pk


def test_by_default_a_residents_report_wins_over_demo_data(make_camera, moderator, resident):
    demo = _demo(make_camera)
    report = make_camera(*offset(*MONG_KOK, north_m=10), reporter=resident)
    merging.merge(report.pk, report.version, demo.pk, actor=moderator)
    demo.refresh_from_db()
    assert not demo.is_demo
    # ...and demo data merged into a resident's camera never makes it demo
    other = _demo(make_camera, lat=MONG_KOK[0] + 0.0002)
    demo.refresh_from_db()
    merging.merge(other.pk, other.version, demo.pk, actor=moderator)
    demo.refresh_from_db()
    assert not demo.is_demo
