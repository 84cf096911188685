from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mapsite.cameras.models import Camera
from mapsite.core.forms import FirstErrorMixin, IdField
from mapsite.districts.lookup import district_code_at
from mapsite.moderation.merging import PICKABLE
from mapsite.photos.models import Photo

_VERSION_ERRORS = {
    "required": _("This form is out of date; reload the page."),
    "invalid": _("This form is out of date; reload the page."),
}


class ActionForm(FirstErrorMixin, forms.Form):
    version = IdField(widget=forms.HiddenInput, error_messages=_VERSION_ERRORS)
    reason = forms.CharField(label=_("Reason (optional)"), max_length=1000, required=False)


class EditForm(ActionForm):
    latitude = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90)
    longitude = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180)
    kind = forms.ChoiceField(label=_("Kind"), choices=Camera.Kind.choices)
    operator = forms.ChoiceField(label=_("Operator"), choices=Camera.Operator.choices)
    mount = forms.ChoiceField(label=_("Mount"), choices=Camera.Mount.choices)
    direction = forms.IntegerField(label=_("Direction (degrees)"), required=False, min_value=0, max_value=359)
    field_of_view = forms.IntegerField(label=_("Field of view (degrees)"), required=False, min_value=1, max_value=360)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, camera: Camera | None = None, **kwargs):
        if camera is not None and not args and "data" not in kwargs:
            kwargs.setdefault(
                "initial",
                {name: getattr(camera, name) for name in (
                    "version", "latitude", "longitude", "kind", "operator", "mount", "direction", "field_of_view",
                    "notes",
                )},
            )
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        lat, lon = data.get("latitude"), data.get("longitude")
        if lat is not None and lon is not None and district_code_at(lat, lon) is None:
            raise ValidationError(_("The new position is outside Hong Kong."), code="outside")
        return data

    def changes(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("version", "reason")}


_PICKS = [("", _("As suggested")), ("keep", _("Keep the kept camera's value")), ("take", _("Take this camera's value"))]


class MergeForm(ActionForm):
    """Into which camera, and field by field (pick_<field>) whose value wins: "take" is
    the duplicate's, "keep" the survivor's; with no pick at all, merging.default_picks decides."""

    into = IdField(
        label=_("Merge into camera number"),
        error_messages={"required": _("Give the number of the camera to keep."), "invalid": _("Give a camera number.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in PICKABLE.items():
            self.fields[f"pick_{name}"] = forms.ChoiceField(
                label=label, choices=_PICKS, required=False,
                error_messages={"invalid_choice": _("Choose which value to keep.")},
            )

    def taken(self) -> set[str] | None:
        picks = {name: self.cleaned_data.get(f"pick_{name}") for name in PICKABLE}
        if not any(picks.values()):
            return None
        return {name for name, pick in picks.items() if pick == "take"}


class CorrectionForm(ActionForm):
    vote = IdField(widget=forms.HiddenInput, error_messages=_VERSION_ERRORS)


class PhotoForm(FirstErrorMixin, forms.Form):
    status = forms.ChoiceField(choices=Photo.Status.choices, required=False, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason (optional)"), max_length=1000, required=False)


class BulkMatchingForm(FirstErrorMixin, forms.Form):
    """A decision on every camera a queue filter matches: `query` is the filter as the
    moderator saw it, `expected` the count they saw and confirm."""

    decision = forms.ChoiceField(
        choices=[("verify", _("Verify")), ("reject", _("Reject"))],
        error_messages={"required": _("Choose verify or reject."), "invalid_choice": _("Choose verify or reject.")},
    )
    reason = forms.CharField(label=_("Reason (optional)"), max_length=1000, required=False)
    expected = forms.IntegerField(
        min_value=1, max_value=2**31 - 1,
        error_messages={"required": _("Confirm the number of cameras."), "invalid": _("Confirm the number of cameras."),
                        "min_value": _("Confirm the number of cameras."),
                        "max_value": _("Confirm the number of cameras.")},
    )
    query = forms.CharField(max_length=2000, required=False, strip=False)


class BulkForm(FirstErrorMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=[("verify", _("Verify")), ("reject", _("Reject"))],
        error_messages={"required": _("Choose verify or reject."), "invalid_choice": _("Choose verify or reject.")},
    )
    reason = forms.CharField(label=_("Reason (optional)"), max_length=1000, required=False)

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.raw_items = data.getlist("cameras") if hasattr(data, "getlist") else (data or {}).get("cameras", [])

    def clean(self):
        data = super().clean()
        items = []
        raw = self.raw_items if isinstance(self.raw_items, list) else [self.raw_items]
        for value in raw:
            try:
                camera_id, version = (int(part) for part in str(value).split(":"))
            except ValueError:
                raise ValidationError(_("This form is out of date; reload the page."), code="bad_item") from None
            items.append((camera_id, version))
        if not items:
            raise ValidationError(_("Select at least one camera."), code="empty")
        data["items"] = items
        return data
