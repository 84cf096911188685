from __future__ import annotations

from django import template
from django.utils import timezone

from mapsite.cameras.models import Camera
from mapsite.publication.windows import clock, report_waiting_until, window_for

register = template.Library()


@register.filter
def waiting_until(camera: Camera) -> str:
    return report_waiting_until(camera)


@register.filter
def vote_waiting_until(vote) -> str:
    """When the voter's own vote, cast or changed, goes out ("15:00"); "" once it is public."""
    if vote is None or vote.published_at is not None:
        return ""
    return clock(window_for(vote.updated_at), timezone.now())
