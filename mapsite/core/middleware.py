"""Refusals at the edge: whatever a view raises that the vocabulary knows, or a
fault that passes, becomes the one refusal answer rather than a 500."""

from __future__ import annotations

import logging

from django.db import DataError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from mapsite.core.errors import BadRequest, ServiceError, Unavailable
from mapsite.core.http import refused, refused_by

logger = logging.getLogger(__name__)


class ServiceErrorMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info:
            # PostgreSQL refuses NUL in text: never let one reach a lookup.
            return refused(request, _("The address contains a NUL character."), status=400)
        return self.get_response(request)

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
        return None
