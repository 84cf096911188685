"""Trust levels for moderators' pages only: public templates must never load this."""

from __future__ import annotations

from collections import Counter

from django import template

from mapsite.accounts import trust
from mapsite.accounts.models import Profile

register = template.Library()


@register.simple_tag
def camera_trust(camera) -> dict:
    """The reporter's level and how many voters of each level confirm or dispute."""
    from mapsite.votes.models import Vote

    rows = list(Vote.objects.filter(camera=camera).values_list("user_id", "kind"))
    ids = {user for user, _kind in rows} | ({camera.reporter_id} if camera.reporter_id else set())
    levels = trust.levels_of(ids)
    counts = Counter((levels[user], kind) for user, kind in rows)
    return {
        "reporter": Profile.Level(levels[camera.reporter_id]).label if camera.reporter_id else None,
        "voters": [
            (label, counts[(level, Vote.Kind.CONFIRM)], counts[(level, Vote.Kind.DISPUTE)])
            for level, label in Profile.Level.choices
        ],
    }
