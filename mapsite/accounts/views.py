"""Sign-up, log-in, log-out and password change; the account page with the resident's own data
(download, log out everywhere, delete the account).

Sign-up and log-in are rate limited per network (a salted hash, see
mapsite.lib.ratelimit), so neither guessing passwords nor mass-creating
accounts is cheap. Log-in is also limited per attempted username, normalised;
past that limit the form asks for a proof-of-work challenge instead of
refusing (mapsite.accounts.forms.LoginLimitMixin), so a stranger cannot lock
a resident out. The admin's log-in goes through the same limits (login_limits).
"""

from __future__ import annotations

from csp.constants import SELF
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from mapsite.accounts import erasure
from mapsite.accounts.export import account_data
from mapsite.accounts.forms import DeleteAccountForm, LoginForm, SignupForm
from mapsite.core.errors import NotAuthenticated
from mapsite.core.http import json_response
from mapsite.core.views import action, allow
from mapsite.lib.ratelimit import network_key, user_key


def _rate(setting: str):
    # Read at request time so tests (and deployments) can change the limit.
    return lambda group, request: getattr(settings, setting)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@sensitive_post_parameters("password1", "password2")
@csp_update({"worker-src": [SELF, "blob:"]})  # the challenge's proof-of-work workers
@never_cache
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(group="accounts.signup", key=network_key, rate=_rate("SIGNUP_RATE_NETWORK"), method="POST", block=True)
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_safe_next(request))
    # Bound on any POST, even an empty one, so an empty post is told what is missing.
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = form.save()
        except ValidationError as exc:  # the name was taken meanwhile
            form.add_error("username", exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect(_safe_next(request))
    next_url = request.POST.get("next") or request.GET.get("next", "")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


def login_limits(view):
    """What every log-in view goes through, the site's and the admin's: one
    per-network limit (refused with a 429), and a CSP that lets the challenge's
    script start its proof-of-work workers (from blob: URLs). The per-username
    limit lives in the forms (LoginLimitMixin), which both views use."""
    rate = _rate("LOGIN_RATE_NETWORK")
    view = ratelimit(group="accounts.login", key=network_key, rate=rate, method="POST", block=True)(view)
    return csp_update({"worker-src": [SELF, "blob:"]})(view)


@method_decorator(login_limits, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's own rule): a link or image cannot log anyone out."""


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


@never_cache
@allow("GET")
@login_required
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account.html")


@allow("GET")
def data(request: HttpRequest) -> HttpResponse:
    """Everything the site holds about the account, as a file to keep; never emailed, never cached."""
    if not request.user.is_authenticated:
        raise NotAuthenticated(_("Log in to download your data."))
    response = json_response(account_data(request.user))
    response["Content-Disposition"] = 'attachment; filename="hong-kong-camera-map-my-data.json"'
    response["Cache-Control"] = "no-store, private"
    return response


@action()
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    erasure.end_sessions(request.user)
    logout(request)  # this request's session object too, so the response does not save it again
    messages.success(request, _("You are logged out on every device, this one included."))
    return redirect(resolve_url(settings.LOGIN_URL))


@sensitive_post_parameters("password")
@never_cache
@allow("GET", "POST")
@login_required
# Each try costs one attempt at the password: a session left open cannot be used to guess it.
@ratelimit(group="accounts.delete", key=user_key, rate=_rate("LOGIN_RATE_USERNAME"), method="POST", block=True)
def delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        erasure.delete_account(request.user)
        logout(request)
        messages.success(request, _("Your account is deleted. Your reports stay on the map with no name attached."))
        return redirect("cameras:map")
    return render(request, "accounts/delete.html", {"form": form}, status=400 if form.errors else 200)
