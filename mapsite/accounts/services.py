"""Changes to an account's trust: a moderator's override, and the pause after a burst.
Each writes its audit entry (with no camera; `after` names the account by id)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mapsite.accounts import trust
from mapsite.accounts.models import Profile
from mapsite.audit.models import AuditEntry
from mapsite.audit.services import record
from mapsite.core.errors import Forbidden
from mapsite.moderation.roles import is_moderator


def set_override(user, override: str, *, actor=None, reason: str = "") -> Profile:
    """Make the account trusted, hold it at new, or (override "") let its record decide again.
    `actor`, when given, must be a moderator; a command run on the server may act as the site."""
    if actor is not None and not is_moderator(actor):
        raise Forbidden(_("Only moderators can change an account's trust level."))
    with transaction.atomic():
        profile = trust.profile_of(user)
        before = {"account": user.pk, "level": trust.level_of(user), "override": profile.override}
        profile.override = override
        profile.override_by = actor
        profile.override_at = timezone.now()
        profile.save()
        profile = trust.recompute(user)
        record(
            None,
            AuditEntry.Action.TRUST_SET,
            actor=actor,
            role=AuditEntry.Role.MODERATOR if actor is not None else AuditEntry.Role.SYSTEM,
            reason=reason,
            before=before,
            after={"account": user.pk, "level": trust.level_of(user), "override": override},
        )
    return profile


def burst(user, *, what: str) -> int:
    """Too much at once from one account: flag its recent pending reports for a
    moderator and pause its votes. Returns how many reports were flagged."""
    from mapsite.cameras.models import Camera

    now = timezone.now()
    with transaction.atomic():
        profile = trust.profile_of(user)
        profile.votes_paused_until = now + dt.timedelta(minutes=settings.BURST_PAUSE_MINUTES)
        profile.save(update_fields=["votes_paused_until"])
        since = now - dt.timedelta(hours=settings.BURST_LOOKBACK_HOURS)
        recent = Camera.objects.filter(
            reporter=user, status=Camera.Status.PENDING, flagged=False, reported_at__gte=since
        )
        flagged = 0
        for camera in recent:
            Camera.objects.filter(pk=camera.pk).update(flagged=True, updated_at=now)
            record(camera, AuditEntry.Action.FLAGGED, role=AuditEntry.Role.SYSTEM,
                   reason=f"burst:{what}", before={"flagged": False}, after={"flagged": True})
            flagged += 1
        record(None, AuditEntry.Action.VOTES_PAUSED, role=AuditEntry.Role.SYSTEM, reason=f"burst:{what}",
               after={"account": user.pk, "until": profile.votes_paused_until.isoformat(), "flagged": flagged})
    return flagged
