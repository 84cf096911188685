"""Editing and withdrawing one's own report until it is published or a moderator decides on it.

The edit goes through the report form itself (OwnReportForm adds only the version seen), and the
changes through mapsite.sightings.services, so a correction is checked exactly as a report is.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from mapsite.cameras.models import Camera
from mapsite.core.errors import Conflict, NotFound, ServiceError
from mapsite.core.forms import FirstErrorMixin, IdField
from mapsite.core.http import refused_by
from mapsite.core.views import allow
from mapsite.sightings import services
from mapsite.sightings.forms import ReportForm

FORM_FIELDS = services.REPORTED_FIELDS
# The version travels in a hidden field: a bad one is a stale or tampered page.
STALE = _lazy("Reload the page and try again.")
VERSION_ERRORS = {"required": STALE, "invalid": STALE}


class OwnReportForm(ReportForm):
    """The report form for a report that exists: no photo, and the version the resident saw."""

    version = IdField(widget=forms.HiddenInput, error_messages=VERSION_ERRORS)

    def __init__(self, *args, camera: Camera, **kwargs) -> None:
        kwargs.setdefault("initial", {**{name: getattr(camera, name) for name in FORM_FIELDS},
                                      "version": camera.version})
        super().__init__(*args, allow_photo=False, **kwargs)
        self.camera = camera

    def clean(self):
        position = (self.cleaned_data.get("latitude"), self.cleaned_data.get("longitude"))
        if position == (self.camera.latitude, self.camera.longitude):
            # The resident answered the "already on the map" question when reporting; asked
            # again only if the pin moves.
            self.cleaned_data["confirm_different"] = True
        return super().clean()


def _mine() -> str:
    return reverse("sightings:mine")


def _refused(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    return refused_by(request, exc, back=_mine())


@login_required
@allow("GET", "POST")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        camera = services.own_open_report(pk, request.user)
    except ServiceError as exc:
        return _refused(request, exc)
    status = 200
    if request.method == "POST":
        form = OwnReportForm(request.POST, camera=camera)
        status = 400
        if form.is_valid():
            try:
                services.edit_own_report(pk, form.cleaned_data["version"], request.user, form.cleaned_data,
                                         district=form.district)
            except (NotFound, Conflict) as exc:
                return _refused(request, exc)
            except ServiceError as exc:  # nothing changed: said on the form
                form.add_error(None, ValidationError(exc.message, code=exc.extra.get("code", "invalid")))
            else:
                messages.success(request, _("Your report is changed."))
                return redirect(_mine())
    else:
        form = OwnReportForm(camera=camera)
    return render(request, "sightings/own_edit.html", {"form": form, "camera": camera}, status=status)


class WithdrawForm(FirstErrorMixin, forms.Form):
    version = IdField(widget=forms.HiddenInput, error_messages=VERSION_ERRORS)


@login_required
@allow("GET", "POST")
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        camera = services.own_open_report(pk, request.user)
        if request.method == "POST":
            version = WithdrawForm(request.POST).valid_data()["version"]
            services.withdraw_own_report(pk, version, request.user)
            messages.success(request, _("Your report is withdrawn and deleted."))
            return redirect(_mine())
    except ServiceError as exc:
        return _refused(request, exc)
    return render(request, "sightings/own_withdraw.html", {"camera": camera})
