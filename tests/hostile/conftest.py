"""The world every hostile request is sent into, and the checks made after each one.

One pending camera (`cam`) reported by someone else, one verified camera
(`vcam`), a pending photo, a dispute carrying a correction, and the three kinds
of visitor: anonymous, a resident and a moderator. After each request the row
counts and the files under MEDIA_ROOT must be exactly as before.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from tests.helpers import CENTRAL, MONG_KOK


@dataclass
class World:
    ids: dict[str, int]
    clients: dict[str, Client]


def _models():
    from django.contrib.auth import get_user_model

    from mapsite.audit.models import AuditEntry
    from mapsite.cameras.models import Camera
    from mapsite.photos.models import Photo
    from mapsite.votes.models import Vote

    return {"Camera": Camera, "Vote": Vote, "Photo": Photo, "AuditEntry": AuditEntry, "User": get_user_model()}


def row_counts() -> dict[str, int]:
    return {name: model.objects.count() for name, model in _models().items()}


def media_files(root) -> set[str]:
    from pathlib import Path

    root = Path(root)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@pytest.fixture
def world(make_camera, reporter, resident, other_resident, moderator, settings) -> World:
    from mapsite.cameras.models import Camera
    from mapsite.photos.models import Photo
    from mapsite.votes.models import Vote

    # Limits would turn a later case's refusal into a 429 and hide what it tests.
    settings.RATELIMIT_ENABLE = False
    cam = make_camera(reporter=reporter)
    vcam = make_camera(*CENTRAL, reporter=reporter, status=Camera.Status.VERIFIED)
    photo = Photo.objects.create(camera=cam, uploader=reporter, image="photos/none.jpg",
                                 thumbnail="photos/none-t.jpg", width=10, height=10)
    lat, lon = MONG_KOK
    vote = Vote.objects.create(camera=cam, user=other_resident, kind=Vote.Kind.DISPUTE,
                               reason=Vote.Reason.WRONG_PLACE, suggested_latitude=lat + 0.001,
                               suggested_longitude=lon)
    clients = {"anonymous": Client(), "resident": Client(), "moderator": Client(), "reporter": Client()}
    clients["resident"].force_login(resident)
    clients["moderator"].force_login(moderator)
    clients["reporter"].force_login(reporter)
    for user, name in ((resident, "resident"), (moderator, "moderator")):
        strict = Client(enforce_csrf_checks=True)
        strict.force_login(user)
        clients[f"{name}-csrf"] = strict
    clients["anonymous-csrf"] = Client(enforce_csrf_checks=True)
    return World(ids={"cam": cam.pk, "vcam": vcam.pk, "photo": photo.pk, "vote": vote.pk,
                      "version": cam.version}, clients=clients)
