from __future__ import annotations

from django import template

from mapsite.audit.models import AuditEntry

register = template.Library()


@register.simple_tag
def camera_history(camera) -> list[AuditEntry]:
    """The public history: what happened and on which day, and whether a
    resident or a moderator did it. Never who."""
    return list(
        AuditEntry.objects.filter(camera=camera, action__in=AuditEntry.PUBLIC_ACTIONS)
        .only("action", "role", "created_at")
        .order_by("created_at", "id")
    )


@register.simple_tag
def audit_changes(entry) -> list:
    """The fields the entry changed, labelled and translated (see mapsite.audit.display)."""
    from mapsite.audit.display import changes

    return changes(entry)
