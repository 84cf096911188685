"""Hostile requests to the vote actions: confirm, dispute and withdraw, as JSON and as forms."""

from __future__ import annotations

import pytest

from tests.helpers import SHENZHEN
from tests.hostile.corpus import BIG, HUGE, NUL, Case, check, ids

R = "resident"
NO_CAMERA = "This camera does not exist"
NO_TARGET = "Choose the camera this one duplicates"


def vote(name, action, data, status, fragment, *, who=R, ctype="json", method="POST", cam="{cam}") -> Case:
    return Case(f"{action}-{name}-{ctype}", who, method, f"/cameras/{cam}/{action}/", status, fragment,
                body=data, ctype=ctype)


def dup(target) -> dict:
    return {"reason": "duplicate", "duplicate_of": target}


CASES: list[Case] = []

# The same refusals whether the form is posted by a browser or sent by fetch() as JSON.
BOTH = [
    ("confirm", "comment-nul", {"comment": NUL}, 400, "Null characters are not allowed"),
    ("confirm", "comment-only-nul", {"comment": "\x00"}, 400, "Null characters are not allowed"),
    ("confirm", "comment-long", {"comment": "c" * 501}, 400, "too long"),
    ("dispute", "comment-nul", {"reason": "removed", "comment": NUL}, 400, "Null characters are not allowed"),
    ("dispute", "no-reason", {}, 400, "Choose why you dispute"),
    ("dispute", "bad-reason", {"reason": "spite"}, 400, "not one of the reasons"),
    ("dispute", "nul-reason", {"reason": "\x00"}, 400, "not one of the reasons"),
    ("dispute", "dup-missing", {"reason": "duplicate"}, 400, NO_TARGET),
    ("dispute", "dup-huge", dup(HUGE), 400, NO_TARGET),
    ("dispute", "dup-2p63", dup(str(BIG)), 400, NO_TARGET),
    ("dispute", "dup-zero", dup("0"), 400, NO_TARGET),
    ("dispute", "dup-negative", dup("-1"), 400, NO_TARGET),
    ("dispute", "dup-text", dup("abc"), 400, NO_TARGET),
    ("dispute", "dup-nul", dup("1\x00"), 400, NO_TARGET),
    ("dispute", "dup-float", dup("1.5"), 400, NO_TARGET),
    ("dispute", "dup-self", dup("{cam}"), 400, "duplicate of itself"),
    ("dispute", "dup-unknown", dup("987654"), 400, "not on the map any more"),
    ("dispute", "dup-far", dup("{vcam}"), 400, "m away"),
    ("dispute", "half-position", {"reason": "wrong_place", "suggested_latitude": "22.32"}, 400, "Give both"),
    ("dispute", "nan-position", {"reason": "wrong_place", "suggested_latitude": "nan",
                                 "suggested_longitude": "114.17"}, 400, "Enter a number"),
    ("dispute", "inf-position", {"reason": "wrong_place", "suggested_latitude": "22.32",
                                 "suggested_longitude": "inf"}, 400, "Enter a number"),
    ("dispute", "outside", {"reason": "wrong_place", "suggested_latitude": SHENZHEN[0],
                            "suggested_longitude": SHENZHEN[1]}, 400, "outside Hong Kong"),
    ("dispute", "bad-kind", {"reason": "wrong_details", "suggested_kind": "laser"}, 400, "Select a valid choice"),
    ("dispute", "bad-direction", {"reason": "wrong_details", "suggested_direction": HUGE}, 400,
     "less than or equal to 359"),
    ("dispute", "suggestion-wrong-reason", {"reason": "removed", "suggested_kind": "dome"}, 400,
     "A suggested correction goes with"),
    ("withdraw", "nothing", {}, 409, "no vote on this camera to withdraw"),
]
for action, name, data, status, fragment in BOTH:
    CASES.append(vote(name, action, data, status, fragment))
    CASES.append(vote(name, action, data, status, fragment, ctype="form"))

# Cameras that are not there, by every kind of id; an id the URL cannot match is a 404 page.
for raw in ("0", str(BIG), HUGE, "987654"):
    for action in ("confirm", "dispute", "withdraw"):
        body = {"reason": "removed"}
        CASES.append(vote(f"camera-{raw}", action, body, 404, NO_CAMERA, cam=raw))
for raw in ("-1", "abc", "%00"):
    status, fragment = (400, "NUL") if raw == "%00" else (404, "nothing at this address")
    CASES.append(vote(f"camera-{raw}", "confirm", {}, status, fragment, cam=raw))
    CASES.append(vote(f"camera-{raw}", "dispute", {}, status, fragment, cam=raw, ctype="form"))

CASES += [
    # Bodies that are not a JSON object of plain values.
    vote("not-json", "confirm", b"comment=hi", 400, "not valid JSON"),
    vote("bad-utf8", "confirm", b'{"comment": "\xff"}', 400, "not valid JSON"),
    vote("list-body", "confirm", ["comment"], 400, "must be a JSON object"),
    vote("comment-list", "confirm", {"comment": ["a", "b"]}, 400, "Every field must be"),
    vote("comment-object", "confirm", {"comment": {"$ne": 1}}, 400, "Every field must be"),
    vote("reason-list", "dispute", {"reason": ["removed"]}, 400, "Every field must be"),
    vote("dup-number-huge", "dispute", b'{"reason": "duplicate", "duplicate_of": %s}' % HUGE.encode(), 400,
         NO_TARGET),
    vote("dup-bool", "dispute", {"reason": "duplicate", "duplicate_of": True}, 400, NO_TARGET),
    vote("form-bad-utf8", "confirm", b"comment=%ff%fe" + b"c" * 600, 400, "too long", ctype="form"),
    # Who and how.
    vote("reporter", "confirm", {}, 403, "You reported this camera", who="reporter"),
    vote("reporter", "dispute", {"reason": "removed"}, 403, "You reported this camera", who="reporter",
         ctype="form"),
    vote("anonymous", "confirm", {}, 401, "Log in", who="anonymous"),
    vote("anonymous", "withdraw", {}, 302, "/accounts/login/", who="anonymous", ctype="form"),
    vote("get", "confirm", None, 405, "does not accept GET", method="GET"),
    vote("get", "dispute", None, 405, "does not accept GET", method="GET", ctype="form"),
    vote("delete", "withdraw", None, 405, "does not accept DELETE", method="DELETE"),
    vote("no-csrf", "confirm", {}, 403, "Form expired", who="resident-csrf", ctype="form"),
    vote("no-csrf", "dispute", {"reason": "removed"}, 403, "CSRF", who="resident-csrf"),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_refused(world, case, settings):
    check(world, case, settings.MEDIA_ROOT)
