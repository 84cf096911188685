"""What the signed-in resident may do with one camera, and what they already did.

Only ever answered to that resident (their own vote); the popup and the camera
page use it to offer only the actions the services would accept.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import formats, timezone

from mapsite.cameras.models import Camera
from mapsite.votes.models import Vote
from mapsite.votes.services import vote_of


def own_vote_state(camera: Camera, user) -> dict:
    signed_in = bool(user and user.is_authenticated)
    is_reporter = camera.is_reported_by(user)
    can_vote = signed_in and not is_reporter and camera.is_public
    vote = vote_of(camera, user) if can_vote else None
    again_on = None
    if vote is not None and vote.kind == Vote.Kind.CONFIRM:
        again = vote.updated_at + dt.timedelta(days=settings.RECONFIRM_AFTER_DAYS)
        if again > timezone.now():
            again_on = timezone.localdate(again)
    return {
        "signed_in": signed_in,
        "is_reporter": is_reporter,
        "can_vote": can_vote,
        "vote": vote,
        "can_confirm": can_vote and again_on is None,
        "confirm_again_on": again_on,
    }


def as_json(state: dict) -> dict:
    vote = state["vote"]
    day = timezone.localdate(vote.updated_at) if vote else None
    return {
        "signed_in": state["signed_in"],
        "is_reporter": state["is_reporter"],
        "can_vote": state["can_vote"],
        "can_confirm": state["can_confirm"],
        "your_vote": vote.kind if vote else None,
        "your_reason": str(vote.get_reason_display()) if vote and vote.reason else "",
        "voted_on": formats.date_format(day, "Y-m-d") if day else None,
        "confirm_again_on": formats.date_format(state["confirm_again_on"], "Y-m-d")
        if state["confirm_again_on"]
        else None,
    }
