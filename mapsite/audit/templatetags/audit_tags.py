from __future__ import annotations

from django import template
from django.utils import timezone

from mapsite.audit.models import AuditEntry
from mapsite.publication.windows import out_until

register = template.Library()

# What waits for its publication window, so its entry waits too: a history line appearing
# between windows would date a resident's vote to the minute.
WAITING_ACTIONS = (
    AuditEntry.Action.REPORTED,
    AuditEntry.Action.CONFIRMED,
    AuditEntry.Action.DISPUTED,
    AuditEntry.Action.PHOTO_APPROVED,
)


@register.simple_tag
def camera_history(camera) -> list[AuditEntry]:
    """The public history: what happened and on which day, and whether a
    resident or a moderator did it. Never who, and residents' contributions
    only once their publication window is out (mapsite.publication)."""
    return list(
        AuditEntry.objects.filter(camera=camera, action__in=AuditEntry.PUBLIC_ACTIONS)
        .exclude(action__in=WAITING_ACTIONS, created_at__gt=out_until(timezone.now()))
        .only("action", "role", "created_at")
        .order_by("created_at", "id")
    )


@register.simple_tag
def audit_changes(entry) -> list:
    """The fields the entry changed, labelled and translated (see mapsite.audit.display)."""
    from mapsite.audit.display import changes

    return changes(entry)
