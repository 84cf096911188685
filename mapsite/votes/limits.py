"""The limits on votes, like those on reports (mapsite/sightings/limits.py): per account
per day by trust level, per network, and a burst that pauses the account's votes."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django_ratelimit.exceptions import Ratelimited

from mapsite.accounts import services as account_services
from mapsite.accounts import trust
from mapsite.core.errors import TooMany
from mapsite.lib import ratelimit
from mapsite.lib.ratelimit import network_key, user_key


def vote_limits(request: HttpRequest) -> list[tuple[str, str, object]]:
    per_day = trust.per_day("votes", trust.request_level(request))
    return [
        ("votes.user.day", f"{per_day}/d", user_key),
        # Several households behind one address vote too: as generous as reports'.
        ("votes.network", settings.SUBMIT_RATE_NETWORK, network_key),
    ]


def refuse_if_exhausted(request: HttpRequest) -> None:
    until = trust.paused_until(request.user)
    if until is not None:
        raise TooMany(
            _(
                "Your votes are paused until %(time)s: many votes or reports came from your account in a short "
                "time, so a moderator will look at them first. Nothing you did before is lost."
            )
            % {"time": formats.time_format(timezone.localtime(until), "H:i")}
        )
    try:
        ratelimit.refuse_if_exhausted(request, vote_limits(request))
    except Ratelimited:
        raise TooMany(
            _("You have cast as many votes as your account can today. You can vote again tomorrow.")
        ) from None


def count_vote(request: HttpRequest) -> None:
    """Count a vote that changed something, and act on a burst."""
    ratelimit.count(request, vote_limits(request))
    if ratelimit.count_past(request, "votes.burst", settings.VOTE_BURST_RATE, user_key):
        account_services.burst(request.user, what="votes")
