"""Writing audit entries. Every service that changes a camera calls record(), which
also recomputes the trust of everyone a moderator's action touched."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from mapsite.audit.models import AuditEntry
from mapsite.moderation.roles import is_moderator


def role_of(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return AuditEntry.Role.SYSTEM
    if is_moderator(user):
        return AuditEntry.Role.MODERATOR
    return AuditEntry.Role.RESIDENT


def snapshot(obj, fields: Iterable[str]) -> dict:
    """JSON-safe values of the named fields, for before/after."""
    out = {}
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, dt.datetime):
            out[name] = value.isoformat()
        else:
            out[name] = value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
    return out


def record(
    camera,
    action: str,
    *,
    actor=None,
    role: str | None = None,
    reason: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEntry:
    entry = AuditEntry.objects.create(
        camera=camera,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        role=role or role_of(actor),
        action=action,
        reason=reason,
        before=before or {},
        after=after or {},
    )
    if entry.role == AuditEntry.Role.MODERATOR and camera is not None:
        # The one hook for trust: every moderator action (a decision, an undo, a
        # merge) changes the record of the camera's reporter and voters.
        from mapsite.accounts.trust import recompute_for_camera

        recompute_for_camera(camera)
    return entry
