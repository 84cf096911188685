"""Sign-up and log-in forms.

Every refusal here is a form error with a code: a name mixing scripts
(``mixed_scripts``), a name taken once normalised (``unique``), a log-in whose
username has seen too many attempts and whose proof-of-work challenge is
missing (``challenge_required``) or wrong (``challenge_failed``).
"""

from __future__ import annotations

import hashlib
import secrets

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core import signing
from django.core.cache import cache
from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _
from django_altcha import AltchaField, AltchaWidget

from mapsite.accounts.validators import lookalike_exists, normalise_username, validate_single_script
from mapsite.lib.ratelimit import count_one, digest_key, is_exhausted

LOGIN_USERNAME_GROUP = "accounts.login.user"
# The no-JavaScript sign-up's signed note of when the page was served (SignupChallengeWidget).
WAIT_PREFIX = "wait:"
WAIT_SALT = "mapsite.accounts.signup-wait"
WAIT_MAX_AGE = 3600


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

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound and not self.data.get("altcha") and self.data.get("altcha_wait"):
            # No script ran to solve the puzzle: the page's signed note of when it was served
            # stands in for the answer, and SignupChallengeField asks for the wait instead.
            self.data = self.data.copy()
            self.data["altcha"] = self.data["altcha_wait"]
        # Always asked on sign-up, with the log-in's self-hosted proof of work: a few
        # seconds for a resident, hours for whoever wants a thousand accounts.
        self.fields["altcha"] = _challenge_field(
            SignupChallengeField, _("I am creating this account myself"), settings.SIGNUP_CHALLENGE_MAX_NUMBER
        )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]  # already NFKC-normalised by the field
        validate_single_script(username)
        self._refuse_lookalike(username)
        return username

    def _refuse_lookalike(self, username: str) -> None:
        if lookalike_exists(username):
            # Django's own message and code, already translated.
            raise self.instance.unique_error_message(get_user_model(), ["username"])

    def save(self, commit: bool = True):
        """Check again and create under a lock, so two sign-ups racing for
        ``alice`` and ``Alice`` cannot both pass the check in clean_username.

        SQLite's IMMEDIATE transactions already hold the write lock from BEGIN;
        PostgreSQL needs the table locked against concurrent inserts.
        """
        with transaction.atomic():
            if connection.vendor == "postgresql":
                table = connection.ops.quote_name(get_user_model()._meta.db_table)
                with connection.cursor() as cursor:
                    cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
            self._refuse_lookalike(self.cleaned_data["username"])
            return super().save(commit=commit)


class ChallengeWidget(AltchaWidget):
    """django-altcha's widget with its script and stylesheet from our static files."""

    template_name = "accounts/altcha_widget.html"

    # Its value travels in a hidden input, but the field is what the resident ticks:
    # its errors belong beside it, not in a "(Hidden field altcha)" line at the top.
    is_hidden = False


class ChallengeField(AltchaField):
    """A proof-of-work challenge solved in the browser (django-altcha, self-hosted)."""

    widget = ChallengeWidget

    required_message = _(
        "There have been many log-in attempts for this username. Tick the box below and wait "
        "a moment while your browser solves a small puzzle, then log in again."
    )

    def validate(self, value) -> None:
        if not value:
            raise forms.ValidationError(self.required_message, code="challenge_required")
        try:
            super().validate(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("The puzzle was not solved, or was already used. Tick the box again, then send the form."),
                code="challenge_failed",
            ) from None


class SignupChallengeWidget(ChallengeWidget):
    """The puzzle, and for a browser without JavaScript (Tor Browser at its safest) a signed
    note of when the page was served: such a browser pays in waiting instead of computing."""

    template_name = "accounts/signup_challenge_widget.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["wait_token"] = WAIT_PREFIX + signing.dumps(secrets.token_hex(8), salt=WAIT_SALT)
        context["wait_seconds"] = settings.SIGNUP_NOJS_WAIT_SECONDS
        return context


