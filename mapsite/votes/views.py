from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from mapsite.cameras.models import Camera
from mapsite.votes import rules, services
from mapsite.votes.forms import ConfirmForm, DisputeForm
from mapsite.votes.responses import action, done, payload, problem


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


def _run(request: HttpRequest, pk: int, call) -> HttpResponse:
    try:
        result = call()
    except services.VoteError as exc:
        status = exc.status
        back = reverse("cameras:map") if status == 404 else _back(pk)
        return problem(request, exc.message, status=status, back=back)
    return done(request, result.message, _state(result), back=_back(pk))


@action()
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    form = ConfirmForm(payload(request))
    if not form.is_valid():
        return problem(request, _("Your comment is too long."), back=_back(pk))
    return _run(request, pk, lambda: services.confirm(pk, request.user, comment=form.cleaned_data["comment"]))


@action()
def dispute(request: HttpRequest, pk: int) -> HttpResponse:
    form = DisputeForm(payload(request))
    if not form.is_valid():
        if not Camera.objects.filter(pk=pk).exists():
            return problem(request, _("This camera does not exist."), status=404)
        return problem(request, form.first_error(), back=_back(pk))
    data = dict(form.cleaned_data)
    return _run(request, pk, lambda: services.dispute(pk, request.user, **data))


@action()
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _run(request, pk, lambda: services.withdraw(pk, request.user))
