"""A resident deletes their own photo while it awaits approval: the row and its files go."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from mapsite.audit.models import AuditEntry
from mapsite.cameras.models import Camera
from mapsite.photos.models import Photo
from tests.helpers import text

pytestmark = pytest.mark.django_db

CONFIRM = {"confirm": "on"}


def url(photo: Photo) -> str:
    return reverse("photos:withdraw", args=[photo.pk])


def files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_uploader_deletes_their_pending_photo_and_its_files(resident_client, resident, make_photo):
    photo = make_photo()
    kept = make_photo()  # another photo of theirs stays
    assert {photo.image, photo.thumbnail} <= files()

    response = resident_client.post(url(photo), CONFIRM)

    assert response.status_code == 302 and response["Location"] == reverse("sightings:mine")
    assert list(Photo.objects.values_list("pk", flat=True)) == [kept.pk]
    assert files() == {kept.image, kept.thumbnail}
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PHOTO_WITHDRAWN)
    assert (entry.actor, entry.role, entry.camera_id, entry.before) == (
        resident, "resident", photo.camera_id, {"photo": photo.pk})
    # The camera the photo was of stays.
    assert Camera.objects.filter(pk=photo.camera_id).exists()
    assert "Your photo is deleted." in text(resident_client.get(response["Location"]))


def test_json_answer(resident_client, make_photo):
    photo = make_photo()
    response = resident_client.post(url(photo), json.dumps({"confirm": True}), content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "message": "Your photo is deleted.", "photo": photo.pk, "deleted": True}


@pytest.mark.parametrize("data", [{}, {"confirm": ""}])
def test_without_the_confirmation_nothing_is_deleted(resident_client, make_photo, data):
    photo = make_photo()
    before = files()
    response = resident_client.post(url(photo), data)
    assert response.status_code == 400
    assert "Tick the box to confirm that the photo should be deleted." in text(response)
    assert Photo.objects.filter(pk=photo.pk).exists() and files() == before
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.PHOTO_WITHDRAWN).exists()


@pytest.mark.parametrize("who", ["other_resident_client", "moderator_client"])
def test_nobody_else_may_delete_it(request, make_photo, who):
    # Not even a moderator: they reject a photo instead, which the audit log explains.
    photo = make_photo()
    before = files()
    response = request.getfixturevalue(who).post(url(photo), CONFIRM)
    assert response.status_code == 403
    assert "Only the person who sent this photo can delete it." in text(response)
    assert Photo.objects.filter(pk=photo.pk).exists() and files() == before


@pytest.mark.parametrize("status", [Photo.Status.APPROVED, Photo.Status.REJECTED])
def test_a_decided_photo_cannot_be_deleted_by_its_uploader(resident_client, make_photo, status):
    photo = make_photo(status)
    before = files()
    response = resident_client.post(url(photo), CONFIRM)
    assert response.status_code == 404
    assert "no longer awaiting approval" in text(response)
    assert Photo.objects.get(pk=photo.pk).status == status and files() == before


def test_missing_photo_is_404(resident_client, db):
    assert resident_client.post(reverse("photos:withdraw", args=[999]), CONFIRM).status_code == 404


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_only_post(resident_client, make_photo, method):
    photo = make_photo()
    response = getattr(resident_client, method)(url(photo))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert Photo.objects.filter(pk=photo.pk).exists()


def test_a_visitor_is_sent_to_log_in(outsider_client, make_photo):
    photo = make_photo()
    response = outsider_client.post(url(photo), CONFIRM)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert Photo.objects.filter(pk=photo.pk).exists()
