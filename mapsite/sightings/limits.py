"""The limits on new cameras, read from settings at request time (tests lower them).

The daily limit follows the account's trust level; more than REPORT_BURST_RATE
reports is a burst, which is not refused but brought to a moderator
(mapsite.accounts.services.burst)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from mapsite.accounts import services as account_services
from mapsite.accounts import trust
from mapsite.lib import ratelimit
from mapsite.lib.ratelimit import network_key, user_key


def submit_limits(request: HttpRequest) -> list[tuple[str, str, object]]:
    per_day = trust.per_day("reports", trust.request_level(request))
    return [
        ("sightings.user.hour", settings.SUBMIT_RATE_USER_HOUR, user_key),
        ("sightings.user.day", f"{per_day}/d", user_key),
        ("sightings.network", settings.SUBMIT_RATE_NETWORK, network_key),
    ]


def refuse_if_exhausted(request: HttpRequest) -> None:
    ratelimit.refuse_if_exhausted(request, submit_limits(request))


def count_report(request: HttpRequest) -> None:
    """Count a report that was made, and act on a burst."""
    ratelimit.count(request, submit_limits(request))
    if ratelimit.count_past(request, "sightings.burst", settings.REPORT_BURST_RATE, user_key):
        account_services.burst(request.user, what="reports")
