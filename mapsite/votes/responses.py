"""What the action endpoints of votes and moderation share: POST only, a
signed-in user (sent to log in, or 401 for JSON), an optional permission
(403), and answers as JSON for fetch() or as a redirect/page for forms."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import orjson
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mapsite.lib.http import json_error, json_response


class BadPayload(Exception):
    """The request body is not the JSON object we expect."""


def wants_json(request: HttpRequest) -> bool:
    if request.content_type == "application/json":
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def payload(request: HttpRequest) -> QueryDict | dict[str, Any]:
    """The submitted fields, from a form post or a JSON body."""
    if request.content_type != "application/json":
        return request.POST
    try:
        data = orjson.loads(request.body or b"{}")
    except orjson.JSONDecodeError:
        raise BadPayload from None
    if not isinstance(data, dict):
        raise BadPayload
    # Forms expect strings, as a browser would send them.
    return {k: "" if v is None else v if isinstance(v, (str, list)) else str(v) for k, v in data.items()}


def safe_next(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next", "") if request.content_type != "application/json" else ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def problem(request: HttpRequest, message: str, *, status: int = 400, back: str | None = None) -> HttpResponse:
    """A refusal the user can read: {"error": ...} for JSON, a short page for forms."""
    if wants_json(request):
        return json_error(message, status=status)
    back = safe_next(request, back or resolve_url("cameras:map"))
    return render(request, "votes/problem.html", {"message": message, "back": back}, status=status)


def done(request: HttpRequest, message: str, data: dict, *, back: str) -> HttpResponse:
    """Success: JSON for fetch(), or the form's page again with a message."""
    if wants_json(request):
        return json_response({"ok": True, "message": str(message), **data})
    from django.contrib import messages

    messages.success(request, message)
    return redirect(safe_next(request, back))


def action(permission: str | None = None) -> Callable:
    """Decorate an action endpoint: POST only (405 otherwise, before anything
    else), signed in, and holding `permission` if given."""

    def decorate(view: Callable) -> Callable:
        @require_POST
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                if wants_json(request):
                    return json_error(
                        _("Log in to do this."), status=401, login_url=resolve_url(settings.LOGIN_URL)
                    )
                return redirect_to_login(safe_next(request, resolve_url("cameras:map")))
            if permission and not request.user.has_perm(permission):
                if wants_json(request):
                    return json_error(_("Only moderators can do this."), status=403)
                raise PermissionDenied
            try:
                return view(request, *args, **kwargs)
            except BadPayload:
                return problem(request, _("The request could not be read. Reload the page and try again."))

        return wrapper

    return decorate
