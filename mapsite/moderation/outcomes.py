"""What reporters hear back: the moderators' decisions on their reports, and how many
of those they have not seen yet (counted in the header on every page, so one query)."""

from __future__ import annotations

from django.db.models import Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from mapsite.audit.models import AuditEntry
from mapsite.moderation.models import OutcomesSeen

Action = AuditEntry.Action
# The decisions a reporter hears about; an undo is one too (a verification taken back).
OUTCOMES = (
    Action.VERIFIED, Action.VERIFIED_BY_RESIDENTS, Action.REJECTED, Action.REMOVED, Action.MERGED,
    Action.PHOTO_APPROVED, Action.PHOTO_REJECTED, Action.RESTORED, Action.UNDONE,
)


def outcome_entries(user):
    """Decisions on the cameras `user` reported, by moderators or by the residents' votes."""
    return AuditEntry.objects.filter(camera__reporter=user, action__in=OUTCOMES).exclude(
        role=AuditEntry.Role.RESIDENT
    )


def unseen_count(user) -> int:
    """Outcomes newer than the user's last look at "My sightings" (or than their account)."""
    seen = Subquery(OutcomesSeen.objects.filter(user=user).values("seen_at")[:1])
    return outcome_entries(user).filter(created_at__gt=Coalesce(seen, user.date_joined)).count()


def mark_seen(user):
    """Record the look; returns when the previous one was (None for the first)."""
    previous = OutcomesSeen.objects.filter(user=user).values_list("seen_at", flat=True).first()
    OutcomesSeen.objects.update_or_create(user=user, defaults={"seen_at": timezone.now()})
    return previous
