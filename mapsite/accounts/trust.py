"""Trust levels computed from an account's record. The one place the rules live.

- A report counts when a moderator decided it: verified (and not merged away)
  or rejected. Reports verified by residents alone count for nothing, so
  accounts cannot lift each other.
- A vote counts when a moderator decided the camera after the vote was cast:
  a confirmation of a verified camera, or a dispute of a rejected one (or a
  "removed" dispute of a removed one), was borne out; a confirmation of a
  rejected camera, or a "not a camera"/"removed" dispute of a verified one,
  was contradicted. Votes cast after the decision prove nothing.
- Every TRUST_VOTES_PER_REPORT votes borne out count as one verified report.
- Age counts in whole days.

Everything is recomputed from the current record, so an undo, a restore or a
merge (which change the record) move the level back as well as forward.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Min
from django.utils import timezone

from mapsite.accounts.models import Profile

Level = Profile.Level
RANK = {Level.NEW: 0, Level.ESTABLISHED: 1, Level.TRUSTED: 2}


@dataclass(frozen=True)
class Record:
    reports_verified: int = 0
    reports_rejected: int = 0
    recent_reports_rejected: int = 0
    votes_borne_out: int = 0
    votes_contradicted: int = 0
    recent_votes_contradicted: int = 0

    @property
    def credit(self) -> int:
        return self.reports_verified + self.votes_borne_out // settings.TRUST_VOTES_PER_REPORT


def age_days(user, today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    return (today - timezone.localdate(user.date_joined)).days


def level_for(record: Record, days: int, override: str = "") -> str:
    if override == Profile.Override.TRUSTED:
        return Level.TRUSTED
    if override == Profile.Override.HELD_NEW:
        return Level.NEW
    clean = (
        record.recent_reports_rejected <= settings.TRUST_ESTABLISHED_MAX_REJECTED
        and record.recent_votes_contradicted <= settings.TRUST_ESTABLISHED_MAX_CONTRADICTED
    )
    if not clean:
        return Level.NEW
    if record.credit >= settings.TRUST_TRUSTED_VERIFIED and days >= settings.TRUST_TRUSTED_DAYS:
        return Level.TRUSTED
    if record.credit >= settings.TRUST_ESTABLISHED_VERIFIED and days >= settings.TRUST_ESTABLISHED_DAYS:
        return Level.ESTABLISHED
    return Level.NEW


def _first_decisions(camera_ids: set[int]) -> dict[tuple[int, str], dt.datetime]:
    """(camera, status) -> when a moderator first decided that status. A vote counts only
    if cast before then: once a verdict is public, agreeing with it proves nothing."""
    from mapsite.audit.models import AuditEntry

    status_of = {
        AuditEntry.Action.VERIFIED: "verified",
        AuditEntry.Action.REJECTED: "rejected",
        AuditEntry.Action.REMOVED: "removed",
    }
    rows = (
        AuditEntry.objects.filter(camera_id__in=camera_ids, role=AuditEntry.Role.MODERATOR, action__in=status_of)
        .values("camera_id", "action")
        .annotate(first=Min("created_at"))
    )
    return {(row["camera_id"], status_of[row["action"]]): row["first"] for row in rows}


def _vote_outcome(kind: str, reason: str, status: str) -> int:
    """+1 borne out, -1 contradicted, 0 neither."""
    from mapsite.cameras.models import Camera
    from mapsite.votes.models import Vote

    confirm = kind == Vote.Kind.CONFIRM
    if status == Camera.Status.VERIFIED:
        if confirm:
            return 1
        return -1 if reason in (Vote.Reason.NOT_CAMERA, Vote.Reason.REMOVED) else 0
    if status == Camera.Status.REJECTED:
        return -1 if confirm else 1
    if status == Camera.Status.REMOVED:
        return 1 if not confirm and reason == Vote.Reason.REMOVED else 0
    return 0


def record_of(user) -> Record:
    from mapsite.cameras.models import Camera
    from mapsite.votes.models import Vote

    recent = settings.TRUST_RECENT
    decided = Camera.Status.VERIFIED, Camera.Status.REJECTED
    reports = list(
        Camera.objects.filter(reporter=user, moderator_decided=True, merged_into__isnull=True, status__in=decided)
        .order_by("-reported_at", "-pk")
        .values_list("status", flat=True)
    )
    votes = (
        Vote.objects.filter(user=user, camera__moderator_decided=True, camera__merged_into__isnull=True)
        .exclude(camera__reporter=user)
        .order_by("-updated_at", "-pk")
        .values_list("camera_id", "kind", "reason", "camera__status", "updated_at")
    )
    votes = list(votes)
    first = _first_decisions({row[0] for row in votes})
    outcomes = [
        _vote_outcome(kind, reason, status)
        for camera_id, kind, reason, status, cast_at in votes
        if (camera_id, status) in first and cast_at <= first[(camera_id, status)]
    ]
    outcomes = [o for o in outcomes if o]
    return Record(
        reports_verified=reports.count(Camera.Status.VERIFIED),
        reports_rejected=reports.count(Camera.Status.REJECTED),
        recent_reports_rejected=reports[:recent].count(Camera.Status.REJECTED),
        votes_borne_out=outcomes.count(1),
        votes_contradicted=outcomes.count(-1),
        recent_votes_contradicted=outcomes[:recent].count(-1),
    )


def profile_of(user) -> Profile:
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


def recompute(user) -> Profile:
    """Recount the account's record and store it with the level it gives."""
    profile = profile_of(user)
    found = record_of(user)
    for name, value in found.__dict__.items():
        setattr(profile, name, value)
    profile.level = level_for(found, age_days(user), profile.override)
    profile.recomputed_at = timezone.now()
    profile.save()
    return profile


