"""Plausibility warnings in templates: stored codes shown as translated sentences."""

from __future__ import annotations

from django import template

from mapsite.sightings import plausibility

register = template.Library()


@register.filter
def warning_labels(codes) -> list[str]:
    return plausibility.labels(codes)
