"""Refusals at the edge: whatever a view raises that the vocabulary knows, or a
fault that passes, becomes the one refusal answer rather than a 500."""

from __future__ import annotations

import logging

from django.db import DataError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from mapsite.core.errors import BadRequest, ServiceError, Unavailable
from mapsite.core.http import method_not_allowed, refused, refused_by
from mapsite.lib.deployment import cache_faults

logger = logging.getLogger(__name__)


class ServiceErrorMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info:
            # PostgreSQL refuses NUL in text: never let one reach a lookup.
            return refused(request, _("The address contains a NUL character."), status=400)
        response = self.get_response(request)
        if response.status_code == 405 and not response.streaming and not response.content:
            # Django's own 405 (class-based views, require_http_methods) is an empty
            # page: give it the one 405 answer, which says what to use instead.
            allowed = [m.strip() for m in response.get("Allow", "").split(",") if m.strip()]
            return method_not_allowed(request, allowed)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ServiceError):
            return refused_by(request, exception)
        if isinstance(exception, DataError):
            # A value the database cannot hold that no form caught (a NUL byte on
            # PostgreSQL, a number out of range): the request's fault, not ours.
            return refused_by(request, BadRequest(_("The request contains a value that cannot be stored.")))
        if isinstance(exception, OperationalError):
            # No request details in the log line: they could identify a contributor.
            logger.warning("database unavailable: %s", exception)
            return refused_by(request, Unavailable())
        if isinstance(exception, cache_faults()):  # the shared cache (CACHE_URL) not answering
            logger.warning("cache unavailable: %s", type(exception).__name__)
            return refused_by(request, Unavailable())
        return None
