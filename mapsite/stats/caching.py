"""Answers kept per data version: every write to a published camera raises the version
(mapsite.tiles.triggers), and only published cameras reach the counts or the feeds, so a
kept answer is never stale for cameras. Official figures are edited rarely and by hand:
they show within KEEP_SECONDS. The Hong Kong day is in the key too, as the months run to
now and an empty feed is dated today."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from mapsite.tiles.services import current_version

KEEP_SECONDS = 60


def per_version(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        # Read before the data, so an answer is never filed under a newer version than its content.
        version = current_version()
        address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        key = f"stats:{version}:{timezone.localdate().isoformat()}:{get_language()}:{address}"
        kept = cache.get(key)
        if kept is not None:
            content, content_type = kept
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"]), KEEP_SECONDS)
        return response

    return wrapper
