"""Reading another instance over HTTP, for a mirror: its change feed, its counts and its CSV export.

Only the one URL given is contacted: no proxies from the environment, no
redirect followed, a timeout on every request. Every failure is a MirrorError
whose message says what went wrong in words an operator can act on.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlencode, urlsplit

from mapsite.cameras.export import CSV_COLUMNS


class MirrorError(Exception):
    """A mirror run that cannot go on; what was committed before stays."""


def normalise(url: str) -> str:
    """The instance's base URL (scheme, host, any path prefix), or MirrorError."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise MirrorError(f"{url!r} is not an http(s) URL of a site.")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise MirrorError(f"{url!r}: give the site's address alone, without a query, fragment or password.")
    try:
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        raise MirrorError(f"{url!r} has a malformed port.") from None
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise MirrorError(f"{req.full_url} redirected to {newurl}; a mirror follows no redirect: give that address.")


class Source:
    """Another instance of the site, at `url`."""

    def __init__(self, url: str, *, timeout: float = 30.0) -> None:
        self.base = normalise(url)
        self.timeout = timeout
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())

    def _open(self, path: str, params: dict | None = None):
        url = self.base + path + (f"?{urlencode(params)}" if params else "")
        request = urllib.request.Request(url, headers={"Accept": "application/json, text/csv"})  # noqa: S310
        try:
            return self._opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            detail = ""
            with contextlib.suppress(ValueError, AttributeError, OSError):
                detail = json.loads(exc.read(10_000)).get("error", "")
            raise MirrorError(f"{url} answered {exc.code}{': ' + detail if detail else ''}.") from None
        except OSError as exc:  # URLError and timeouts among them
            reason = getattr(exc, "reason", exc)
            raise MirrorError(f"{url} could not be read: {reason}.") from None

    def _json(self, path: str, params: dict | None = None) -> dict:
        with self._open(path, params) as response:
            try:
                body = json.loads(response.read())
            except (ValueError, OSError) as exc:
                raise MirrorError(f"{self.base}{path} did not answer JSON ({exc}): is this a camera map?") from None
        if not isinstance(body, dict):
            raise MirrorError(f"{self.base}{path} did not answer a JSON object: is this a camera map?")
        return body

    def feed(self, since: int, limit: int) -> dict:
        """One page of the source's change feed, its shape checked."""
        body = self._json("/api/changes.json", {"since": since, "limit": limit})
        shaped = (
            isinstance(body.get("changes"), list)
            and all(isinstance(body.get(key), int) for key in ("next", "head"))
            and isinstance(body.get("more"), bool)
            and all(isinstance(e, dict) and isinstance(e.get("id"), int) for e in body["changes"])
        )
        if not shaped:
            raise MirrorError(f"{self.base}/api/changes.json is not a camera map's change feed.")
        return body

    def counts(self) -> dict:
        body = self._json("/api/changes/counts.json")
        if not all(isinstance(body.get(k), int) for k in ("reported", "verified", "head")) or not isinstance(
            body.get("districts"), dict
        ):
            raise MirrorError(f"{self.base}/api/changes/counts.json is not a camera map's counts.")
        return body

    def export(self) -> Iterator[dict[str, str]]:
        """The rows of the source's CSV export (demo cameras included), read as they arrive."""
        response = self._open("/export/cameras.csv", {"include_demo": 1})
        try:
            rows = csv.reader(io.TextIOWrapper(response, encoding="utf-8", newline=""))
            header = next(rows, None)
            if header is None or tuple(header) != CSV_COLUMNS:
                raise MirrorError(f"{self.base}/export/cameras.csv is not a camera map's export.")
            for row in rows:
                if len(row) != len(CSV_COLUMNS):
                    raise MirrorError(f"{self.base}/export/cameras.csv has a malformed row: {row[:3]}")
                yield dict(zip(CSV_COLUMNS, row, strict=True))
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise MirrorError(f"{self.base}/export/cameras.csv broke off: {exc}.") from None
        finally:
            response.close()
