"""Site-wide request handling that belongs to no single app."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation


class ApiLanguageMiddleware:
    """JSON endpoints answer in the language the client asks for in Accept-Language.

    Pages take their language from the URL prefix, and LocaleMiddleware makes
    every unprefixed URL English. /api/ URLs carry no prefix (their data is
    language-neutral), so the site's own scripts send the page's language in
    Accept-Language and the error messages a resident sees come back in it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith("/api/"):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
