"""Everything the site holds about one account, as the JSON of /accounts/data.json.

Downloaded by the resident while signed in; never sent anywhere. Other people's identities stay
out: who voted on the resident's reports, or which moderator set their trust level, is not theirs.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse

from mapsite.accounts import trust
from mapsite.accounts.models import Profile
from mapsite.audit.models import AuditEntry
from mapsite.cameras.models import Camera
from mapsite.photos.models import Photo
from mapsite.votes.models import Vote

FORMAT = 1  # bumped when a field changes meaning, so a reader can tell exports apart

REPORT_FIELDS = ("kind", "operator", "mount", "direction", "field_of_view", "notes", "latitude", "longitude",
                 "status", "confirm_count", "dispute_count", "flagged", "moderator_decided", "source", "warnings")
VOTE_FIELDS = ("kind", "reason", "duplicate_of_id", "suggested_latitude", "suggested_longitude", "suggested_kind",
               "suggested_operator", "suggested_direction", "comment")
PROFILE_FIELDS = ("reports_verified", "reports_rejected", "recent_reports_rejected", "votes_borne_out",
                  "votes_contradicted", "recent_votes_contradicted")
# Entries about the account rather than a camera, which a moderator or the site wrote.
ACCOUNT_ACTIONS = (AuditEntry.Action.TRUST_SET, AuditEntry.Action.VOTES_PAUSED)


def _when(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _report(camera: Camera) -> dict:
    return {
        "id": camera.pk,
        **{name: getattr(camera, name) for name in REPORT_FIELDS},
        "district": camera.district.code,
        "merged_into": camera.merged_into_id,
        "reported_at": _when(camera.reported_at),
        "published_at": _when(camera.published_at),
        "url": camera.get_absolute_url() if camera.is_public else None,
    }


def _vote(vote: Vote) -> dict:
    return {
        "camera": vote.camera_id,
        **{name: getattr(vote, name) for name in VOTE_FIELDS},
        "created_at": _when(vote.created_at),
        "updated_at": _when(vote.updated_at),
        "published_at": _when(vote.published_at),
    }


def _photo(photo: Photo) -> dict:
    return {
        "id": photo.pk,
        "camera": photo.camera_id,
        "status": photo.status,
        "width": photo.width,
        "height": photo.height,
        "created_at": _when(photo.created_at),
        "published_at": _when(photo.published_at),
        "image_url": reverse("photos:image", args=[photo.pk]),
        "thumbnail_url": reverse("photos:thumbnail", args=[photo.pk]),
    }


def _entry(entry: AuditEntry) -> dict:
    # The actor is left out: for the resident's own actions it is the resident, and for
    # entries about the account it is a moderator, whose identity is not theirs to have.
    return {
        "id": entry.pk,
        "action": entry.action,
        "role": entry.role,
        "camera": entry.camera_id,
        "reason": entry.reason,
        "before": entry.before,
        "after": entry.after,
        "created_at": _when(entry.created_at),
    }


def account_data(user) -> dict:
    # Read, never created: a download changes nothing.
    profile = Profile.objects.filter(user=user).first() or Profile(user=user)
    cameras = Camera.objects.filter(reporter=user).with_district().order_by("reported_at", "pk")
    about = Q(action__in=ACCOUNT_ACTIONS) & (Q(after__account=user.pk) | Q(before__account=user.pk))
    return {
        "format": FORMAT,
        "account": {
            "id": user.pk,
            "username": user.get_username(),
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
        },
        "trust": {
            "level": trust.level_of(user),
            "override": profile.override,
            "record": {name: getattr(profile, name) for name in PROFILE_FIELDS},
            "votes_paused_until": _when(profile.votes_paused_until),
        },
        "reports": [_report(camera) for camera in cameras],
        "votes": [_vote(vote) for vote in Vote.objects.filter(user=user).order_by("created_at", "pk")],
        "photos": [_photo(photo) for photo in Photo.objects.filter(uploader=user).order_by("created_at", "pk")],
        "audit": {
            "own_actions": [_entry(e) for e in AuditEntry.objects.filter(actor=user).order_by("created_at", "pk")],
            "about_account": [_entry(e) for e in AuditEntry.objects.filter(about).order_by("created_at", "pk")],
        },
    }
