"""Answers: JSON through orjson, and one pair of responders for "done" and
"refused" that answer a form post with a page and fetch() or an API client with
JSON, as the request asks.

Every refusal the project sends has the shape {"error": message, ...} in JSON,
or the core/refused.html page for a browser.
"""

from __future__ import annotations

from typing import Any

import orjson
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render, resolve_url
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from mapsite.core.errors import BadRequest, ServiceError

# Machine-readable addresses: every answer there is JSON, refusals included.
DATA_PREFIXES = ("/api/", "/export/")


def json_response(data: Any, *, status: int = 200, content_type: str = "application/json") -> HttpResponse:
    return HttpResponse(orjson.dumps(data), status=status, content_type=content_type)


def geojson_response(data: Any, *, status: int = 200) -> HttpResponse:
    return json_response(data, status=status, content_type="application/geo+json")


def json_error(message: str, *, status: int = 400, **extra: Any) -> HttpResponse:
    """{"error": message, ...} with a 4xx or 5xx status."""
    return json_response({"error": str(message), **extra}, status=status)


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(DATA_PREFIXES)


def wants_json(request: HttpRequest) -> bool:
    """JSON for the API, for JSON bodies, and for fetch() asking for JSON only."""
    if is_api(request) or request.content_type == "application/json":
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def read_payload(request: HttpRequest, *, lists: tuple[str, ...] = ()) -> QueryDict | dict[str, Any]:
    """The submitted fields, from a form post or a JSON object, as strings a form can clean.

    Raises BadRequest for a body that is not a JSON object, or a field that is a
    list or an object (a form field takes one value), except the fields named in
    `lists`, which take a list of values.
    """
    if request.content_type != "application/json" and not is_api(request):
        return request.POST
    try:
        data = orjson.loads(request.body or b"{}")
    except orjson.JSONDecodeError:
        raise BadRequest(_("The request could not be read: the body is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise BadRequest(_("The request could not be read: the body must be a JSON object."))
    fields: dict[str, Any] = {}
    for key, value in data.items():
        if key in lists and isinstance(value, list) and all(isinstance(v, (str, int)) for v in value):
            fields[key] = [str(v) for v in value]
            continue
        if isinstance(value, (list, dict)):
            raise BadRequest(_("Every field must be a string, a number, true/false or null."), fields={key: []})
        # Forms parse text, as a browser sends it ("true"/"false" for a checkbox).
        if value is None:
            fields[key] = ""
        elif isinstance(value, bool):
            fields[key] = "true" if value else "false"
        else:
            fields[key] = str(value)
    return fields


def safe_next(request: HttpRequest, default: str) -> str:
    """The form's own `next` if it points at this site, else `default`."""
    candidate = request.POST.get("next", "") if request.content_type != "application/json" else ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def refused(
    request: HttpRequest, message: str, *, status: int = 400, back: str | None = None, **extra: Any
) -> HttpResponse:
    """A refusal the user can read: {"error": ...} for JSON, a short page with a way back for forms."""
    if wants_json(request):
        return json_error(message, status=status, **extra)
    if status >= 500:
        # A fault page must not need the database that may be the fault: no context
        # processors (they read the session and the resident's notices), no base.html.
        return HttpResponse(render_to_string("503.html", {"message": message}), status=status)
    back = safe_next(request, back or resolve_url("cameras:map"))
    return render(request, "core/refused.html", {"message": message, "back": back}, status=status)


def refused_by(request: HttpRequest, error: ServiceError, *, back: str | None = None) -> HttpResponse:
    response = refused(request, error.message, status=error.status, back=back, **error.extra)
    retry_after = getattr(error, "retry_after", None)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def done(request: HttpRequest, message: str, data: dict, *, back: str) -> HttpResponse:
    """Success: JSON for fetch(), or back to the form's page with the message shown."""
    if wants_json(request):
        return json_response({"ok": True, "message": str(message), **data})
    messages.success(request, message)
    return redirect(safe_next(request, back))


def method_not_allowed(request: HttpRequest, allowed: list[str]) -> HttpResponse:
    """The one 405 answer, with its Allow header."""
    names = ", ".join(allowed)
    response = refused(request, _("This address does not accept %(method)s; use %(allowed)s.")
                       % {"method": request.method, "allowed": names}, status=405)
    response["Allow"] = names
    return response
