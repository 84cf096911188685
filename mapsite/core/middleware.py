"""Refusals raised anywhere in a view become the one refusal answer."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from mapsite.core.errors import ServiceError
from mapsite.core.http import refused_by


class ServiceErrorMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ServiceError):
            return refused_by(request, exception)
        return None
