from __future__ import annotations

from django import template
from django.conf import settings

from mapsite.cameras.models import Camera
from mapsite.votes import mine, rules
from mapsite.votes.forms import DisputeForm
from mapsite.votes.services import vote_of

register = template.Library()


@register.simple_tag
def camera_votes(camera: Camera, user) -> dict:
    """Everything the camera page's vote panel needs, never who voted."""
    level = rules.Confidence(rules.confidence(camera))
    state = mine.own_vote_state(camera, user)
    signed_in, is_reporter = state["signed_in"], state["is_reporter"]
    your_vote = state["vote"]
    if signed_in and not is_reporter and not state["can_vote"]:
        # A vote cast before the camera left the map still shows as the voter's own.
        your_vote = vote_of(camera, user)
    nearby = []
    if state["can_vote"]:
        nearby = [
            (round(d), other)
            for d, other in Camera.objects.public()
            .exclude(pk=camera.pk)
            .near(camera.latitude, camera.longitude, settings.DUPLICATE_MAX_DISTANCE_M)[:20]
        ]
    return {
        "confidence": level,
        "confidence_label": level.label,
        "confidence_help": rules.CONFIDENCE_HELP[level],
        "explanation": rules.explain(camera),
        "signed_in": signed_in,
        "is_reporter": is_reporter,
        "can_vote": state["can_vote"],
        "your_vote": your_vote,
        "confirm_again_on": state["confirm_again_on"],
        "nearby": nearby,
        "form": DisputeForm(auto_id="id_dispute_%s"),
        "max_distance": settings.DUPLICATE_MAX_DISTANCE_M,
    }


@register.filter
def kind_label(value: str) -> str:
    return Camera.Kind(value).label if value in Camera.Kind.values else value


@register.filter
def operator_label(value: str) -> str:
    return Camera.Operator(value).label if value in Camera.Operator.values else value


@register.simple_tag(takes_context=True)
def popup_votes_config(context) -> dict:
    """Data for popup-votes.js: endpoints, the CSRF token, whether the visitor
    is signed in, and every label already translated."""
    from django.conf import settings
    from django.middleware.csrf import get_token
    from django.shortcuts import resolve_url
    from django.utils.translation import gettext as _

    from mapsite.cameras.features import url_template
    from mapsite.votes.models import Vote

    request = context["request"]
    user = context.get("user") or getattr(request, "user", None)
    # Duplicates are picked from a list on the camera's page; the popup offers the rest.
    reasons = [(value, str(label)) for value, label in Vote.Reason.choices if value != Vote.Reason.DUPLICATE]
    return {
        "confirmUrl": url_template("votes:confirm", pk=987654321),
        "disputeUrl": url_template("votes:dispute", pk=987654321),
        "cameraUrl": url_template("cameras:detail", pk=987654321),
        "mineUrl": url_template("votes:mine", pk=987654321),
        "loginUrl": resolve_url(settings.LOGIN_URL),
        "signedIn": bool(user and user.is_authenticated),
        "csrfToken": get_token(request),
        "reasons": reasons,
        "labels": {
            "confirms": _("Confirmations"),
            "disputes": _("Disputes"),
            "confirm": _("Confirm: I saw it here"),
            "dispute": _("Dispute it"),
            "send": _("Send dispute"),
            "cancel": _("Cancel"),
            "why": _("Why?"),
            "login": _("Log in to confirm or dispute this camera."),
            "sending": _("Sending…"),
            "failed": _("Something went wrong; please try again."),
            "more": _("Duplicate of another camera, or a correction? Use the camera's page."),
            "youConfirmed": _("You confirmed this camera on {day}."),
            "youDisputed": _("You disputed this camera: {reason}."),
            "againOn": _("You can confirm it again from {day}."),
            "yours": _("You reported this camera, so other residents confirm or dispute it."),
            "closed": _("This camera is not on the map any more, so it cannot be confirmed or disputed."),
        },
    }
