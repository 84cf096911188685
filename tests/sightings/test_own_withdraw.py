"""A resident withdraws their own report until it is published or a moderator decides on it:
the report, its photo (files too) and its audit entries are deleted, and nothing public moves."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mapsite.audit.models import AuditEntry
from mapsite.audit.services import record
from mapsite.cameras.models import Camera
from mapsite.moderation import services as moderation
from mapsite.photos.models import Photo
from mapsite.photos.processing import media_path
from mapsite.tiles.services import current_version
from tests.helpers import stored_photo, text

pytestmark = pytest.mark.django_db


def url(camera: Camera) -> str:
    return reverse("sightings:own_withdraw", args=[camera.pk])


@pytest.fixture
def waiting(make_camera, reporter):
    camera = make_camera(reporter=reporter, published_at=None)
    record(camera, AuditEntry.Action.REPORTED, actor=reporter, after={"latitude": camera.latitude})
    return camera


def _version() -> int:
    return current_version()


def test_the_page_asks_before_deleting(reporter_client, waiting):
    response = reporter_client.get(url(waiting))
    assert response.status_code == 200
    assert "Withdraw and delete this report" in text(response)
    assert Camera.objects.filter(pk=waiting.pk).exists()


def test_withdrawing_deletes_the_report_its_photo_and_its_trail(reporter_client, reporter, waiting,
                                                                django_capture_on_commit_callbacks):
    photo = stored_photo(waiting, reporter)
    files = [media_path(photo.image), media_path(photo.thumbnail)]
    assert all(f.exists() for f in files)
    version = _version()
    with django_capture_on_commit_callbacks(execute=True):
        response = reporter_client.post(url(waiting), {"version": waiting.version})
    assert response.status_code == 302 and response["Location"] == reverse("sightings:mine")
    assert not Camera.objects.filter(pk=waiting.pk).exists()
    assert not Photo.objects.filter(pk=photo.pk).exists()
    assert not any(f.exists() for f in files)
    assert not AuditEntry.objects.filter(actor=reporter).exists()
    assert _version() == version
    page = text(reporter_client.get(reverse("sightings:mine")))
    assert "Your report is withdrawn and deleted." in page and "You have not reported any cameras yet." in page


@pytest.mark.parametrize("closing", [{"published_at": "2026-03-04T15:00:00+00:00"}, {"moderator_decided": True},
                                     {"status": Camera.Status.VERIFIED}])
def test_a_published_or_decided_report_cannot_be_withdrawn(reporter_client, reporter, waiting, closing):
    Camera.objects.filter(pk=waiting.pk).update(**closing)
    photo = stored_photo(waiting, reporter)
    assert reporter_client.get(url(waiting)).status_code == 409
    response = reporter_client.post(url(waiting), {"version": waiting.version})
    assert response.status_code == 409
    assert "can no longer be changed or withdrawn" in text(response)
    assert Camera.objects.filter(pk=waiting.pk).exists() and media_path(photo.image).exists()
    assert AuditEntry.objects.filter(camera=waiting).count() == 1


def test_a_moderators_change_meanwhile_stops_the_withdrawal(reporter_client, waiting, moderator):
    moderation.edit(waiting.pk, 1, actor=moderator, notes="checked")
    response = reporter_client.post(url(waiting), {"version": 1})
    assert response.status_code == 409
    assert Camera.objects.filter(pk=waiting.pk).exists()


@pytest.mark.parametrize("data", [{}, {"version": "x"}, {"version": "-1"}])
def test_a_missing_or_bad_version_deletes_nothing(reporter_client, waiting, data):
    response = reporter_client.post(url(waiting), data)
    assert response.status_code == 400
    assert "Reload the page and try again." in text(response)
    assert Camera.objects.filter(pk=waiting.pk).exists()


def test_someone_elses_report_does_not_exist_for_them(other_resident_client, moderator_client, waiting):
    for client in (other_resident_client, moderator_client):
        assert client.get(url(waiting)).status_code == 404
        assert client.post(url(waiting), {"version": 1}).status_code == 404
    assert Camera.objects.filter(pk=waiting.pk).exists()


def test_outsider_is_sent_to_log_in_and_other_methods_are_refused(outsider_client, reporter_client, waiting):
    response = outsider_client.post(url(waiting), {"version": 1})
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert reporter_client.put(url(waiting)).status_code == 405
    assert Camera.objects.filter(pk=waiting.pk).exists()


@pytest.mark.parametrize(("prefix", "change", "withdraw"), [("", "Change", "Withdraw"), ("/zh-hant", None, None)])
def test_my_sightings_links_the_open_reports_only(reporter_client, reporter, waiting, make_camera, prefix, change,
                                                  withdraw):
    published = make_camera(reporter=reporter)
    page = text(reporter_client.get(f"{prefix}/report/mine/"))
    assert f'href="{prefix}/report/mine/{waiting.pk}/edit/"' in page
    assert f'href="{prefix}/report/mine/{waiting.pk}/withdraw/"' in page
    assert f"/report/mine/{published.pk}/edit/" not in page
    assert f'href="{prefix}/accounts/"' in page
    if change:
        assert f">{change}</a>" in page and f">{withdraw}</a>" in page
