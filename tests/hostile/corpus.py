"""The hostile-request corpus: one Case per bad request, and the one check every case gets.

A case names who sends it, the method, the address and body, and what must come
back: the 4xx status and a fragment of the message. `{cam}`, `{vcam}`, `{photo}`,
`{vote}` and `{version}` in the address or body stand for the world's rows.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import orjson

from tests.hostile.conftest import World, media_files, row_counts

BIG = 2**63
HUGE = "99999999999999999999"
# Ids no row can have, each a different way of being wrong.
BAD_IDS = ("0", "-1", str(BIG), HUGE, "abc", "1.5", "1e3", "", " 7")
NUL = "a\x00b"


@dataclass(frozen=True)
class Case:
    name: str
    who: str  # anonymous, resident or moderator; "-csrf" appended = the token is checked
    method: str
    path: str
    status: int | tuple[int, ...]  # a tuple where the database decides between two right answers
    fragment: str | tuple[str, ...]  # in the JSON "error" or the visible page, case-insensitively
    body: Any = None
    ctype: str = "form"  # form, json, multipart, or a literal content type for raw bytes
    headers: dict = field(default_factory=dict)
    page: bool = False  # an HTML-only address answers a JSON body with its page

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Upload:
    """A file field of a multipart body, made fresh for each request."""

    name: str
    content: bytes
    content_type: str = "image/jpeg"


def ids(cases: list[Case]) -> list[str]:
    names = [c.name for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return names


def _fill(value: Any, world: World) -> Any:
    if isinstance(value, str):
        for key, number in world.ids.items():
            value = value.replace("{" + key + "}", str(number))
        return value
    if isinstance(value, dict):
        return {k: _fill(v, world) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, world) for v in value]
    return value


def _encode(case: Case, body: Any) -> tuple[Any, str]:
    if case.ctype == "json":
        if body is None:
            return b"", "application/json"
        data = body if isinstance(body, bytes) else body.encode() if isinstance(body, str) else orjson.dumps(body)
        return data, "application/json"
    if body is None:
        return b"", "application/x-www-form-urlencoded"
    if case.ctype == "form":
        data = urlencode(body, doseq=True) if isinstance(body, dict) else body
        return data, "application/x-www-form-urlencoded"
    return body, case.ctype


def send(world: World, case: Case):
    client = world.clients[case.who]
    path = _fill(case.path, world)
    body = _fill(case.body, world)
    headers = {**case.headers}
    if case.ctype == "json":
        # What fetch() sends; a body-less request carries no content type to go by.
        headers.setdefault("Accept", "application/json")
    if case.ctype == "multipart":
        return client.generic(case.method, path, **_multipart(client, body), headers=headers)
    data, content_type = _encode(case, body)
    return client.generic(case.method, path, data=data, content_type=content_type, headers=headers)


def _multipart(client, body: dict) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    body = {k: SimpleUploadedFile(v.name, v.content, v.content_type) if isinstance(v, Upload) else v
            for k, v in body.items()}
    return {"data": encode_multipart(BOUNDARY, body), "content_type": MULTIPART_CONTENT}


def expects_json(case: Case) -> bool:
    if case.page:
        return False
    return case.path.startswith(("/api/", "/export/")) or case.ctype == "json"


def message_of(case: Case, response) -> str:
    """The refusal's message: JSON's "error" for data addresses and JSON bodies, else the page's text."""
    if 300 <= response.status_code < 400:
        return response.get("Location", "")
    if expects_json(case):
        kind = response.get("Content-Type", "")
        assert "json" in kind, f"{case.name}: expected JSON, got {kind}: {response.content[:200]!r}"
        data = orjson.loads(response.content)
        assert isinstance(data.get("error"), str) and data["error"], f"{case.name}: no error in {data}"
        # A form's refusal names the field's problem under "fields"; a client shows both.
        return " ".join([data["error"], *(m for ms in (data.get("fields") or {}).values() for m in ms)])
    return html.unescape(response.content.decode("utf-8", "replace"))


def check(world: World, case: Case, media_root) -> None:
    before, files = row_counts(), media_files(media_root)
    response = send(world, case)
    assert response.status_code < 500, f"{case.name}: {response.status_code} {response.content[:300]!r}"
    statuses = case.status if isinstance(case.status, tuple) else (case.status,)
    assert response.status_code in statuses, (
        f"{case.name}: expected {case.status}, got {response.status_code}: {response.content[:300]!r}"
    )
    message = message_of(case, response)
    fragments = case.fragment if isinstance(case.fragment, tuple) else (case.fragment,)
    assert any(f.lower() in message.lower() for f in fragments), f"{case.name}: {fragments!r} not in {message[:400]!r}"
    assert row_counts() == before, f"{case.name}: rows changed"
    assert media_files(media_root) == files, f"{case.name}: files left behind"
