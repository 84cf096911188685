"""/accounts/delete/: the password again, then the account goes and nothing left can be tied
back to it: reports stay with no reporter, votes are withdrawn and recounted, photos not yet
public are deleted with their files, the audit log keeps the actions without the actor."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import models
from django.db.models.functions import Cast
from django.test import Client
from django.urls import reverse

from mapsite.accounts import erasure
from mapsite.accounts.services import burst, set_override
from mapsite.audit.models import AuditEntry
from mapsite.audit.services import record
from mapsite.cameras.models import Camera
from mapsite.moderation import merging
from mapsite.moderation.undo import undo
from mapsite.photos.models import Photo
from mapsite.photos.processing import media_path
from mapsite.votes import services as votes
from mapsite.votes.models import Vote
from tests.helpers import CENTRAL, PASSWORD, SHA_TIN, csrf_client, csrf_token, offset, stored_photo, text

pytestmark = pytest.mark.django_db
URL = "/accounts/delete/"
# Distinctive, so a search of the whole database for it cannot hit anything by chance.
NAME = "kestrel_on_nathan_rd"


@pytest.fixture
def kestrel(db):
    return get_user_model().objects.create_user(username=NAME, password=PASSWORD)


@pytest.fixture
def kestrel_client(kestrel) -> Client:
    client = Client()
    assert client.post("/accounts/login/", {"username": NAME, "password": PASSWORD}).status_code == 302
    return client


@pytest.fixture
def history(kestrel, other_resident, moderator, make_camera):
    """A record touching every table that can name an account."""
    reported = make_camera(reporter=kestrel, notes="on the footbridge")
    record(reported, AuditEntry.Action.REPORTED, actor=kestrel, after={"notes": "on the footbridge"})
    public_photo = stored_photo(reported, kestrel, Photo.Status.APPROVED)
    pending_photo = stored_photo(reported, kestrel, Photo.Status.PENDING)
    rejected_photo = stored_photo(reported, kestrel, Photo.Status.REJECTED)
    waiting = make_camera(lat=SHA_TIN[0], lon=SHA_TIN[1], reporter=kestrel, published_at=None)
    confirmed = make_camera(lat=CENTRAL[0], lon=CENTRAL[1], reporter=other_resident)
    votes.confirm(confirmed.pk, kestrel)
    # Two cameras the account confirmed, merged: its older vote is kept in the merge's entry for an undo.
    a_lat, a_lon = offset(*CENTRAL, north_m=200)
    b_lat, b_lon = offset(*CENTRAL, north_m=205)
    dup, survivor = make_camera(lat=a_lat, lon=a_lon), make_camera(lat=b_lat, lon=b_lon)
    votes.confirm(dup.pk, kestrel)
    votes.confirm(survivor.pk, kestrel)
    merge = merging.merge(dup.pk, dup.version, survivor.pk, actor=moderator)
    # And the account's own report merged away, whose entry names its reporter.
    c_lat, c_lon = offset(*CENTRAL, north_m=400)
    into = make_camera(lat=c_lat, lon=c_lon, reporter=None)
    own_dup = make_camera(lat=c_lat, lon=c_lon + 0.00005, reporter=kestrel)
    merging.merge(own_dup.pk, own_dup.version, into.pk, actor=moderator, take=["source"])
    set_override(kestrel, "held_new", actor=moderator, reason="watching")
    burst(kestrel, what="reports")
    LogEntry.objects.create(user=moderator, content_type=ContentType.objects.get_for_model(kestrel),
                            object_id=str(kestrel.pk), object_repr=NAME, action_flag=CHANGE)
    return {"reported": reported, "public_photo": public_photo, "pending_photo": pending_photo,
            "rejected_photo": rejected_photo, "waiting": waiting, "confirmed": confirmed, "merge": merge,
            "into": into}


def test_the_page_asks_for_the_password_and_says_what_happens(kestrel_client):
    response = kestrel_client.get(URL)
    assert response.status_code == 200
    page = text(response)
    assert 'name="password"' in page and 'autocomplete="current-password"' in page
    assert "your reports stay on the map" in page and 'href="/accounts/data.json"' in page


def test_a_wrong_password_is_a_form_error_and_deletes_nothing(kestrel_client, kestrel, history):
    counts = (Vote.objects.filter(user=kestrel).count(), Photo.objects.count(), AuditEntry.objects.count())
    response = kestrel_client.post(URL, {"password": PASSWORD + "x"})
    assert response.status_code == 400
    assert response.context["form"].has_error("password", "wrong_password")
    assert "That is not your password. Nothing was deleted." in text(response)
    assert get_user_model().objects.filter(pk=kestrel.pk).exists()
    assert (Vote.objects.filter(user=kestrel).count(), Photo.objects.count(), AuditEntry.objects.count()) == counts
    assert media_path(history["pending_photo"].image).exists()
    assert kestrel_client.get("/accounts/").status_code == 200


def test_an_empty_password_is_a_form_error(kestrel_client, kestrel):
    response = kestrel_client.post(URL, {})
    assert response.status_code == 400 and response.context["form"].has_error("password", "required")
    assert get_user_model().objects.filter(pk=kestrel.pk).exists()


def test_deleting_keeps_the_communitys_data_and_cuts_every_link(
    kestrel_client, kestrel, history, moderator, django_capture_on_commit_callbacks
):
    pk = kestrel.pk
    laptop = Client()
    laptop.post("/accounts/login/", {"username": NAME, "password": PASSWORD})
    confirmed = history["confirmed"]
    assert Camera.objects.get(pk=confirmed.pk).confirm_count == 1
    gone_files = [media_path(history[k].image) for k in ("pending_photo", "rejected_photo")]

    with django_capture_on_commit_callbacks(execute=True):
        response = kestrel_client.post(URL, {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Your account is deleted." in text(kestrel_client.get("/"))
    assert not get_user_model().objects.filter(pk=pk).exists()
    # Logged out here and on the other device.
    for client in (kestrel_client, laptop):
        assert client.get("/accounts/").status_code == 302

    # Reports stay, with no reporter; the waiting one still goes out at its window.
    for key in ("reported", "waiting"):
        camera = Camera.objects.get(pk=history[key].pk)
        assert camera.reporter_id is None
    assert Camera.objects.get(pk=history["reported"].pk).notes == "on the footbridge"
    # Votes withdrawn through the votes service: counted again, and the withdrawal is in the log.
    assert not Vote.objects.filter(camera=confirmed).exists()
    assert Camera.objects.get(pk=confirmed.pk).confirm_count == 0
    withdrawn = AuditEntry.objects.get(camera=confirmed, action=AuditEntry.Action.VOTE_WITHDRAWN)
    assert withdrawn.actor_id is None and withdrawn.role == AuditEntry.Role.RESIDENT
    # Photos: the approved one stays with no uploader; the others are gone, files too.
    assert Photo.objects.get(pk=history["public_photo"].pk).uploader_id is None
    assert media_path(history["public_photo"].image).exists()
    assert not Photo.objects.filter(pk__in=[history["pending_photo"].pk, history["rejected_photo"].pk]).exists()
    assert not any(f.exists() for f in gone_files)
    # The log keeps the actions, with no actor.
    reported = AuditEntry.objects.get(camera=history["reported"], action=AuditEntry.Action.REPORTED)
    assert reported.actor_id is None and reported.after == {"notes": "on the footbridge"}
    assert AuditEntry.objects.filter(action=AuditEntry.Action.TRUST_SET, reason="watching").get().after["account"] \
        is None

    assert_nothing_links(pk)

    # A merge the account's vote took part in can still be undone, without bringing the vote back.
    survivor = Camera.objects.get(pk=history["merge"].survivor.pk)
    entry = AuditEntry.objects.get(camera=survivor, action=AuditEntry.Action.MERGED)
    undo(entry.pk, survivor.version, actor=moderator)
    assert not Vote.objects.filter(camera_id=history["merge"].duplicate.pk).exists()


def assert_nothing_links(pk: int) -> None:
    """No text column anywhere holds the username, no foreign key to accounts the old id,
    no JSON snapshot the id under an account's key, no session the account."""
    user_model = get_user_model()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                hits = model._default_manager.filter(**{f"{field.name}__contains": NAME})
                assert not hits.exists(), f"{model.__name__}.{field.name} holds the username"
            if isinstance(field, models.JSONField):
                as_text = model._default_manager.annotate(t=Cast(field.name, models.TextField()))
                assert not as_text.filter(t__contains=NAME).exists(), f"{model.__name__}.{field.name}"
                for value in model._default_manager.values_list(field.name, flat=True):
                    assert not _names(value, pk), f"{model.__name__}.{field.name} holds the account's id"
            if field.is_relation and field.related_model is user_model:
                assert not model._default_manager.filter(**{field.attname: pk}).exists(), \
                    f"{model.__name__}.{field.name} points at the old account"
    assert not LogEntry.objects.filter(object_id=str(pk)).exists()
    for session in Session.objects.all():
        assert session.get_decoded().get("_auth_user_id") != str(pk)


