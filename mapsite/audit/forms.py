"""The audit log's filters: what a moderator may narrow the log by, checked before it reaches the database."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mapsite.audit.models import AuditEntry

# The largest id a camera can have (a signed 64-bit primary key); a larger number would overflow the query.
MAX_CAMERA_ID = 2**63 - 1
_CAMERA_NUMBER = re.compile(r"#*([0-9]+)", re.ASCII)


class AuditFilterForm(forms.Form):
    """All fields optional; an empty one does not filter. Bound to request.GET.

    Error codes: action "unknown_action", role "unknown_role", camera "not_a_number" and
    "no_such_camera", actor Django's "null_characters_not_allowed" and "max_length", since and
    until (days, YYYY-MM-DD, in Hong Kong time) Django's "invalid"."""

    action = forms.CharField(required=False, strip=False)
    role = forms.CharField(required=False, strip=False)
    camera = forms.CharField(required=False)
    actor = forms.CharField(required=False, max_length=150)  # the longest a username can be
    since = forms.DateField(required=False)
    until = forms.DateField(required=False)

    def clean_action(self) -> str:
        action = self.cleaned_data["action"]
        if action and action not in AuditEntry.Action.values:
            raise ValidationError(_("Unknown action."), code="unknown_action")
        return action

    def clean_role(self) -> str:
        role = self.cleaned_data["role"]
        if role and role not in AuditEntry.Role.values:
            raise ValidationError(_("Unknown role."), code="unknown_role")
        return role

    def clean_camera(self) -> int | None:
        """A camera number, with or without a leading "#"."""
        text = self.cleaned_data["camera"]
        if not text:
            return None
        match = _CAMERA_NUMBER.fullmatch(text)
        if match is None:
            raise ValidationError(_("A camera is given by its number."), code="not_a_number")
        number = int(match.group(1))
        if number > MAX_CAMERA_ID:
            raise ValidationError(_("This camera does not exist."), code="no_such_camera")
        return number

    def filter(self, entries: QuerySet) -> QuerySet:
        """Narrow `entries` by every filter that is given and valid (call is_valid() first)."""
        data = self.cleaned_data
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        if data.get("role"):
            entries = entries.filter(role=data["role"])
        if data.get("camera") is not None:
            entries = entries.filter(camera_id=data["camera"])
        if data.get("actor"):
            entries = entries.filter(actor__username__iexact=data["actor"])
        if data.get("since"):
            entries = entries.filter(created_at__date__gte=data["since"])
        if data.get("until"):
            entries = entries.filter(created_at__date__lte=data["until"])
        return entries

    def problems(self) -> list[str]:
        """The error messages, one per invalid filter, in field order."""
        return [str(message) for field in self.fields if field in self.errors for message in self.errors[field]]
