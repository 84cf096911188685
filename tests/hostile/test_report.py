"""Hostile requests to the report form (/report/) and its JSON twin (POST /api/cameras)."""

from __future__ import annotations

import uuid

import pytest

from tests.helpers import SHA_TIN, SHENZHEN
from tests.hostile.corpus import BIG, HUGE, NUL, Case, Upload, check, ids
from tests.photos.factories import gif_bytes, png_bytes

R = "resident"
API = "/api/cameras"
PAGE = "/report/"
LAT, LON = SHA_TIN  # nothing else is near: only the case's own fault refuses it


def body(**fields) -> dict:
    return {"latitude": LAT, "longitude": LON, "submission_token": str(uuid.UUID(int=7)), **fields}


def without(*names: str) -> dict:
    return {k: v for k, v in body().items() if k not in names}


def api(name, data, status, fragment, *, who=R, ctype="json", method="POST") -> Case:
    return Case(f"api-{name}", who, method, API, status, fragment, body=data, ctype=ctype)


def page(name, data, status, fragment, *, who=R, ctype="form", method="POST") -> Case:
    return Case(f"page-{name}", who, method, PAGE, status, fragment, body=data, ctype=ctype)


THREE_MB = "x" * (3 * 1024 * 1024)
NUMBER = "Enter a number"
WHOLE = "Enter a whole number"

# Field faults shared by both: (name, fields, expected fragment).
FIELD_FAULTS = [
    ("lat-nan", body(latitude="nan"), NUMBER),
    ("lat-inf", body(latitude="inf"), NUMBER),
    ("lat-neg-inf", body(longitude="-Infinity"), NUMBER),
    ("lat-1e999", body(latitude="1e999"), NUMBER),
    ("lat-text", body(latitude="north"), NUMBER),
    ("lat-nul", body(latitude="22.3\x00"), NUMBER),
    ("lat-range", body(latitude=95), "less than or equal to 90"),
    ("lon-range", body(longitude=-181), "greater than or equal to -180"),
    ("missing-position", without("latitude", "longitude"), "Place the pin"),
    ("outside", body(latitude=SHENZHEN[0], longitude=SHENZHEN[1]), "outside Hong Kong"),
    ("direction-range", body(direction=360), "less than or equal to 359"),
    ("direction-negative", body(direction=-1), "greater than or equal to 0"),
    ("direction-huge", body(direction=HUGE), "less than or equal to 359"),
    ("direction-2p63", body(direction=str(BIG)), "less than or equal to 359"),
    ("direction-text", body(direction="north"), WHOLE),
    ("direction-nan", body(direction="nan"), WHOLE),
    ("fov-zero", body(field_of_view=0), "greater than or equal to 1"),
    ("kind-unknown", body(kind="laser"), "Select a valid choice"),
    ("kind-nul", body(kind="\x00"), "Select a valid choice"),
    ("operator-unknown", body(operator="nsa"), "Select a valid choice"),
    ("mount-unknown", body(mount="drone"), "Select a valid choice"),
    ("notes-long", body(notes="n" * 1001), "at most 1000 characters"),
    ("notes-nul", body(notes=NUL), "Null characters are not allowed"),
    ("token-bad", body(submission_token="not-a-uuid"), "Enter a valid UUID"),
    ("token-nul", body(submission_token="\x00"), "Enter a valid UUID"),
    ("duplicate", body(latitude=22.3193, longitude=114.1694), "already on the map"),
]

CASES: list[Case] = []
for name, fields, fragment in FIELD_FAULTS:
    CASES.append(api(name, fields, 400, fragment))
    CASES.append(page(name, fields, 400, fragment))

CASES += [
    # Who and how.
    api("anonymous", body(), 401, "Log in to report", who="anonymous"),
    api("no-csrf", body(), 403, "CSRF", who="resident-csrf"),
    api("get", None, 405, "does not accept GET", method="GET"),
    api("put", body(), 405, "does not accept PUT", method="PUT"),
    # Bodies that are not a JSON object of plain values.
    api("empty-body", None, 400, "Place the pin"),
    api("not-json", b"latitude=22.38", 400, "not valid JSON"),
    api("form-encoded", body(), 400, "not valid JSON", ctype="form"),
    api("bad-utf8", b'{"notes": "\xff\xfe"}', 400, "not valid JSON"),
    api("json-nan", b'{"latitude": NaN, "longitude": 114.18}', 400, "not valid JSON"),
    api("json-1e999", b'{"latitude": 1e999, "longitude": 114.18}', 400, "not valid JSON"),
    api("list", [body()], 400, "must be a JSON object"),
    api("string", "just text", 400, "not valid JSON"),
    api("number", 42, 400, "must be a JSON object"),
    api("null", b"null", 400, "must be a JSON object"),
    api("field-list", body(latitude=[22.38]), 400, "Every field must be"),
    api("field-object", body(notes={"$gt": ""}), 400, "Every field must be"),
    api("field-bool", body(latitude=True), 400, NUMBER),
    api("field-huge-int", b'{"latitude": 22.38, "longitude": 114.18, "direction": %s}' % HUGE.encode(), 400, WHOLE),
    api("too-big", body(notes=THREE_MB), 413, "too large"),
    # The page: log-in first, CSRF, methods, bodies and photos.
    page("anonymous", body(), 302, "/accounts/login/", who="anonymous"),
    page("no-csrf", body(), 403, "Form expired", who="resident-csrf"),
    page("put", body(), 405, "does not accept PUT", method="PUT"),
    page("empty", None, 400, "Place the pin"),
    page("bad-utf8", b"latitude=%ff%fe&longitude=114.18", 400, NUMBER),
    page("raw-bad-utf8", b"latitude=\xff\xfe&longitude=\xc3(", 400, NUMBER),
    page("too-big", {"notes": THREE_MB}, 413, "too large"),
    page("photo-not-image", body(photo=Upload("a.jpg", b"not an image")), 400, "not a valid image",
         ctype="multipart"),
    page("photo-empty", body(photo=Upload("a.jpg", b"")), 400, "empty", ctype="multipart"),
    page("photo-gif", body(photo=Upload("a.gif", gif_bytes(), "image/gif")), 400, "Only JPEG, PNG and WebP",
         ctype="multipart"),
    page("photo-bomb", body(photo=Upload("a.png", png_bytes((8000, 6000), "1"), "image/png")), 400,
         "40 megapixels", ctype="multipart"),
    page("photo-fine-but-outside", body(latitude=SHENZHEN[0], longitude=SHENZHEN[1],
                                        photo=Upload("a.png", png_bytes((20, 20)), "image/png")), 400,
         "outside Hong Kong", ctype="multipart"),
    Case("mine-anonymous", "anonymous", "GET", "/report/mine/", 302, "/accounts/login/"),
    Case("mine-post", R, "POST", "/report/mine/", 405, "does not accept POST"),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_refused(world, case, settings):
    check(world, case, settings.MEDIA_ROOT)
