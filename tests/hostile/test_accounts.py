"""Hostile requests to sign-up, log-in, log-out, password change and the admin.

Log-in and sign-up show the form again with its errors (200), as Django's own
views do; what matters here is the message, no 500, and nothing saved.
"""

from __future__ import annotations

import pytest

from tests.helpers import PASSWORD
from tests.hostile.corpus import BIG, HUGE, NUL, Case, check, ids

A = "anonymous"
R = "resident"
WRONG = "Please enter a correct username and password"
NEW = "a fresh and long passphrase 77"


def signup(name, data, fragment, status=200, who=A) -> Case:
    return Case(f"signup-{name}", who, "POST", "/accounts/signup/", status, fragment, body=data)


def login(name, data, fragment, status=200, who=A, path="/accounts/login/", ctype="form") -> Case:
    return Case(f"login-{name}", who, "POST", path, status, fragment, body=data, ctype=ctype, page=True)


def new_user(username="newcomer", p1=NEW, p2=NEW) -> dict:
    return {"username": username, "password1": p1, "password2": p2}


CASES: list[Case] = [
    signup("taken", new_user("resident"), "already exists"),
    signup("taken-case", new_user("RESIDENT"), "already exists"),
    signup("taken-width", new_user("ｒｅｓｉｄｅｎｔ"), "already exists"),
    signup("mixed-script", new_user("аlice"), "script"),
    signup("mismatch", new_user(p2=NEW + "!"), "didn’t match"),
    signup("common", new_user(p1="password", p2="password"), "too common"),
    signup("short", new_user(p1="a1b2", p2="a1b2"), "too short"),
    signup("similar", new_user("passphrase", "passphrase1", "passphrase1"), "too similar"),
    signup("empty", {}, "This field is required"),
    signup("username-nul", new_user("new\x00comer"), "Null characters are not allowed"),
    signup("password-nul", new_user(p1=NUL * 5, p2=NUL * 5), "Null characters are not allowed"),
    signup("username-space", new_user("new comer"), "Enter a valid username"),
    signup("username-long", new_user("n" * 151), "at most 150 characters"),
    signup("username-bad-utf8", b"username=%ff%fe&password1=x&password2=x", "Enter a valid username"),
    signup("no-csrf", new_user(), "Form expired", status=403, who="anonymous-csrf"),
    Case("signup-put", A, "PUT", "/accounts/signup/", 405, "does not accept PUT"),
    login("wrong-password", {"username": "resident", "password": "nope"}, WRONG),
    login("unknown-user", {"username": "nobody", "password": PASSWORD}, WRONG),
    login("empty", {}, "This field is required"),
    login("username-nul", {"username": "resi\x00dent", "password": PASSWORD}, "Null characters are not allowed"),
    login("password-nul", {"username": "resident", "password": "\x00"}, "Null characters are not allowed"),
    login("username-long", {"username": "r" * 5000, "password": PASSWORD}, WRONG),
    login("bad-utf8", b"username=%ff%fe&password=%ff", WRONG),
    login("raw-bad-utf8", b"username=\xff\xfe&password=\xc3(", WRONG),
    login("username-list", b"username=a&username=b&password=x", WRONG),
    # The log-in form reads form fields only: a JSON body logs nobody in.
    login("json", {"username": "resident", "password": PASSWORD}, "This field is required", ctype="json"),
    login("no-csrf", {"username": "resident", "password": PASSWORD}, "Form expired", status=403,
          who="anonymous-csrf"),
    # Django's form views take PUT as POST: the form comes back with its errors.
    Case("login-put", A, "PUT", "/accounts/login/", 200, "This field is required"),
    Case("login-delete", A, "DELETE", "/accounts/login/", 405, "does not accept DELETE"),
    Case("logout-get", R, "GET", "/accounts/logout/", 405, "does not accept GET"),
    Case("logout-no-csrf", "resident-csrf", "POST", "/accounts/logout/", 403, "Form expired"),
    Case("password-anonymous", A, "GET", "/accounts/password/", 302, "/accounts/login/"),
    Case("password-wrong-old", R, "POST", "/accounts/password/", 200, "old password was entered incorrectly",
         body={"old_password": "nope", "new_password1": NEW, "new_password2": NEW}),
    Case("password-mismatch", R, "POST", "/accounts/password/", 200, "didn’t match",
         body={"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW + "x"}),
    Case("password-nul", R, "POST", "/accounts/password/", 200, "Null characters are not allowed",
         body={"old_password": PASSWORD, "new_password1": NEW + "\x00", "new_password2": NEW + "\x00"}),
    Case("password-no-csrf", "resident-csrf", "POST", "/accounts/password/", 403, "Form expired",
         body={"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}),
    Case("password-put", R, "PUT", "/accounts/password/", 200, "This field is required"),
    # The admin: its log-in is limited and refused like the site's, its pages only for staff.
    login("admin-wrong", {"username": "resident", "password": "nope"}, "correct username and password",
          path="/admin/login/"),
    login("admin-not-staff", {"username": "resident", "password": PASSWORD}, "correct username and password",
          path="/admin/login/"),
    login("admin-nul", {"username": "a\x00", "password": "x"}, "Null characters are not allowed",
          path="/admin/login/"),
    login("admin-no-csrf", {"username": "resident", "password": PASSWORD}, "Form expired", status=403,
          who="anonymous-csrf", path="/admin/login/"),
    Case("admin-index-resident", R, "GET", "/admin/", 302, "/admin/login/"),
    Case("admin-nul-path", "admin", "GET", "/admin/cameras/camera/%00/change/", 400, "NUL"),
]

# Object ids the admin cannot find: it sends the staff member back to the index with a message.
for raw in ("0", str(BIG), HUGE, "abc", "-1"):
    CASES.append(Case(f"admin-camera-{raw}", "admin", "GET", f"/admin/cameras/camera/{raw}/change/", 302,
                      "/admin/"))
    CASES.append(Case(f"admin-vote-{raw}", "admin", "POST", f"/admin/votes/vote/{raw}/delete/", 302, "/admin/",
                      body={"post": "yes"}))
CASES += [
    Case("admin-filter-huge", "admin", "GET", f"/admin/cameras/camera/?id__exact={HUGE}", 200, "0 cameras"),
    # SQLite finds no such status; PostgreSQL refuses the NUL (DataError), which the edge makes a 400.
    Case("admin-filter-bad", "admin", "GET", "/admin/cameras/camera/?status__in=%00", (200, 400),
         ("0 cameras", "cannot be stored")),
    Case("admin-search-nul", "admin", "GET", "/admin/cameras/camera/?q=%00", 200, "Select camera to change"),
    Case("admin-unknown-field", "admin", "GET", "/admin/cameras/camera/?nope=1", 302, "?e=1"),
]


@pytest.fixture
def admin_world(world, django_user_model):
    from django.test import Client

    admin = django_user_model.objects.create_superuser("root", password=PASSWORD)
    client = Client()
    client.force_login(admin)
    world.clients["admin"] = client
    return world


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_refused(admin_world, case, settings):
    check(admin_world, case, settings.MEDIA_ROOT)
