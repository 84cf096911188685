"""JSON responses through orjson, and the project's one error shape."""

from __future__ import annotations

from typing import Any

import orjson
from django.http import HttpResponse


def json_response(data: Any, *, status: int = 200, content_type: str = "application/json") -> HttpResponse:
    return HttpResponse(orjson.dumps(data), status=status, content_type=content_type)


def geojson_response(data: Any, *, status: int = 200) -> HttpResponse:
    return json_response(data, status=status, content_type="application/geo+json")


def json_error(message: str, *, status: int = 400, **extra: Any) -> HttpResponse:
    """{"error": message, ...} with a 4xx status: every API refusal looks like this."""
    return json_response({"error": str(message), **extra}, status=status)
