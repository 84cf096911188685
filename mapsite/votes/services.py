"""Casting, changing and withdrawing votes.

Every change runs in one transaction that first locks the camera row
(SELECT ... FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions already
serialise writers), then recounts the published votes. Two residents voting at the
same moment therefore queue on the lock and each is counted exactly once. With a
publication window (PUBLISH_WINDOW_HOURS) the vote row is saved at once, for its
voter, and the recount waits for the window (mapsite.publication.services).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mapsite.audit.models import AuditEntry
from mapsite.audit.services import record, snapshot
from mapsite.cameras.models import Camera
from mapsite.core.errors import Conflict, Forbidden, NotFound, ServiceError
from mapsite.lib.geo import haversine_m
from mapsite.publication.models import HeldVote
from mapsite.publication.windows import clock, deferred, window_for
from mapsite.votes import rules
from mapsite.votes.models import Vote

SUGGESTION_FIELDS = (
    "suggested_latitude",
    "suggested_longitude",
    "suggested_kind",
    "suggested_operator",
    "suggested_direction",
)
_NULLABLE = {"suggested_latitude", "suggested_longitude", "suggested_direction"}
STATE_FIELDS = ("status", "confirm_count", "dispute_count", "flagged", "last_confirmed_at")


@dataclass
class VoteResult:
    camera: Camera
    vote: Vote | None
    message: str
    changed: bool = True


def _state(camera: Camera) -> dict:
    return snapshot(camera, STATE_FIELDS)


def _blank(name: str, value):
    if value in (None, ""):
        return None if name in _NULLABLE else ""
    return value


def lock_camera(camera_id: int, *also: int) -> Camera:
    """The camera, locked for the rest of the transaction (with any other cameras the change touches)."""
    camera = Camera.objects.lock(camera_id, *also).get(camera_id)
    # A report waiting for its publication window does not exist yet for voters: a 409 instead of
    # a 404 would tell a poller of camera numbers the minute someone reported.
    if camera is None or camera.published_at is None:
        raise NotFound(_("This camera does not exist."))
    return camera


def _open_for_votes(camera: Camera, user) -> None:
    if camera.merged_into_id is not None:
        raise Conflict(
            _("This camera was merged into camera #%(id)s; vote on that one instead.") % {"id": camera.merged_into_id}
        )
    if not camera.is_public:
        raise Conflict(_("This camera is no longer on the map, so it cannot be confirmed or disputed."))
    if camera.is_reported_by(user):
        raise Forbidden(_("You reported this camera, so you cannot confirm or dispute it."))


def apply_tally(camera: Camera, *, new_dispute: bool = False, confirmed_at: dt.datetime | None = None) -> None:
    """Recount the live votes on a locked camera, apply the status rules and
    write the system's audit entries for any status or flag change."""
    before = _state(camera)
    t = rules.tally(camera)
    outcome = rules.evaluate(camera, t, new_dispute=new_dispute)
    changes = {
        "confirm_count": t.confirms,
        "dispute_count": t.disputes,
        "flagged": outcome.flagged,
        "status": outcome.status,
    }
    if confirmed_at is not None:
        changes["last_confirmed_at"] = confirmed_at
    Camera.objects.filter(pk=camera.pk).update(**changes, updated_at=timezone.now())
    for name, value in changes.items():
        setattr(camera, name, value)
    if outcome.verified_by_residents:
        record(
            camera,
            AuditEntry.Action.VERIFIED_BY_RESIDENTS,
            role=AuditEntry.Role.SYSTEM,
            before=before,
            after=_state(camera),
        )
    if outcome.newly_flagged:
        record(camera, AuditEntry.Action.FLAGGED, role=AuditEntry.Role.SYSTEM, before=before, after=_state(camera))


def _hold(camera: Camera, user, vote: Vote | None, now: dt.datetime) -> None:
    """While the window is on, a change to a vote shows no sooner than a new vote would: a
    published vote goes on counting as it was, until the change's window. Without a window
    (or once it is turned off) the change counts at once."""
    if not deferred():
        HeldVote.objects.filter(camera=camera, user=user).delete()
    elif vote is not None and vote.published_at is not None:
        HeldVote.objects.update_or_create(
            camera=camera, user=user, defaults={"since": now},
            create_defaults={"kind": vote.kind, "reason": vote.reason, "since": now},
        )
    else:
        HeldVote.objects.filter(camera=camera, user=user).update(since=now)


def _public_from(now: dt.datetime) -> str:
    return _("It shows publicly from %(time)s, with everything else sent by then.") % {
        "time": clock(window_for(now), now)
    }


def _check_duplicate_target(camera: Camera, target_id: int | None) -> Camera:
    if target_id is None:
        raise ServiceError(_("Choose the camera this one duplicates."))
    if target_id == camera.pk:
        raise ServiceError(_("A camera cannot be a duplicate of itself; choose another camera."))
    target = Camera.objects.filter(pk=target_id).first()
    if target is None or not target.is_public:
        raise ServiceError(_("The camera you chose as the original is not on the map any more; choose another."))
    distance = haversine_m(camera.latitude, camera.longitude, target.latitude, target.longitude)
    if distance > settings.DUPLICATE_MAX_DISTANCE_M:
        raise ServiceError(
            _("The camera you chose is %(m)d m away; a duplicate must be within %(max)d m.")
            % {"m": distance, "max": settings.DUPLICATE_MAX_DISTANCE_M}
        )
    return target


def confirm(camera_id: int, user, *, comment: str = "") -> VoteResult:
    return cast(camera_id, user, kind=Vote.Kind.CONFIRM, comment=comment)


def dispute(camera_id: int, user, *, reason: str, duplicate_of: int | None = None, comment: str = "", **suggestion):
    return cast(
        camera_id, user, kind=Vote.Kind.DISPUTE, reason=reason, duplicate_of=duplicate_of, comment=comment, **suggestion
    )


