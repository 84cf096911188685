"""View decorators every app uses: which methods a view answers, and the
action endpoints' shared rules (POST, signed in, a permission, refusals)."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _

from mapsite.core.errors import NotFound, ServiceError
from mapsite.core.http import json_error, method_not_allowed, refused_by, safe_next, wants_json


def allow(*methods: str) -> Callable:
    """Answer only these methods (HEAD with GET); any other gets the one 405 answer."""
    allowed = list(methods) + (["HEAD"] if "GET" in methods and "HEAD" not in methods else [])

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in allowed:
                return method_not_allowed(request, allowed)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def action(
    permission: str | None = None, *, back: Callable[..., str] | None = None, lost: str = "cameras:map"
) -> Callable:
    """An action endpoint: POST only (405 before anything else), signed in, holding
    `permission` if given. A ServiceError from the view becomes the refusal, with a
    link back to `back(**view_kwargs)`, or to `lost` when the thing is not found."""

    def decorate(view: Callable) -> Callable:
        @allow("POST")
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
            except ServiceError as exc:
                found = back is not None and not isinstance(exc, NotFound)
                to = back(**kwargs) if found else resolve_url(lost)
                return refused_by(request, exc, back=to)

        return wrapper

    return decorate
