"""The site's answers for requests Django itself refuses (bad request, CSRF,
permission, not found, server error): JSON with {"error": ...} on the data
addresses, the site's own pages elsewhere."""

from __future__ import annotations

import logging
import sys

from django.core.exceptions import RequestDataTooBig
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url
from django.utils.translation import gettext as _
from django.views.csrf import csrf_failure as django_csrf_failure

from mapsite.core.errors import Unavailable
from mapsite.core.http import is_api, json_error, refused_by, wants_json

logger = logging.getLogger(__name__)


def _page_or_json(request: HttpRequest, template: str, message: str, status: int) -> HttpResponse:
    # JSON for a JSON body or a fetch() asking for JSON too, not only on the data
    # addresses: a script posting a vote to a stale address must read the refusal.
    if wants_json(request):
        return json_error(message, status=status)
    return render(request, template, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        message = _("The request is too large.")
        if is_api(request):
            return json_error(message, status=413)
        # The refusal page, not 400.html, so the reason is visible; its link goes to
        # the map because the form's own `next` sits in the body that was too big.
        return render(request, "core/refused.html", {"message": message, "back": resolve_url("cameras:map")},
                      status=413)
    return _page_or_json(request, "400.html", _("The request could not be read."), 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page_or_json(request, "403.html", _("You are not allowed to do this."), 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page_or_json(request, "404.html", _("There is nothing at this address."), 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if wants_json(request):
        return json_error(
            _("CSRF check failed. Send the csrftoken cookie's value in an X-CSRFToken header."), status=403
        )
    return django_csrf_failure(request, reason=reason, template_name="403_csrf.html")


def server_error(request: HttpRequest) -> HttpResponse:
    """A 500, unless the fault is a passing one: a database too busy to answer
    (a lock held past the busy timeout, a connection lost) is a 503 to retry."""
    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError):
        return refused_by(request, Unavailable())
    return _page_or_json(request, "500.html", _("Something went wrong on our side. Please try again later."), 500)