def cast(
    camera_id: int,
    user,
    *,
    kind: str,
    reason: str = "",
    duplicate_of: int | None = None,
    comment: str = "",
    **suggestion,
) -> VoteResult:
    """Record the user's vote on the camera: a new vote, a changed one, or a
    confirmation renewed after RECONFIRM_AFTER_DAYS."""
    if kind not in Vote.Kind.values:
        raise ServiceError(_("Unknown vote."))
    if kind == Vote.Kind.DISPUTE and reason not in Vote.Reason.values:
        raise ServiceError(_("Choose why you dispute this camera."))
    unknown = set(suggestion) - set(SUGGESTION_FIELDS)
    if unknown:
        raise TypeError(f"unknown suggestion fields {sorted(unknown)}")
    try:
        with transaction.atomic():
            return _cast_locked(camera_id, user, kind, reason, duplicate_of, comment, suggestion)
    except IntegrityError:
        # Only reachable if the same resident's two requests race past the lock
        # (they cannot on either database, but the constraint is the last word).
        raise Conflict(_("Your vote was already recorded; reload the page.")) from None


def _cast_locked(camera_id, user, kind, reason, duplicate_of, comment, suggestion) -> VoteResult:
    # A duplicate dispute's row references the other camera too: lock both at once.
    duplicate = kind == Vote.Kind.DISPUTE and reason == Vote.Reason.DUPLICATE and isinstance(duplicate_of, int)
    camera = lock_camera(camera_id, *([duplicate_of] if duplicate else []))
    _open_for_votes(camera, user)
    now = timezone.now()
    existing = Vote.objects.filter(camera=camera, user=user).first()
    before = {**_state(camera), "vote": existing.kind if existing else ""}

    target = None
    if kind == Vote.Kind.CONFIRM:
        reason = ""
        suggestion = {}
        recent = dt.timedelta(days=settings.RECONFIRM_AFTER_DAYS)
        if existing is not None and existing.kind == Vote.Kind.CONFIRM and now - existing.updated_at < recent:
            return VoteResult(
                camera,
                existing,
                _(
                    "You have already confirmed this camera. "
                    "You can confirm it again %(days)d days after your last confirmation."
                )
                % {"days": settings.RECONFIRM_AFTER_DAYS},
                changed=False,
            )
    else:
        if reason == Vote.Reason.DUPLICATE:
            target = _check_duplicate_target(camera, duplicate_of)
        if reason not in (Vote.Reason.WRONG_DETAILS, Vote.Reason.WRONG_PLACE):
            if any(v not in (None, "") for v in suggestion.values()):
                raise ServiceError(_("A suggested correction goes with a 'wrong place' or 'wrong details' dispute."))
            suggestion = {}

    values = {
        "kind": kind,
        "reason": reason,
        "duplicate_of": target,
        "comment": comment,
        "updated_at": now,
        "published_at": None if deferred() else now,
        **{name: _blank(name, suggestion.get(name)) for name in SUGGESTION_FIELDS},
    }
    _hold(camera, user, existing, now)
    if existing is None:
        vote = Vote.objects.create(camera=camera, user=user, created_at=now, **values)
        message = _("Thank you: your confirmation is counted.") if kind == Vote.Kind.CONFIRM else _(
            "Thank you: your dispute is recorded for the moderators."
        )
    else:
        was = existing.kind
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save()
        vote = existing
        if kind == Vote.Kind.CONFIRM and was == Vote.Kind.CONFIRM:
            message = _("Thank you: the camera's 'last confirmed' date is renewed.")
        elif kind == Vote.Kind.CONFIRM:
            message = _("Your vote is changed to a confirmation.")
        else:
            message = _("Your vote is changed to a dispute.") if was == Vote.Kind.CONFIRM else _(
                "Your dispute is updated."
            )

    if deferred():
        # Counts, flags and verification follow at the window (mapsite.publication.services).
        message = f"{message} {_public_from(now)}"
    else:
        apply_tally(
            camera, new_dispute=kind == Vote.Kind.DISPUTE, confirmed_at=now if kind == Vote.Kind.CONFIRM else None
        )
    record(
        camera,
        AuditEntry.Action.CONFIRMED if kind == Vote.Kind.CONFIRM else AuditEntry.Action.DISPUTED,
        actor=user,
        role=AuditEntry.Role.RESIDENT,
        reason=reason,
        before=before,
        after={
            **_state(camera),
            "vote": kind,
            **({"duplicate_of": target.pk} if target else {}),
            **{k: v for k, v in suggestion.items() if v not in (None, "")},
        },
    )
    return VoteResult(camera, vote, message)


def withdraw(camera_id: int, user) -> VoteResult:
    with transaction.atomic():
        camera = lock_camera(camera_id)
        vote = Vote.objects.filter(camera=camera, user=user).first()
        if vote is None:
            raise Conflict(_("You have no vote on this camera to withdraw."))
        before = {**_state(camera), "vote": vote.kind}
        now = timezone.now()
        message = _("Your vote is withdrawn.")
        _hold(camera, user, vote, now)
        if deferred() and HeldVote.objects.filter(camera=camera, user=user).exists():
            message = f"{message} {_public_from(now)}"
        vote.delete()
        if not deferred():
            apply_tally(camera)
        record(
            camera,
            AuditEntry.Action.VOTE_WITHDRAWN,
            actor=user,
            role=AuditEntry.Role.RESIDENT,
            before=before,
            after={**_state(camera), "vote": ""},
        )
    return VoteResult(camera, None, message)


def vote_of(camera: Camera, user) -> Vote | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Vote.objects.filter(camera=camera, user=user).first()
