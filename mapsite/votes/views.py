from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from mapsite.cameras.models import Camera
from mapsite.core.errors import NotFound, ServiceError
from mapsite.core.http import done, json_response, read_payload
from mapsite.core.views import action, allow
from mapsite.votes import limits, mine, rules, services
from mapsite.votes.forms import ConfirmForm, DisputeForm


def _state(result: services.VoteResult) -> dict:
    camera = result.camera
    level = rules.confidence(camera)
    return {
        "camera": camera.pk,
        "status": camera.status,
        "status_label": str(camera.get_status_display()),
        "confirm_count": camera.confirm_count,
        "dispute_count": camera.dispute_count,
        "flagged": camera.flagged,
        "confidence": level,
        "confidence_label": str(rules.Confidence(level).label),
        "last_confirmed": camera.last_confirmed_on.isoformat() if camera.last_confirmed_on else None,
        "your_vote": result.vote.kind if result.vote else None,
        "changed": result.changed,
    }


def _back(pk: int) -> str:
    return reverse("cameras:detail", args=[pk])


def _answer(request: HttpRequest, pk: int, result: services.VoteResult) -> HttpResponse:
    if result.changed:
        limits.count_vote(request)
    return done(request, result.message, _state(result), back=_back(pk))


@action(back=_back)
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    limits.refuse_if_exhausted(request)
    data = ConfirmForm(read_payload(request)).valid_data()
    return _answer(request, pk, services.confirm(pk, request.user, comment=data["comment"]))


@action(back=_back)
def dispute(request: HttpRequest, pk: int) -> HttpResponse:
    limits.refuse_if_exhausted(request)
    form = DisputeForm(read_payload(request))
    if not form.is_valid():
        if not Camera.objects.filter(pk=pk, published_at__isnull=False).exists():
            raise NotFound(_("This camera does not exist."))
        raise ServiceError(form.first_error())
    return _answer(request, pk, services.dispute(pk, request.user, **form.cleaned_data))


@action(back=_back)
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer(request, pk, services.withdraw(pk, request.user))


@never_cache
@allow("GET")
def my_vote(request: HttpRequest, pk: int) -> HttpResponse:
    """The visitor's own vote on the camera and which votes they may cast (for the
    map popup). Private: it answers only about the visitor, never about others."""
    camera = get_object_or_404(Camera, pk=pk, published_at__isnull=False)  # a waiting report: no such camera
    response = json_response(mine.as_json(mine.own_vote_state(camera, request.user)))
    response["Vary"] = "Cookie"
    return response
