"""Reporters hear back: My sightings shows each report's outcome, and the header counts new ones until seen."""

from __future__ import annotations

from django.urls import reverse

from mapsite.moderation import merging, services
from mapsite.photos.models import Photo
from tests.helpers import CENTRAL, MONG_KOK, SHA_TIN, offset, text

MINE = reverse("sightings:mine")


def badge(html: str) -> str:
    return html.split('class="badge unseen-outcomes">')[1].split("<")[0] if "unseen-outcomes" in html else ""


def test_outcomes_and_the_unseen_count(reporter_client, reporter, moderator, make_camera):
    verified = make_camera(reporter=reporter)
    rejected = make_camera(*CENTRAL, reporter=reporter)
    merged = make_camera(*offset(*MONG_KOK, north_m=10), reporter=reporter)
    photo_cam = make_camera(*SHA_TIN, reporter=reporter)
    photo = Photo.objects.create(camera=photo_cam, uploader=reporter, image="a.jpg", thumbnail="t.jpg", width=1,
                                 height=1)
    assert badge(text(reporter_client.get(reverse("cameras:map")))) == ""

    services.decide(verified.pk, verified.version, "verify", actor=moderator)
    services.decide(rejected.pk, rejected.version, "reject", actor=moderator, reason="It is a smoke detector.")
    merging.merge(merged.pk, merged.version, verified.pk, actor=moderator)
    services.decide_photo(photo.pk, False, actor=moderator, reason="blurred")
    home = text(reporter_client.get(reverse("cameras:map")))
    assert badge(home) == "5 new decisions"  # verify, reject, merge (on two of their cameras), photo

    html = text(reporter_client.get(MINE))
    assert "It is a smoke detector." in html and f"Merged into #{verified.pk}" in html
    assert "Your photo: Rejected" in html and html.count('<strong class="badge">new</strong>') == 4
    # seen now: the header is quiet, and the next look marks nothing new
    assert badge(text(reporter_client.get(reverse("cameras:map")))) == ""
    assert '<strong class="badge">new</strong>' not in text(reporter_client.get(MINE))


def test_nobody_else_sees_a_reporters_outcomes(other_resident_client, reporter, moderator, make_camera):
    cam = make_camera(reporter=reporter)
    services.decide(cam.pk, cam.version, "reject", actor=moderator, reason="private reason")
    html = text(other_resident_client.get(MINE))
    assert "private reason" not in html and badge(text(other_resident_client.get(reverse("cameras:map")))) == ""
