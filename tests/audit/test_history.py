from __future__ import annotations

import re

import pytest
from django.test import Client

from mapsite.audit.models import AuditEntry
from mapsite.audit.services import record
from mapsite.moderation import merging, services
from mapsite.votes import services as votes
from mapsite.votes.models import Vote


def test_public_history_says_who_by_role_and_day_only(client, make_camera, moderator, residents, django_user_model):
    camera = make_camera()
    moderator.username = "mod_hidden_q"
    moderator.save()
    record(camera, AuditEntry.Action.REPORTED, actor=residents(1)[0])
    voter = django_user_model.objects.create_user(username="zed_private_name", password="x")
    votes.confirm(camera.pk, voter)
    votes.dispute(camera.pk, residents(1)[0], reason=Vote.Reason.WRONG_PLACE)
    camera.refresh_from_db()
    services.decide(camera.pk, camera.version, "verify", actor=moderator, reason="secret moderator note")
    html = client.get(camera.get_absolute_url()).content.decode()
    history = html.split('id="camera-history-title"')[1]
    assert "Reported by a resident" in history
    assert "Confirmed by a resident" in history
    assert "Disputed by a resident" in history
    assert "Verified by a moderator" in history
    assert "zed_private_name" not in html and "mod_hidden_q" not in history
    assert "secret moderator note" not in html
    # dated to the day, never a time
    assert re.search(r'<time datetime="\d{4}-\d{2}-\d{2}">', history)
    assert not re.search(r"\d{1,2}:\d{2}", history)
    # Each day introduces its entry in the page's punctuation.
    assert re.search(r"</time>: Verified by a moderator", history)
    chinese = client.get("/zh-hant" + camera.get_absolute_url()).content.decode().split('id="camera-history-title"')[1]
    assert "</time>：一位居民：已報告" in chinese


def test_private_actions_stay_out_of_public_history(client, make_camera, residents):
    camera = make_camera()
    a, b = residents(2)
    votes.dispute(camera.pk, a, reason=Vote.Reason.REMOVED)  # flags it
    votes.confirm(camera.pk, b)
    votes.withdraw(camera.pk, b)
    assert AuditEntry.objects.filter(action__in=["flagged", "vote_withdrawn"]).count() == 2
    history = client.get(camera.get_absolute_url()).content.decode().split('id="camera-history-title"')[1]
    assert "Flagged" not in history and "withdrawn" not in history
    assert history.count("history-entry") == 2  # disputed, confirmed


def test_history_of_merge_and_move(client, make_camera, moderator):
    survivor = make_camera()
    duplicate = make_camera(lat=survivor.latitude + 0.0001, lon=survivor.longitude)
    merging.merge(duplicate.pk, 1, survivor.pk, actor=moderator)
    survivor.refresh_from_db()
    services.edit(survivor.pk, survivor.version, actor=moderator, latitude=survivor.latitude + 0.0002,
                  longitude=survivor.longitude)
    history = Client().get(survivor.get_absolute_url()).content.decode().split('id="camera-history-title"')[1]
    assert "Merged by a moderator" in history and "Moved by a moderator" in history


@pytest.mark.parametrize("name", ["confirm", "dispute", "withdraw", "verify", "reject", "remove", "restore", "edit",
                                  "correction", "merge", "approve_photo", "reject_photo", "bulk"])
def test_every_action_writes_an_audit_entry(name, make_camera, reporter, resident, moderator, residents):
    from tests.moderation.test_permissions import ACTIONS, Env

    camera = make_camera(reporter=reporter)
    target = make_camera(lat=camera.latitude + 0.0001, lon=camera.longitude)
    from mapsite.photos.models import Photo

    photo = Photo.objects.create(camera=camera, image="a.jpg", thumbnail="a_t.jpg", width=1, height=1)
    (third,) = residents(1)
    env = Env(camera, target, photo, {"resident": resident, "reporter": reporter, "moderator": moderator,
                                      "third": third})
    url_of, data_of, setup, _changed = ACTIONS[name]
    if setup:
        setup(env)
    before = AuditEntry.objects.count()
    client = Client()
    client.force_login(moderator)
    response = client.post(url_of(env), data_of(env))
    assert response.status_code == 302
    new = AuditEntry.objects.order_by("id")[before:]
    expected = {
        "confirm": "confirmed", "dispute": "disputed", "withdraw": "vote_withdrawn", "verify": "verified",
        "reject": "rejected", "remove": "removed", "restore": "restored", "edit": "edited", "correction": "edited",
        "merge": "merged", "approve_photo": "photo_approved", "reject_photo": "photo_rejected", "bulk": "verified",
    }[name]
    entry = next(e for e in new if e.action == expected)
    assert entry.actor == moderator
    assert entry.before is not None and entry.after is not None
    assert entry.before != entry.after