def recompute_for_camera(camera) -> None:
    """After a moderator's decision: everyone who took part in this camera."""
    from mapsite.votes.models import Vote

    ids = set(Vote.objects.filter(camera=camera).values_list("user_id", flat=True))
    if camera.reporter_id is not None:
        ids.add(camera.reporter_id)
    for user in get_user_model().objects.filter(pk__in=ids):
        recompute(user)


# What levels_of reads of each account's profile: its record and any override.
_READ = (*Record.__dataclass_fields__, "override")


def levels_of(user_ids: Iterable[int]) -> dict[int, str]:
    """The level of each account today: its stored record, its age in days, any override.
    One query: each account's age with its profile, if it has one yet."""
    ids = set(user_ids)
    if not ids:
        return {}
    today = timezone.localdate()
    rows = get_user_model().objects.filter(pk__in=ids).values_list(
        "pk", "date_joined", *(f"trust_profile__{name}" for name in _READ)
    )
    levels = {}
    for pk, date_joined, *stored in rows:
        found = dict(zip(_READ, stored, strict=True))
        override = found.pop("override")
        # No profile row: the join gives NULLs (a stored override is never NULL).
        record = Record() if override is None else Record(**found)
        levels[pk] = level_for(record, (today - timezone.localdate(date_joined)).days, override or "")
    return levels


def level_of(user) -> str:
    if not getattr(user, "is_authenticated", False):
        return Level.NEW
    return levels_of([user.pk]).get(user.pk, Level.NEW)


def request_level(request) -> str:
    """The signed-in account's level, read once a request: the limits checked before an action
    and counted after it then agree, and a report or vote reads the account's record once."""
    if not hasattr(request, "_trust_level"):
        request._trust_level = level_of(request.user)
    return request._trust_level


def at_least(level: str, minimum: str) -> bool:
    return RANK[level] >= RANK[minimum]


def weight(level: str) -> int:
    return {
        Level.NEW: settings.VOTE_WEIGHT_NEW,
        Level.ESTABLISHED: settings.VOTE_WEIGHT_ESTABLISHED,
        Level.TRUSTED: settings.VOTE_WEIGHT_TRUSTED,
    }[level]


def per_day(kind: str, level: str) -> int:
    """How many reports or votes (`kind`) an account of this level may make a day."""
    return getattr(settings, f"{kind.upper()}_PER_DAY_{level.upper()}")


def paused_until(user) -> dt.datetime | None:
    until = Profile.objects.filter(user=user).values_list("votes_paused_until", flat=True).first()
    return until if until is not None and until > timezone.now() else None
