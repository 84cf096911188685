"""What every form of the project shares."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mapsite.core.errors import ServiceError

# The largest id a 64-bit primary key holds; larger numbers would overflow the
# database driver (SQLite raises OverflowError for them in an IN list).
MAX_ID = 2**63 - 1


class FirstErrorMixin:
    """A one-line refusal for action endpoints, which show one message rather than a form."""

    def first_error(self) -> str:
        for errors in self.errors.values():
            return str(errors[0])
        return str(_("The form is not valid."))

    def valid_data(self) -> dict:
        """The cleaned data, or a ServiceError (400) naming the first error."""
        if not self.is_valid():
            raise ServiceError(self.first_error())
        return self.cleaned_data


class IdField(forms.IntegerField):
    """A row id typed or posted by a user: a whole number a primary key can hold."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)
        # An id out of range is as unusable as one that is not a number: one message for both.
        if "invalid" in kwargs.get("error_messages", {}):
            for code in ("min_value", "max_value"):
                self.error_messages[code] = self.error_messages["invalid"]
