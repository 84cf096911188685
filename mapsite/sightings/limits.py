"""The limits on new cameras, read from settings at request time (tests lower them)."""

from __future__ import annotations

from django.conf import settings

from mapsite.lib.ratelimit import network_key, user_key


def submit_limits() -> list[tuple[str, str, object]]:
    return [
        ("sightings.user.hour", settings.SUBMIT_RATE_USER_HOUR, user_key),
        ("sightings.user.day", settings.SUBMIT_RATE_USER_DAY, user_key),
        ("sightings.network", settings.SUBMIT_RATE_NETWORK, network_key),
    ]
