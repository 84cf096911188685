from __future__ import annotations

from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _


class SignupForm(UserCreationForm):
    """A username and a password, nothing else: no email, name or phone number
    that could tie an account to a person."""

    class Meta(UserCreationForm.Meta):
        fields = ("username",)
        help_texts = {
            "username": _(
                "Letters, digits and @/./+/-/_ only, 150 characters at most. "
                "Pick a name that does not identify you: it is never shown next to your reports."
            ),
        }
