"""Moderators see trust levels on the review page; the public pages never do."""

from __future__ import annotations

import pytest

from mapsite.votes import services
from tests.helpers import give_level, text

pytestmark = pytest.mark.django_db


def test_moderators_see_the_reporters_and_voters_levels(moderator_client, camera, reporter, established):
    give_level(reporter, "trusted")
    (voter,) = established(1)
    services.confirm(camera.pk, voter)
    page = text(moderator_client.get(f"/moderation/cameras/{camera.pk}/"))
    assert '<dd class="reporter-level">Trusted</dd>' in page
    assert "Voters: Established</dt><dd>+1 / −0" in page


def test_the_public_camera_page_shows_no_level_but_the_words(client, camera, reporter):
    give_level(reporter, "trusted")
    page = text(client.get(camera.get_absolute_url()))
    assert "reporter-level" not in page and reporter.username not in page
    assert "Reported by a trusted contributor; no resident has confirmed it yet." in page


def test_the_about_page_explains_the_rules(client, settings):
    settings.TRUST_ESTABLISHED_VERIFIED = 4
    page = text(client.get("/about/"))
    assert "When is a camera verified?" in page
    assert "at least 4 of its reports verified by a moderator" in page
