"""Blurring more of a photo before approval: who may, what is stored, and every bad box refused."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings
from django.urls import reverse
from PIL import Image

from mapsite.audit.models import AuditEntry
from mapsite.photos.forms import MAX_DRAWN
from mapsite.photos.models import Photo
from tests.helpers import text
from tests.photos.factories import ASTRONAUT_FACE, astronaut_with_gps
from tests.photos.test_redaction import detail

pytestmark = pytest.mark.django_db

# The astronaut's badge, left of the helmet (pixels), which the detector does not touch.
BADGE = (280, 340, 330, 375)
# Its middle, for the thumbnail: resizing reaches a few pixels past each edge of the box.
BADGE_MIDDLE = (288, 346, 322, 369)
BADGE_BOX = {"box-0-left": "54", "box-0-top": "66", "box-0-width": "12", "box-0-height": "8"}


def url(photo: Photo) -> str:
    return reverse("photos:redact", args=[photo.pk])


def stored(photo: Photo, field: str = "image") -> np.ndarray:
    with Image.open(Path(settings.MEDIA_ROOT) / getattr(photo, field)) as image:
        return np.asarray(image.convert("L"), dtype=float)


def files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def region(pixels: np.ndarray, box: tuple[int, int, int, int], scale: float = 1.0) -> np.ndarray:
    left, top, right, bottom = (round(v * scale) for v in box)
    return pixels[top:bottom, left:right]


@pytest.fixture
def astronaut(make_photo) -> Photo:
    return make_photo(data=astronaut_with_gps())


def test_page_shows_the_photo_with_what_was_blurred_outlined(resident_client, astronaut):
    response = resident_client.get(url(astronaut))
    assert response.status_code == 200
    page = text(response)
    assert reverse("photos:image", args=[astronaut.pk]) in page
    assert page.count('class="blurred-box blurred-box-face"') == 1
    assert "1 face found" in page and "0 number plates found" in page
    # The typed fallback: three empty rows of four numbers, no script needed.
    assert 'name="box-2-height"' in page and 'name="box-3-left"' not in page
    assert reverse("photos:withdraw", args=[astronaut.pk]) in page  # the uploader may delete it


def test_moderator_page_has_the_decision_and_no_delete(moderator_client, astronaut):
    page = text(moderator_client.get(url(astronaut)))
    assert reverse("moderation:approve_photo", args=[astronaut.pk]) in page
    assert reverse("photos:withdraw", args=[astronaut.pk]) not in page


def test_uploader_blurs_a_drawn_box_in_the_image_and_thumbnail(resident_client, resident, astronaut):
    before, old_files = stored(astronaut), files()
    assert detail(region(before, BADGE)) > 5
    assert detail(region(stored(astronaut, "thumbnail"), BADGE_MIDDLE, 400 / 512)) > 5

    response = resident_client.post(url(astronaut), BADGE_BOX)

    assert response.status_code == 302 and response["Location"] == url(astronaut)
    astronaut.refresh_from_db()
    after, thumb = stored(astronaut), stored(astronaut, "thumbnail")
    assert detail(region(after, BADGE)) < 1.5
    # A smooth slope is left where the badge was, steeper at the thumbnail's scale.
    assert detail(region(thumb, BADGE_MIDDLE, 400 / 512)) < 2.5
    assert float(np.abs(region(after, BADGE) - region(before, BADGE)).mean()) > 10
    # The face stays blurred, and the rest is what it was (one more JPEG pass aside).
    assert detail(region(after, ASTRONAUT_FACE)) < 1.5
    assert float(np.abs(after[400:, :200] - before[400:, :200]).mean()) < 2
    assert [b["source"] for b in astronaut.boxes] == ["face", "drawn"]
    assert astronaut.boxes[1] == {"x": 0.54, "y": 0.66, "w": 0.12, "h": 0.08, "source": "drawn"}
    # Only the redacted pixels are kept: new files, the old ones gone, nothing else left.
    assert files() == {astronaut.image, astronaut.thumbnail}
    assert not files() & old_files
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PHOTO_REDACTED)
    assert (entry.actor, entry.role, entry.after) == (resident, "resident", {"photo": astronaut.pk, "blurred": 1})


def test_moderator_redaction_is_audited_as_a_moderator(moderator_client, moderator, astronaut):
    response = moderator_client.post(url(astronaut), {**BADGE_BOX, "box-1-left": "0", "box-1-top": "0",
                                                      "box-1-width": "100", "box-1-height": "10"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PHOTO_REDACTED)
    assert (entry.actor, entry.role, entry.camera_id) == (moderator, "moderator", astronaut.camera_id)
    assert entry.after == {"photo": astronaut.pk, "blurred": 2}
    astronaut.refresh_from_db()
    assert detail(region(stored(astronaut), (0, 0, 512, 51))) < 1.5


def test_json_request_gets_the_boxes_back(resident_client, astronaut):
    response = resident_client.post(url(astronaut), json.dumps(BADGE_BOX), content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True and body["message"] == "1 region blurred."
    assert [b["source"] for b in body["boxes"]] == ["face", "drawn"]


def _row(left, top, width, height, row=0) -> dict:
    return {f"box-{row}-left": left, f"box-{row}-top": top, f"box-{row}-width": width, f"box-{row}-height": height}


BAD_BOXES = {
    "outside_right": (_row("90", "10", "20", "10"), "Box 1 reaches past the edge of the photo"),
    "outside_bottom": (_row("10", "95.5", "10", "5"), "Box 1 reaches past the edge of the photo"),
    "negative": (_row("-1", "10", "20", "10"), "Box 1 lies outside the photo"),
    "over_100": (_row("10", "10", "101", "10"), "Box 1 lies outside the photo"),
    "zero_width": (_row("10", "10", "0", "10"), "Box 1 has no size"),
    "zero_height": (_row("10", "10", "10", "0"), "Box 1 has no size"),
    "not_a_number": (_row("ten", "10", "10", "10"), "Box 1: type each number as digits"),
    "nan": (_row("nan", "10", "10", "10"), "Box 1: type each number as digits"),
    "infinite": (_row("10", "inf", "10", "10"), "Box 1: type each number as digits"),
    "incomplete": (_row("10", "10", "10", ""), "Box 1 needs all four numbers"),
    "second_row_bad": ({**_row("1", "1", "5", "5"), **_row("50", "50", "60", "5", row=1)},
                       "Box 2 reaches past the edge of the photo"),
    "nothing": ({}, "Draw or type at least one box to blur"),
    "blank_rows": (_row("", "", "", ""), "Draw or type at least one box to blur"),
    "too_many": ({k: v for n in range(MAX_DRAWN + 1) for k, v in _row("1", "1", "1", "1", row=n).items()},
                 f"At most {MAX_DRAWN} boxes can be blurred at once"),
    "huge_row_number": (_row("1", "1", "1", "1", row=10**12), f"At most {MAX_DRAWN} boxes can be blurred at once"),
}


@pytest.mark.parametrize("case", BAD_BOXES)
def test_bad_boxes_are_a_form_error_and_change_nothing(resident_client, astronaut, case):
    data, message = BAD_BOXES[case]
    before, old_files = stored(astronaut), files()

    response = resident_client.post(url(astronaut), data)

    assert response.status_code == 400
    assert message in text(response)
    astronaut.refresh_from_db()
    assert files() == old_files
    assert np.array_equal(stored(astronaut), before)
    assert [b["source"] for b in astronaut.boxes] == ["face"]
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.PHOTO_REDACTED).exists()


def test_exactly_the_limit_of_boxes_is_accepted(resident_client, astronaut):
    data = {k: v for n in range(MAX_DRAWN) for k, v in _row(str(n * 4), "0", "4", "4", row=n).items()}
    assert resident_client.post(url(astronaut), data).status_code == 302
    astronaut.refresh_from_db()
    assert len(astronaut.boxes) == 1 + MAX_DRAWN


def test_a_box_ending_exactly_at_the_edge_is_accepted(resident_client, astronaut):
    # 33.3 + 66.7 is 100.00000000000001 in floats: still inside.
    assert resident_client.post(url(astronaut), _row("33.3", "0", "66.7", "100")).status_code == 302


@pytest.mark.parametrize(("body", "message"), [
    ("[1, 2]", "The request could not be read: the body must be a JSON object."),
    ("{", "The request could not be read: the body is not valid JSON."),
    ('{"box-0-left": [1, 2]}', "Every field must be a string, a number, true/false or null."),
    ('{"box-0-left": 90, "box-0-top": 0, "box-0-width": 20, "box-0-height": 5}',
     "Box 1 reaches past the edge of the photo: left plus width, and top plus height, can be at most 100."),
])
def test_malformed_json_is_a_400_with_an_error(resident_client, astronaut, body, message):
    old_files = files()
    response = resident_client.post(url(astronaut), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == message
    assert files() == old_files


def test_the_stored_boxes_have_a_limit(resident_client, astronaut):
    Photo.objects.filter(pk=astronaut.pk).update(boxes=[{"x": 0, "y": 0, "w": 0.1, "h": 0.1, "source": "drawn"}] * 99)
    old_files = files()
    response = resident_client.post(url(astronaut), {**_row("1", "1", "5", "5"), **_row("10", "10", "5", "5", 1)})
    assert response.status_code == 400
    assert "as many blurred regions as it can take (100)" in text(response)
    assert files() == old_files


def test_someone_else_may_not_see_or_blur_it(other_resident_client, astronaut):
    old_files = files()
    assert other_resident_client.get(url(astronaut)).status_code == 403
    response = other_resident_client.post(url(astronaut), BADGE_BOX)
    assert response.status_code == 403
    assert "Only the person who sent this photo, or a moderator" in text(response)
    assert files() == old_files


def test_a_visitor_is_sent_to_log_in(outsider_client, astronaut):
    for response in (outsider_client.get(url(astronaut)), outsider_client.post(url(astronaut), BADGE_BOX)):
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("status", [Photo.Status.APPROVED, Photo.Status.REJECTED])
def test_a_decided_photo_is_gone_for_its_uploader_and_a_conflict_for_moderators(
    resident_client, moderator_client, make_photo, status
):
    photo = make_photo(status)
    old_files = files()
    assert resident_client.get(url(photo)).status_code == 404
    assert resident_client.post(url(photo), BADGE_BOX).status_code == 404
    response = moderator_client.post(url(photo), BADGE_BOX)
    assert response.status_code == 409
    assert "already decided" in text(response)
    assert files() == old_files


def test_missing_photo_is_404(resident_client, db):
    assert resident_client.get(reverse("photos:redact", args=[999])).status_code == 404


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_405(resident_client, astronaut, method):
    response = getattr(resident_client, method)(url(astronaut))
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST, HEAD"


def test_a_photo_changed_meanwhile_is_a_conflict_and_keeps_nothing(resident_client, astronaut, monkeypatch):
    # Another request swaps the photo's files between this one's read and its write.
    from mapsite.photos import services

    real = services.redact_stored

    def slow(relative, boxes):
        processed = real(relative, boxes)
        Photo.objects.filter(pk=astronaut.pk).update(image="photos/elsewhere.jpg")
        return processed

    monkeypatch.setattr(services, "redact_stored", slow)
    old_files = files()
    response = resident_client.post(url(astronaut), BADGE_BOX)
    assert response.status_code == 409
    assert files() == old_files  # the new files were deleted again
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.PHOTO_REDACTED).exists()


def test_the_moderation_queue_outlines_what_was_blurred(moderator_client, astronaut):
    page = text(moderator_client.get(reverse("moderation:queue") + "?tab=photos"))
    assert page.count('class="blurred-box blurred-box-face"') == 1
    assert url(astronaut) in page
    assert "1 region blurred" in page


def test_my_sightings_links_a_pending_photo_to_its_page(resident_client, astronaut, make_photo):
    approved = make_photo(Photo.Status.APPROVED)
    page = text(resident_client.get(reverse("sightings:mine")))
    assert url(astronaut) in page
    assert url(approved) not in page