class SignupChallengeField(ChallengeField):
    widget = SignupChallengeWidget
    required_message = _(
        "Tick the box below and wait a moment while your browser solves a small puzzle, then create the account. "
        "It costs you a few seconds once, and makes creating many accounts slow."
    )

    def validate(self, value) -> None:
        if isinstance(value, str) and value.startswith(WAIT_PREFIX):
            self._validate_wait(value.removeprefix(WAIT_PREFIX))
        else:
            super().validate(value)

    @staticmethod
    def _validate_wait(token: str) -> None:
        try:
            nonce = signing.loads(token, salt=WAIT_SALT, max_age=WAIT_MAX_AGE)
        except signing.BadSignature:
            raise forms.ValidationError(
                _("This sign-up page is too old or was changed. Load it again."), code="wait_invalid"
            ) from None
        try:
            signing.loads(token, salt=WAIT_SALT, max_age=settings.SIGNUP_NOJS_WAIT_SECONDS)
        except signing.SignatureExpired:
            pass  # waited long enough
        else:
            raise forms.ValidationError(
                _("Without JavaScript, wait %(seconds)s seconds after the page loads before you create the account.")
                % {"seconds": settings.SIGNUP_NOJS_WAIT_SECONDS},
                code="wait_too_soon",
            )
        # Each served page buys one sign-up: a second use of the same note is refused.
        if not cache.add(f"signup-wait:{hashlib.sha256(str(nonce).encode()).hexdigest()[:24]}", 1, WAIT_MAX_AGE):
            raise forms.ValidationError(
                _("This sign-up page was already used. Load it again."), code="wait_used"
            )


def _challenge_field(field_class=ChallengeField, label=None, max_number=None) -> ChallengeField:
    strings = {
        "label": str(label or _("I am logging in myself")),
        "verifying": str(_("Solving the puzzle…")),
        "verified": str(_("Solved")),
        "error": str(_("The puzzle could not be solved. Try again.")),
        "expired": str(_("The puzzle expired. Tick the box again.")),
        "waitAlert": str(_("Solving the puzzle… please wait.")),
    }
    return field_class(
        label="", strings=strings, hidefooter=True, hidelogo=True,
        maxnumber=max_number or settings.LOGIN_CHALLENGE_MAX_NUMBER,
    )


class LoginLimitMixin:
    """The per-username limit of every log-in form, the site's and the admin's.

    Attempts are counted per username after NFKC normalisation and case-folding
    (so ``ｖ1`` and ``V1`` count against ``v1``), across all networks. Past
    LOGIN_RATE_USERNAME the form is not refused: it asks for a proof-of-work
    challenge, which the resident solves in a few seconds in the browser while a
    guesser pays it on every guess. A stranger can slow an account's log-in down,
    never lock it. (The per-network limit, which does refuse, is on the views.)
    """

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.limit_key = None
        if request is None or not self.is_bound:
            return
        username = self.data.get("username")
        if not isinstance(username, str) or not username:
            return
        self.limit_key = digest_key(LOGIN_USERNAME_GROUP, normalise_username(username))
        if is_exhausted(request, LOGIN_USERNAME_GROUP, settings.LOGIN_RATE_USERNAME, self.limit_key):
            self.fields["altcha"] = _challenge_field()

    def clean(self):
        if "altcha" in self.fields and "altcha" not in self.cleaned_data:
            # No password is checked without the challenge solved: the answer
            # would tell a guesser whether the guess was right.
            return self.cleaned_data
        if self.limit_key is not None:
            count_one(self.request, LOGIN_USERNAME_GROUP, settings.LOGIN_RATE_USERNAME, self.limit_key)
        return super().clean()


class LoginForm(LoginLimitMixin, AuthenticationForm):
    pass


class AdminLoginForm(LoginLimitMixin, AdminAuthenticationForm):
    pass


class DeleteAccountForm(forms.Form):
    """The password entered again: a session left open on a shared computer cannot delete the account."""

    password = forms.CharField(label=_("Your password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, user, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password. Nothing was deleted."), code="wrong_password")
        return password
