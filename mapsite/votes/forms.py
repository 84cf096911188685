from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mapsite.cameras.models import Camera
from mapsite.core.forms import FirstErrorMixin, IdField
from mapsite.districts.lookup import district_code_at
from mapsite.votes.models import Vote


def _blank_choice(choices) -> list:
    return [("", _("No change")), *choices]


COMMENT_ERRORS = {"max_length": _("Your comment is too long.")}


class ConfirmForm(FirstErrorMixin, forms.Form):
    comment = forms.CharField(
        label=_("Comment (optional)"), max_length=500, required=False, error_messages=COMMENT_ERRORS
    )


class DisputeForm(FirstErrorMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Why?"),
        choices=Vote.Reason.choices,
        error_messages={
            "required": _("Choose why you dispute this camera."),
            "invalid_choice": _("That is not one of the reasons; choose one from the list."),
        },
    )
    duplicate_of = IdField(
        label=_("Duplicate of camera"),
        required=False,
        error_messages={"invalid": _("Choose the camera this one duplicates.")},
    )
    suggested_latitude = forms.FloatField(label=_("Correct latitude"), required=False, min_value=-90, max_value=90)
    suggested_longitude = forms.FloatField(label=_("Correct longitude"), required=False, min_value=-180, max_value=180)
    suggested_kind = forms.ChoiceField(
        label=_("Correct kind"), choices=_blank_choice(Camera.Kind.choices), required=False
    )
    suggested_operator = forms.ChoiceField(
        label=_("Correct operator"), choices=_blank_choice(Camera.Operator.choices), required=False
    )
    suggested_direction = forms.IntegerField(
        label=_("Correct direction (degrees)"), required=False, min_value=0, max_value=359
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), max_length=500, required=False, error_messages=COMMENT_ERRORS
    )

    def clean(self):
        data = super().clean()
        lat, lon = data.get("suggested_latitude"), data.get("suggested_longitude")
        if (lat is None) != (lon is None) and not self.errors:
            raise ValidationError(_("Give both the latitude and the longitude of the correct position."), code="half")
        if lat is not None and lon is not None and district_code_at(lat, lon) is None:
            raise ValidationError(_("The suggested position is outside Hong Kong."), code="outside")
        if data.get("reason") == Vote.Reason.DUPLICATE and not data.get("duplicate_of") and not self.errors:
            raise ValidationError(_("Choose the camera this one duplicates."), code="no_target")
        return data
