"""Immutable tile responses answered again from memory, before the rest of the middleware.

A tile at its immutable URL (`?v=` naming its current version) can never hold different
bytes, so once this process has answered one, the same request gets the same answer. Under
load most of a cached tile's cost was not the tile but the middleware around it (sessions,
locale, CSRF, messages, CSP): this one sits right after WhiteNoise and, on a hit, skips them
all, as WhiteNoise does for static files. SecurityMiddleware, outside it, still adds its
headers to every answer.

Why not Django's cache middleware: it would cache every page with a max-age site-wide, and
add Expires and max-age headers of its own; this stores only what the tile view itself marked
immutable, and checks the tile's version again on every hit, so an edit over a tile takes the
old URL back to the full path (a fresh body, revalidated) at once.

What is stored is the response as the stack below made it, gzipped or not, so it is keyed by
the request headers the response varies on. A response that sets a cookie, varies on anything
else, or carries a CSP nonce (which must never be sent twice) is not stored.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from datetime import time as clock_time
from typing import NamedTuple

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from mapsite.tiles.services import tile_version

TILE_PATH = re.compile(r"/api/tiles/(\d{1,2})/(\d{1,7})/(\d{1,7})\.json")
KEYED_ON = {"accept-language": "HTTP_ACCEPT_LANGUAGE", "accept-encoding": "HTTP_ACCEPT_ENCODING"}


class _Entry(NamedTuple):
    address: tuple[int, int, int]
    version: int  # the ?v= it was answered for: current then, checked again on every hit
    expires: float
    headers: list[tuple[str, str]]
    body: bytes


class _Memo:
    """Per process and bounded (settings.TILE_RESPONSE_MEMO entries): the oldest entry goes first."""

    def __init__(self) -> None:
        self._entries: dict[tuple, _Entry] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple) -> _Entry | None:
        return self._entries.get(key)

    def put(self, key: tuple, entry: _Entry, limit: int) -> None:
        with self._lock:
            self._entries.pop(key, None)
            while self._entries and len(self._entries) >= limit:
                del self._entries[next(iter(self._entries))]
            self._entries[key] = entry

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


memo = _Memo()


def _key(request: HttpRequest) -> tuple | None:
    if request.method != "GET" or "HTTP_IF_NONE_MATCH" in request.META:
        return None  # a revalidation takes the full path, which answers 304
    query = request.META.get("QUERY_STRING", "")
    if "v=" not in query or TILE_PATH.fullmatch(request.path_info) is None:
        return None
    return (request.path_info, query, *(request.META.get(name, "") for name in KEYED_ON.values()))


def _next_midnight() -> float:
    """A tile's features carry a stale flag that moves with the local date: an entry ends at midnight."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    return datetime.combine(tomorrow, clock_time.min, tzinfo=timezone.get_current_timezone()).timestamp()


def _storable(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if "immutable" not in response.get("Cache-Control", ""):
        return False
    if "nonce-" in response.get("Content-Security-Policy", ""):
        return False
    varies = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return varies <= KEYED_ON.keys()


class TileResponseMemo:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.TILE_RESPONSE_MEMO
        key = _key(request) if limit else None
        if key is None:
            return self.get_response(request)
        entry = memo.get(key)
        if entry is not None and time.time() < entry.expires and tile_version(*entry.address) == entry.version:
            response = HttpResponse(entry.body)
            for header, value in entry.headers:
                response[header] = value
            return response
        response = self.get_response(request)
        if _storable(response):
            # An immutable 200 means the view read a valid address and ?v= equal to the tile's version.
            address = tuple(int(part) for part in TILE_PATH.fullmatch(request.path_info).groups())
            entry = _Entry(address, int(request.GET["v"]), _next_midnight(), list(response.items()), response.content)
            memo.put(key, entry, limit)
        return response