def _names(value, pk: int) -> bool:
    if isinstance(value, dict):
        return any((k in erasure.ACCOUNT_KEYS and v == pk) or _names(v, pk) for k, v in value.items())
    if isinstance(value, list):
        return any(_names(v, pk) for v in value)
    return False


def test_a_failure_midway_leaves_everything_as_it_was(kestrel, history, monkeypatch):
    votes_before = Vote.objects.filter(user=kestrel).count()

    def fail(user):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(erasure, "_forget_admin_mentions", fail)
    with pytest.raises(RuntimeError):
        erasure.delete_account(kestrel)
    assert get_user_model().objects.filter(pk=kestrel.pk).exists()
    assert Vote.objects.filter(user=kestrel).count() == votes_before > 0
    assert Camera.objects.get(pk=history["confirmed"].pk).confirm_count == 1
    assert Photo.objects.filter(pk=history["pending_photo"].pk).exists()
    assert media_path(history["pending_photo"].image).exists()
    assert Camera.objects.get(pk=history["reported"].pk).reporter_id == kestrel.pk


def test_password_guesses_are_limited(settings, kestrel_client, kestrel):
    settings.LOGIN_RATE_USERNAME = "2/15m"
    for _ in range(2):
        assert kestrel_client.post(URL, {"password": "guess"}).status_code == 400
    assert kestrel_client.post(URL, {"password": PASSWORD}).status_code == 429
    assert get_user_model().objects.filter(pk=kestrel.pk).exists()


