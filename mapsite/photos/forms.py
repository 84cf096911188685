"""Boxes to blur, typed or drawn, and the confirmation to delete a photo."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mapsite.core.forms import FirstErrorMixin
from mapsite.photos.redaction import Box

# Boxes one request may blur. Enough for a crowd; the drawing script stops adding rows here.
MAX_DRAWN = 20
# Rows shown to a browser without JavaScript; the script adds rows as boxes are drawn.
BLANK_ROWS = 3
PARTS = ("left", "top", "width", "height")
PART_LABELS = {
    "left": gettext_lazy("From the left (%)"),
    "top": gettext_lazy("From the top (%)"),
    "width": gettext_lazy("Width (%)"),
    "height": gettext_lazy("Height (%)"),
}
BOX_FIELD = re.compile(r"^box-(\d+)-(left|top|width|height)$")


def field_name(row: int, part: str) -> str:
    return f"box-{row}-{part}"


class RedactForm(FirstErrorMixin, forms.Form):
    """Boxes as four percentages of the photo each (left, top, width, height),
    posted as box-N-left ... box-N-height. Rows left blank are ignored."""

    def __init__(self, data=None, **kwargs) -> None:
        super().__init__(data, **kwargs)
        rows = [int(match.group(1)) for key in (data or {}) if (match := BOX_FIELD.match(key))]
        # Posted rows beyond the limit are counted in clean(), not given fields.
        self.posted_rows = max(rows, default=-1) + 1
        for row in range(min(max(self.posted_rows, BLANK_ROWS), MAX_DRAWN)):
            outside = _("Box %(n)d lies outside the photo: each number is a percentage from 0 to 100.") % {
                "n": row + 1}
            for part in PARTS:
                self.fields[field_name(row, part)] = forms.FloatField(
                    label=PART_LABELS[part], required=False, min_value=0, max_value=100,
                    error_messages={"min_value": outside, "max_value": outside,
                                    "invalid": _("Box %(n)d: type each number as digits, such as 12.5.")
                                    % {"n": row + 1}},
                    widget=forms.NumberInput(attrs={"step": "any", "min": "0", "max": "100"}),
                )

    def rows(self) -> list[list[forms.BoundField]]:
        count = len(self.fields) // len(PARTS)
        return [[self[field_name(row, part)] for part in PARTS] for row in range(count)]

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.posted_rows > MAX_DRAWN:
            raise forms.ValidationError(
                _("At most %(n)d boxes can be blurred at once.") % {"n": MAX_DRAWN}, code="too_many")
        if self.errors:
            return cleaned
        boxes = []
        for row in range(len(self.fields) // len(PARTS)):
            values = [cleaned.get(field_name(row, part)) for part in PARTS]
            if all(v is None for v in values):
                continue
            n = {"n": row + 1}
            if any(v is None for v in values):
                raise forms.ValidationError(_("Box %(n)d needs all four numbers.") % n, code="incomplete")
            left, top, width, height = values
            if width <= 0 or height <= 0:
                raise forms.ValidationError(_("Box %(n)d has no size: its width and height must be more than 0.")
                                            % n, code="empty_box")
            # A hair of slack for sums such as 33.3 + 66.7, which floats make 100.00000000000001.
            if left + width > 100 + 1e-9 or top + height > 100 + 1e-9:
                raise forms.ValidationError(
                    _("Box %(n)d reaches past the edge of the photo: left plus width, and top plus height, "
                      "can be at most 100.") % n, code="outside")
            boxes.append(Box(left / 100, top / 100, min(width, 100 - left) / 100, min(height, 100 - top) / 100,
                             "drawn"))
        if not boxes:
            raise forms.ValidationError(_("Draw or type at least one box to blur."), code="no_boxes")
        cleaned["boxes"] = boxes
        return cleaned


class WithdrawForm(FirstErrorMixin, forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("Yes, delete this photo for good"),
        error_messages={"required": gettext_lazy("Tick the box to confirm that the photo should be deleted.")},
    )
