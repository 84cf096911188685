"""The moderation pages name districts in the moderator's language (issue 13, item 8)."""

from __future__ import annotations

from tests.conftest import MONG_KOK
from tests.helpers import text


def test_the_queue_names_districts_in_chinese(moderator_client, make_camera):
    make_camera(*MONG_KOK)
    assert "Yau Tsim Mong" in text(moderator_client.get("/moderation/?tab=pending"))
    body = text(moderator_client.get("/zh-hant/moderation/?tab=pending"))
    assert "油尖旺區" in body and "Yau Tsim Mong" not in body


def test_the_review_page_puts_the_active_language_first(moderator_client, make_camera):
    camera = make_camera(*MONG_KOK)
    assert "Yau Tsim Mong (油尖旺區)" in text(moderator_client.get(f"/moderation/cameras/{camera.pk}/"))
    assert "油尖旺區（Yau Tsim Mong）" in text(moderator_client.get(f"/zh-hant/moderation/cameras/{camera.pk}/"))