def test_it_needs_log_in_and_takes_get_and_post_only(outsider_client, kestrel_client):
    response = outsider_client.post(URL, {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert kestrel_client.put(URL).status_code == 405
    assert reverse("accounts:delete") == URL


def test_it_needs_the_csrf_token(kestrel):
    client = csrf_client(kestrel)
    assert client.post(URL, {"password": PASSWORD}).status_code == 403
    assert get_user_model().objects.filter(pk=kestrel.pk).exists()
    token = csrf_token(client, URL)
    assert client.post(URL, {"password": PASSWORD, "csrfmiddlewaretoken": token}).status_code == 302
    assert not get_user_model().objects.filter(pk=kestrel.pk).exists()


def test_with_a_publication_window_the_deleted_accounts_votes_stop_counting_at_once(
    settings, kestrel, other_resident, make_camera
):
    """Withdrawing a public vote holds it back until the window; deleting the account deletes
    that hold, so the counts must be recounted then and there, not left as they were."""
    camera = make_camera(lat=CENTRAL[0], lon=CENTRAL[1], reporter=other_resident)
    votes.confirm(camera.pk, kestrel)
    camera.refresh_from_db()
    assert camera.confirm_count == 1
    settings.PUBLISH_WINDOW_HOURS = 3
    erasure.delete_account(kestrel)
    camera.refresh_from_db()
    assert camera.confirm_count == 0
