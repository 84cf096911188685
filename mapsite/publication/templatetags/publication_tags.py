from __future__ import annotations

from django import template
from django.utils import timezone

from mapsite.cameras.models import Camera
from mapsite.publication.windows import clock, window_for

register = template.Library()


@register.filter
def waiting_until(camera: Camera) -> str:
    """When a report still waiting for its window goes out ("15:00"); "" for any other camera.
    For its reporter's own pages only."""
    if camera.published_at is not None or camera.status not in Camera.PUBLIC_STATUSES or camera.merged_into_id:
        return ""
    return clock(window_for(camera.reported_at), timezone.now())


@register.filter
def vote_waiting_until(vote) -> str:
    """When the voter's own vote, cast or changed, goes out ("15:00"); "" once it is public."""
    if vote is None or vote.published_at is not None:
        return ""
    return clock(window_for(vote.updated_at), timezone.now())
