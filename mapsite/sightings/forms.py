"""The one form that validates a new camera, for the web page and the JSON API alike."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from mapsite.cameras.models import Camera
from mapsite.districts.lookup import OutsideHongKong, district_at
from mapsite.lib.geo import parse_coordinates

NOTES_MAX = 1000
POSITION_MAX = 100


class ReportForm(forms.Form):
    # No "required" in the page: a pasted position fills empty latitude and longitude
    # boxes on the server, and a browser's own check would refuse them before sending.
    use_required_attribute = False

    latitude = forms.FloatField(
        label=_("Latitude"),
        min_value=-90,
        max_value=90,
        error_messages={"required": _("Place the pin on the map, or enter coordinates.")},
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    longitude = forms.FloatField(
        label=_("Longitude"),
        min_value=-180,
        max_value=180,
        error_messages={"required": _("Place the pin on the map, or enter coordinates.")},
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    # The "Paste coordinates" box. With JavaScript its Go button moves the pin; without
    # (or offline, where Go cannot ask the server), it is read on submit, in any
    # format parse_coordinates knows.
    position = forms.CharField(
        label=_("Paste coordinates"),
        max_length=POSITION_MAX,
        required=False,
        widget=forms.TextInput(attrs={"id": "paste-coords", "autocomplete": "off", "placeholder": "22.3193, 114.1694"}),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Camera.Kind.choices, required=False, initial=Camera.Kind.UNKNOWN)
    operator = forms.ChoiceField(
        label=_("Operator"), choices=Camera.Operator.choices, required=False, initial=Camera.Operator.UNKNOWN
    )
    mount = forms.ChoiceField(
        label=_("Mount"), choices=Camera.Mount.choices, required=False, initial=Camera.Mount.UNKNOWN
    )
    direction = forms.IntegerField(
        label=_("Direction (compass degrees, 0 = north)"),
        min_value=0,
        max_value=359,
        required=False,
        help_text=_("Leave empty if unknown. Drag the handle of the view cone on the map, or type a number."),
    )
    field_of_view = forms.IntegerField(
        label=_("Field of view (degrees)"),
        min_value=1,
        max_value=360,
        required=False,
        help_text=_("Leave empty if unknown."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        max_length=NOTES_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What a passer-by would see. Do not write anything that identifies you or anyone else."),
    )
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_(
            "JPEG, PNG or WebP, at most 10 MB. All metadata (including location) is removed, and faces and "
            "number plates the site finds are blurred, before it is stored. You can blur more before a "
            "moderator approves it."
        ),
    )
    submission_token = forms.UUIDField(required=False, widget=forms.HiddenInput)
    confirm_different = forms.BooleanField(label=_("It is a different camera: report it anyway"), required=False)

    def __init__(self, *args, allow_photo: bool = True, oversized: frozenset[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        # Fields whose upload was cut off by SizeLimitedUploadHandler.
        self.oversized = oversized
        self.district = None
        self.nearby: list[tuple[float, Camera]] = []
        self.processed_photo = None
        # Set when the submission token already made a camera: a double submit.
        self.already_submitted: Camera | None = None
        if not allow_photo:
            del self.fields["photo"]
        self.unreadable_position = False
        self._read_position()

    def _read_position(self) -> None:
        """Move a pasted position into the latitude and longitude boxes, where the fields
        validate it exactly as if it had been typed there, and empty the paste box: the
        form shown again has the numbers in the boxes and nothing stale beside them.
        Pasted text wins over the boxes: it is what the resident did last (the map's
        script empties the box once it has moved the pin)."""
        if not self.is_bound:
            return
        text = self.data.get("position")
        if not isinstance(text, str) or not text.strip() or len(text) > POSITION_MAX:
            return  # nothing pasted, or too long for clean_position's max_length
        try:
            lat, lon = parse_coordinates(text)
        except ValueError:
            self.unreadable_position = True  # clean_position says so
            return
        self.data = self.data.copy()
        self.data["latitude"], self.data["longitude"], self.data["position"] = repr(lat), repr(lon), ""

    def _choice(self, name: str, default: str) -> str:
        return self.cleaned_data.get(name) or default

    def clean_kind(self) -> str:
        return self._choice("kind", Camera.Kind.UNKNOWN)

    def clean_operator(self) -> str:
        return self._choice("operator", Camera.Operator.UNKNOWN)

    def clean_mount(self) -> str:
        return self._choice("mount", Camera.Mount.UNKNOWN)

    def clean_notes(self) -> str:
        return self.cleaned_data.get("notes", "").strip()

    def clean_position(self) -> str:
        if self.unreadable_position:
            raise forms.ValidationError(
                _("Those coordinates were not understood. Try 22.3193, 114.1694 or 22°19′09″N 114°10′10″E."),
                code="bad_position",
            )
        return self.cleaned_data.get("position", "").strip()

    def clean_photo(self):
        from mapsite.photos.processing import process_upload

        if "photo" in self.oversized:
            raise forms.ValidationError(_("The photo is larger than 10 MB."), code="too_large")
        upload = self.cleaned_data.get("photo")
        if upload:
            # Decoded and re-encoded here, in memory: nothing reaches the disk
            # until the whole report is valid.
            self.processed_photo = process_upload(upload)
        return upload

    def _refuse_if_submitted(self, token) -> None:
        if token is None:
            return
        self.already_submitted = Camera.objects.filter(submission_token=token).first()
        if self.already_submitted is not None:
            raise forms.ValidationError(
                _("This form was already submitted. Please reload the page to report another camera."),
                code="already_submitted",
            )

    def clean(self):
        cleaned = super().clean()
        if self.has_error("position", "bad_position"):
            # The boxes are empty because the pasted text was not understood: say that once.
            for name in ("latitude", "longitude"):
                if self.has_error(name, "required"):
                    del self._errors[name]
        token = cleaned.get("submission_token")
        # Checked first: the camera a first submit made is of course "nearby" for the second.
        self._refuse_if_submitted(token)
        lat, lon = cleaned.get("latitude"), cleaned.get("longitude")
        if lat is None or lon is None:
            return cleaned
        try:
            self.district = district_at(lat, lon)
        except OutsideHongKong:
            raise forms.ValidationError(
                _("This position is outside Hong Kong. Move the pin onto the camera's location in Hong Kong."),
                code="outside_hong_kong",
            ) from None
        self.nearby = Camera.objects.public().near(lat, lon, settings.DUPLICATE_RADIUS_SUBMIT_M)
        if self.nearby and not cleaned.get("confirm_different"):
            # A second send of this very form may have found no camera above, and then this one,
            # which the first send made in between: it is that camera, not a duplicate.
            self._refuse_if_submitted(token)
            raise forms.ValidationError(
                _(
                    "A camera is already on the map within %(radius)s m of this pin. If it is the one you saw, "
                    "confirm it instead; if it is a different camera, tick “It is a different camera” and submit again."
                ),
                code="duplicate",
                params={"radius": settings.DUPLICATE_RADIUS_SUBMIT_M},
            )
        return cleaned


def form_errors(form: forms.Form) -> tuple[str, dict]:
    """The first general error (or a summary) and each field's messages, for a JSON answer."""
    fields = {name: [e["message"] for e in errors] for name, errors in form.errors.get_json_data().items()}
    general = fields.pop("__all__", None)
    message = general[0] if general else _("Some fields are not valid.")
    return str(message), fields
