"""The query parameters of the stats API: each unknown value is a 400 naming the parameter."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from mapsite.cameras.models import Camera
from mapsite.core.errors import BadRequest
from mapsite.districts.models import District

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class StatsQuery(forms.Form):
    def valid_data(self) -> dict:
        if not self.is_valid():
            name, errors = next(iter(self.errors.as_data().items()))
            raise BadRequest(str(errors[0].messages[0]), fields={name: [e.code for e in errors]})
        return self.cleaned_data


class TimelineQuery(StatsQuery):
    district = forms.CharField(required=False, max_length=8)
    kind = forms.ChoiceField(
        required=False, choices=Camera.Kind.choices, error_messages={"invalid_choice": _("Unknown kind of camera.")}
    )
    operator = forms.ChoiceField(
        required=False, choices=Camera.Operator.choices, error_messages={"invalid_choice": _("Unknown operator.")}
    )

    def clean_district(self) -> District | None:
        code = self.cleaned_data["district"].strip()
        if not code:
            return None
        district = District.objects.without_shapes().filter(code=code.upper()).first()
        if district is None:
            raise forms.ValidationError(_("Unknown district code."), code="unknown_district")
        return district

    def clean_kind(self) -> str | None:
        return self.cleaned_data["kind"] or None

    def clean_operator(self) -> str | None:
        return self.cleaned_data["operator"] or None


class DistrictsQuery(StatsQuery):
    as_of = forms.CharField(required=False, max_length=7)

    def clean_as_of(self) -> int | None:
        """YYYY-MM: the month whose end the counts are taken at."""
        value = self.cleaned_data["as_of"]
        if not value:
            return None
        match = MONTH.match(value)
        if not match or not 1 <= int(match[2]) <= 12:
            raise forms.ValidationError(_("Give the month as YYYY-MM."), code="bad_month")
        return int(match[1]) * 100 + int(match[2])
