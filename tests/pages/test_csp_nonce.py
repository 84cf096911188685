"""Every page that runs a script of its own gives that script the nonce of its own response.

The policy allows same-origin script files ('self') and, beyond those, only what carries the
response's nonce: inline scripts (django-leaflet's initialiser) and, by house rule, every module
script. A page that loses its nonce, or renders a stale one, fails here before a browser sees it."""

from __future__ import annotations

import re

import pytest

from mapsite.cameras.models import Camera
from tests.helpers import text

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r"<script\b([^>]*)>", re.S)


def scripts_needing_the_nonce(body: str) -> list[str]:
    """The attributes of each inline (non-data) script and each module script."""
    found = []
    for attrs in SCRIPT.findall(body):
        if "application/json" in attrs:
            continue  # json_script data: never executed
        if 'type="module"' in attrs or "src=" not in attrs:
            found.append(attrs)
    return found


def header_nonce(response) -> str:
    match = re.search(r"script-src [^;]*'nonce-([^']+)'", response["Content-Security-Policy"])
    assert match, "the page's policy carries a nonce"
    return match.group(1)


@pytest.fixture
def pages(make_camera, moderator, figures):
    """(path, who) for every page with an inline or module script."""
    public = make_camera(status=Camera.Status.VERIFIED)
    pending = make_camera(22.3, 114.17)
    return [
        ("/", None),
        ("/zh-hant/", None),
        (f"/cameras/{public.pk}/", None),
        ("/districts/e/", None),
        ("/report/", "resident"),
        (f"/moderation/cameras/{pending.pk}/", "moderator"),
    ]


def test_every_scripted_page_carries_its_own_nonce(pages, outsider_client, resident_client, moderator_client):
    clients = {None: outsider_client, "resident": resident_client, "moderator": moderator_client}
    seen = set()
    for path, who in pages:
        response = clients[who].get(path)
        assert response.status_code == 200, path
        nonce = header_nonce(response)
        assert nonce == response.wsgi_request.csp_nonce
        scripts = scripts_needing_the_nonce(text(response))
        assert scripts, f"{path} runs a script of its own"  # else the loop below would prove nothing
        for attrs in scripts:
            assert f'nonce="{nonce}"' in attrs, f"{path}: <script{attrs}> lacks this response's nonce"
        seen.add(nonce)
    assert len(seen) == len(pages), "each response has a fresh nonce"


def test_the_module_scripts_are_the_ones_expected(pages, outsider_client, resident_client, moderator_client):
    # Guards the list above: a page whose module script is dropped or renamed must be looked at again.
    expected = {
        "/": ["cameras/map/main.js", "votes/popup-votes.js"],
        "/districts/e/": ["districts/district-detail.js"],
        "/report/": ["sightings/report.js"],
    }
    clients = {None: outsider_client, "resident": resident_client, "moderator": moderator_client}
    for path, who in pages:
        if path not in expected:
            continue
        body = text(clients[who].get(path))
        modules = [m for m in SCRIPT.findall(body) if 'type="module"' in m]
        for name in expected[path]:
            assert any(name in attrs for attrs in modules), f"{path} has no module script {name}"
