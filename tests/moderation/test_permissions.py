"""The permission matrix: outsider, resident, reporter and moderator against
every action endpoint, by form post and by JSON. Each case checks the response
and the database afterwards."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from mapsite.audit.models import AuditEntry
from mapsite.cameras.models import Camera
from mapsite.moderation import services
from mapsite.photos.models import Photo
from mapsite.votes.models import Vote
from tests.helpers import csrf_client

ROLES = ["outsider", "resident", "reporter", "moderator"]


@dataclass
class Env:
    camera: Camera
    target: Camera
    photo: Photo
    users: dict


def _fingerprint(env: Env):
    cams = list(Camera.objects.order_by("pk").values())
    for cam in cams:
        cam.pop("updated_at")
    votes = list(Vote.objects.order_by("pk").values("camera_id", "user_id", "kind", "reason", "suggested_kind"))
    photos = list(Photo.objects.order_by("pk").values("camera_id", "status"))
    return cams, votes, photos


def _cam(env):
    return Camera.objects.get(pk=env.camera.pk)


def _version(env):
    return {"version": str(_cam(env).version)}


# name -> (url, data, setup, changed)
ACTIONS = {
    "confirm": (
        lambda e: reverse("votes:confirm", args=[e.camera.pk]),
        lambda e: {},
        None,
        lambda e, u: Vote.objects.filter(camera=e.camera, user=u, kind="confirm").exists(),
    ),
    "dispute": (
        lambda e: reverse("votes:dispute", args=[e.camera.pk]),
        lambda e: {"reason": "not_camera"},
        None,
        lambda e, u: Vote.objects.filter(camera=e.camera, user=u, kind="dispute").exists(),
    ),
    "withdraw": (
        lambda e: reverse("votes:withdraw", args=[e.camera.pk]),
        lambda e: {},
        lambda e: [
            Vote.objects.create(camera=e.camera, user=e.users[r], kind="confirm") for r in ("resident", "moderator")
        ],
        lambda e, u: not Vote.objects.filter(camera=e.camera, user=u).exists(),
    ),
    "verify": (
        lambda e: reverse("moderation:verify", args=[e.camera.pk]),
        _version,
        None,
        lambda e, u: _cam(e).status == "verified",
    ),
    "reject": (
        lambda e: reverse("moderation:reject", args=[e.camera.pk]),
        _version,
        None,
        lambda e, u: _cam(e).status == "rejected",
    ),
    "remove": (
        lambda e: reverse("moderation:remove", args=[e.camera.pk]),
        _version,
        None,
        lambda e, u: _cam(e).status == "removed",
    ),
    "restore": (
        lambda e: reverse("moderation:restore", args=[e.camera.pk]),
        _version,
        lambda e: Camera.objects.filter(pk=e.camera.pk).update(status="rejected", moderator_decided=True),
        lambda e, u: _cam(e).status == "pending",
    ),
    "edit": (
        lambda e: reverse("moderation:edit", args=[e.camera.pk]),
        lambda e: {
            **_version(e),
            "latitude": str(e.camera.latitude),
            "longitude": str(e.camera.longitude),
            "kind": "dome",
            "operator": "unknown",
            "mount": "unknown",
            "notes": "",
        },
        None,
        lambda e, u: _cam(e).kind == "dome",
    ),
    "correction": (
        lambda e: reverse("moderation:apply_correction", args=[e.camera.pk]),
        lambda e: {**_version(e), "vote": str(Vote.objects.get(suggested_kind="ptz").pk)},
        lambda e: Vote.objects.create(
            camera=e.camera, user=e.users["third"], kind="dispute", reason="wrong_details", suggested_kind="ptz"
        ),
        lambda e, u: _cam(e).kind == "ptz",
    ),
    "merge": (
        lambda e: reverse("moderation:merge", args=[e.camera.pk]),
        lambda e: {**_version(e), "into": str(e.target.pk)},
        None,
        lambda e, u: _cam(e).merged_into_id == e.target.pk,
    ),
    "approve_photo": (
        lambda e: reverse("moderation:approve_photo", args=[e.photo.pk]),
        lambda e: {"status": "pending"},
        None,
        lambda e, u: Photo.objects.get(pk=e.photo.pk).status == "approved",
    ),
    "reject_photo": (
        lambda e: reverse("moderation:reject_photo", args=[e.photo.pk]),
        lambda e: {"status": "pending"},
        None,
        lambda e, u: Photo.objects.get(pk=e.photo.pk).status == "rejected",
    ),
    "bulk": (
        lambda e: reverse("moderation:bulk"),
        lambda e: {"decision": "verify", "cameras": [f"{e.camera.pk}:{_cam(e).version}"]},
        None,
        lambda e, u: _cam(e).status == "verified",
    ),
    "bulk_matching": (
        lambda e: reverse("moderation:bulk_matching"),
        lambda e: {"decision": "verify", "query": "tab=pending", "expected": "2"},
        None,
        lambda e, u: _cam(e).status == "verified" and Camera.objects.get(pk=e.target.pk).status == "verified",
    ),
    "undo": (
        lambda e: reverse("moderation:undo", args=[AuditEntry.objects.get(action="rejected").pk]),
        _version,
        lambda e: services.decide(e.camera.pk, _cam(e).version, "reject", actor=e.users["moderator"]),
        lambda e, u: _cam(e).status == "pending" and AuditEntry.objects.filter(action="undone").exists(),
    ),
}
VOTE_ACTIONS = {"confirm", "dispute", "withdraw"}


def _expected(role: str, name: str) -> str:
    if role == "outsider":
        return "login"
    if name in VOTE_ACTIONS:
        if role == "reporter":
            return "conflict" if name == "withdraw" else "forbidden"
        return "ok"
    return "ok" if role == "moderator" else "forbidden"


STATUS = {
    "form": {"ok": 302, "login": 302, "forbidden": 403, "conflict": 409},
    "json": {"ok": 200, "login": 401, "forbidden": 403, "conflict": 409},
}


@pytest.fixture
def env(make_camera, reporter, resident, moderator, residents):
    camera = make_camera(reporter=reporter)
    target = make_camera(lat=camera.latitude + 0.0001, lon=camera.longitude)
    photo = Photo.objects.create(camera=camera, image="a.jpg", thumbnail="a_t.jpg", width=1, height=1)
    (third,) = residents(1)
    users = {"outsider": None, "resident": resident, "reporter": reporter, "moderator": moderator, "third": third}
    return Env(camera, target, photo, users)


@pytest.mark.parametrize("transport", ["form", "json"])
@pytest.mark.parametrize("name", list(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(env, role, name, transport):
    url_of, data_of, setup, changed = ACTIONS[name]
    if setup:
        setup(env)
    user = env.users[role]
    client = Client()
    if user is not None:
        client.force_login(user)
    before = _fingerprint(env)
    data = data_of(env)
    if transport == "json":
        response = client.post(url_of(env), json.dumps(data), content_type="application/json")
    else:
        response = client.post(url_of(env), data)

    expected = _expected(role, name)
    assert response.status_code == STATUS[transport][expected], response.content[:300]
    if expected == "login" and transport == "form":
        assert response["Location"].startswith(reverse("accounts:login"))
    if expected == "ok":
        if transport == "form":
            assert not response["Location"].startswith(reverse("accounts:login"))
        else:
            assert response.json()["ok"] is True
        assert changed(env, user)
    else:
        assert _fingerprint(env) == before
        if transport == "json":
            assert response.json()["error"]


@pytest.mark.parametrize("name", list(ACTIONS))
def test_get_is_405_on_every_action(env, moderator_client, name):
    url_of, _data, setup, _changed = ACTIONS[name]
    if setup:
        setup(env)
    before = _fingerprint(env)
    assert moderator_client.get(url_of(env)).status_code == 405
    assert _fingerprint(env) == before


@pytest.mark.parametrize("name", [n for n in ACTIONS if n not in VOTE_ACTIONS])
def test_malformed_moderation_requests_get_400(env, moderator_client, name):
    url_of, _data, setup, _changed = ACTIONS[name]
    if setup:
        setup(env)
    before = _fingerprint(env)
    bad = {"version": "x", "status": "weird", "decision": "explode", "cameras": "nonsense", "into": "y", "vote": "z"}
    response = moderator_client.post(url_of(env), json.dumps(bad), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]
    assert _fingerprint(env) == before


@pytest.mark.parametrize("name", list(ACTIONS))
def test_csrf_is_checked_on_every_action(env, moderator, name):
    url_of, data_of, setup, _changed = ACTIONS[name]
    if setup:
        setup(env)
    client = csrf_client(moderator)
    before = _fingerprint(env)
    assert client.post(url_of(env), data_of(env)).status_code == 403
    assert _fingerprint(env) == before


# name -> (url, query): the moderators' pages, which only a moderator may see.
PAGES = {
    "queue": (lambda e: reverse("moderation:queue"), {}),
    "map": (lambda e: reverse("moderation:pending_map"), {"bbox": "113.8,22.1,114.5,22.6"}),
    "review": (lambda e: reverse("moderation:camera", args=[e.camera.pk]), {"tab": "pending"}),
    "merge_picker": (lambda e: reverse("moderation:merge_picker", args=[e.camera.pk]), {"into": "0"}),
    "audit": (lambda e: reverse("moderation:audit"), {}),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_moderation_pages_need_the_permission_and_get(env, name, moderator_client):
    url_of, query = PAGES[name]
    query = {**query, "into": str(env.target.pk)} if "into" in query else query
    outsider = Client().get(url_of(env), query)
    assert outsider.status_code == 302 and outsider["Location"].startswith(reverse("accounts:login"))
    resident = Client()
    resident.force_login(env.users["resident"])
    assert resident.get(url_of(env), query).status_code == 403
    assert moderator_client.get(url_of(env), query).status_code == 200
    assert moderator_client.post(url_of(env), query).status_code == 405
