"""The guide to camera kinds: every kind the report form offers, drawn and described, in both languages."""

from __future__ import annotations

import re

import pytest

from mapsite.cameras.models import Camera
from tests.helpers import text

pytestmark = pytest.mark.django_db  # every page's footer asks whether this site is a mirror


def test_the_guide_shows_every_kind_with_its_own_drawing(client):
    response = client.get("/about/kinds/")
    assert response.status_code == 200
    html = response.content.decode()
    for kind in Camera.Kind:
        section = re.search(rf'<li id="kind-{kind.value}" class="kind">(.*?)</li>', html, re.S)
        assert section, kind
        assert "<svg" in section.group(1) and str(kind.label) in section.group(1)
    # Drawings are the project's own inline SVG: no image is fetched from anywhere.
    assert "<img" not in html.split("<main", 1)[1]


def test_the_guide_in_chinese(client):
    body = text(client.get("/zh-hant/about/kinds/"))
    assert "鏡頭種類：如何分辨" in body
    assert "半球" in body


def test_the_report_form_links_to_the_guide(resident_client):
    html = resident_client.get("/report/").content.decode()
    assert 'href="/about/kinds/"' in html


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_guide_is_read_only(client, method):
    assert getattr(client, method)("/about/kinds/").status_code == 405
