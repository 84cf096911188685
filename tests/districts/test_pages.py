import datetime as dt
import re

import pytest
from django.utils import timezone

from mapsite.cameras.models import Camera
from mapsite.districts import views
from tests.helpers import CENTRAL, MONG_KOK, SHA_TIN, text


def row_order(body: str) -> list[str]:
    """District English names in table order."""
    return re.findall(r'<th scope="row"><a href="/districts/[a-t]/">([^<]+)</a></th>', body)


@pytest.fixture
def spread(make_camera):
    """Yau Tsim Mong: 3 reported (1 verified); Central and Western: 2 verified; Sha Tin: 1 pending.
    Rejected, removed and merged cameras count nowhere."""
    make_camera(*MONG_KOK)
    make_camera(*MONG_KOK)
    make_camera(*MONG_KOK, status=Camera.Status.VERIFIED)
    make_camera(*MONG_KOK, status=Camera.Status.REJECTED)
    make_camera(*MONG_KOK, status=Camera.Status.REMOVED)
    survivor = make_camera(*CENTRAL, status=Camera.Status.VERIFIED)
    make_camera(*CENTRAL, status=Camera.Status.VERIFIED)
    make_camera(*CENTRAL, status=Camera.Status.VERIFIED, merged_into=survivor)
    make_camera(*SHA_TIN)


def test_table_lists_all_18_districts_with_both_names(outsider_client, districts):
    response = outsider_client.get("/districts/")
    assert response.status_code == 200
    body = text(response)
    assert len(row_order(body)) == 18
    for name in ("Central and Western", "中西區", "Wan Chai", "灣仔區", "Islands", "離島區"):
        assert name in body
    assert "not official numbers" in body


def test_counts_and_default_order(outsider_client, spread):
    body = text(outsider_client.get("/districts/"))
    assert row_order(body)[:3] == ["Central and Western", "Wan Chai", "Eastern"]
    ytm = re.search(r"Yau Tsim Mong</a></th>\s*<td[^>]*>[^<]*</td>\s*<td class=\"num\">(\d+)</td>\s*"
                    r"(?:<td class=\"num\">\d+</td>\s*){2}<td class=\"num\">(\d+)</td>", body)
    assert ytm.groups() == ("3", "1")
    cw = re.search(r"Central and Western</a></th>\s*<td[^>]*>[^<]*</td>\s*<td class=\"num\">(\d+)</td>\s*"
                   r"(?:<td class=\"num\">\d+</td>\s*){2}<td class=\"num\">(\d+)</td>", body)
    assert cw.groups() == ("2", "2")
    # The Government's order is no column's order, so no heading claims it.
    assert "aria-sort" not in body


@pytest.mark.parametrize(
    ("path", "first", "last"),
    [
        ("/districts/?sort=name", "Central and Western", "Yuen Long"),
        # Chinese names by code point: for CJK, the dictionary's radical-and-stroke order.
        ("/zh-hant/districts/?sort=name", "中西區", "黃大仙區"),
    ],
)
def test_sort_by_name_is_alphabetical_in_the_page_language(outsider_client, districts, path, first, last):
    body = text(outsider_client.get(path))
    names = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', body)
    assert (names[0], names[-1]) == (first, last)
    assert names == sorted(names)
    assert re.search(r'aria-sort="ascending"><a class="sort-link" href="\?sort=name">', body)


def test_sort_by_reported(outsider_client, spread):
    body = text(outsider_client.get("/districts/?sort=reported"))
    assert row_order(body)[:3] == ["Yau Tsim Mong", "Central and Western", "Sha Tin"]
    assert re.search(r'aria-sort="descending"><a class="sort-link" href="\?sort=reported">', body)


def test_sort_by_verified(outsider_client, spread):
    body = text(outsider_client.get("/districts/?sort=verified"))
    assert row_order(body)[:2] == ["Central and Western", "Yau Tsim Mong"]


def test_ties_keep_code_order(outsider_client, spread):
    body = text(outsider_client.get("/districts/?sort=reported"))
    assert row_order(body)[3:6] == ["Wan Chai", "Eastern", "Southern"]


def test_sort_by_density(outsider_client, spread, districts):
    body = text(outsider_client.get("/districts/?sort=per_km2"))
    # Yau Tsim Mong (3 over ~7 km²) is denser than Central and Western (2 over ~12 km²).
    assert districts["E"].area_km2 < districts["A"].area_km2
    assert row_order(body)[:3] == ["Yau Tsim Mong", "Central and Western", "Sha Tin"]


def test_unknown_sort_is_a_400_page(outsider_client, districts):
    response = outsider_client.get("/districts/?sort=population")
    assert response.status_code == 400
    assert "cannot be sorted that way" in text(response)


def test_table_in_chinese(outsider_client, districts):
    response = outsider_client.get("/zh-hant/districts/")
    assert response.status_code == 200
    body = text(response)
    wan_chai = r'<th scope="row"><a href="/zh-hant/districts/b/">灣仔區</a></th>\s*<td lang="en">Wan Chai</td>'
    assert re.search(wan_chai, body)


def test_post_to_table_is_405(outsider_client, districts):
    assert outsider_client.post("/districts/").status_code == 405


def test_district_page(outsider_client, spread, figures):
    response = outsider_client.get("/districts/e/")
    assert response.status_code == 200
    body = text(response)
    assert "Yau Tsim Mong" in body and "油尖旺區" in body
    assert re.search(r"Cameras reported</dt><dd>3</dd>", body)
    assert re.search(r"Verified</dt><dd>1</dd>", body)
    assert "km²" in body
    assert "not official numbers" in body
    # The official figures for Yau Tsim Mong, with sources.
    assert "15 camera sets" in body
    assert "Hong Kong Free Press" in body
    assert 'href="https://hongkongfp.com/' in body
    # Its boundary for the small map.
    assert 'id="district-boundary"' in body and 'id="district-map"' in body
    assert body.count('href="/cameras/') == 3  # the public ones only


def test_district_code_is_case_insensitive(outsider_client, spread):
    upper, lower = outsider_client.get("/districts/E/"), outsider_client.get("/districts/e/")
    assert (upper.status_code, lower.status_code) == (200, 200)
    assert upper.context["district"].code == lower.context["district"].code == "E"

    def without_nonce(response):
        # The language switcher links back to the path as typed; everything else must be the same page.
        return re.sub(r'nonce="[^"]*"', 'nonce=""', text(response)).replace("/districts/E/", "/districts/e/")

    assert without_nonce(upper) == without_nonce(lower)
    assert "Yau Tsim Mong" in text(upper)


@pytest.mark.parametrize("code", ["i", "z", "ee", "1"])
def test_unknown_district_is_404(outsider_client, districts, code):
    assert outsider_client.get(f"/districts/{code}/").status_code == 404


def test_post_to_district_is_405(outsider_client, districts):
    assert outsider_client.post("/districts/e/").status_code == 405


def test_district_without_figures_or_cameras(outsider_client, districts, figures):
    body = text(outsider_client.get("/districts/t/"))
    assert "No cameras have been reported in this district yet." in body


def test_district_cameras_are_paginated_newest_first(outsider_client, make_camera, monkeypatch):
    monkeypatch.setattr(views, "CAMERAS_PER_PAGE", 2)
    now = timezone.now()
    old = make_camera(reported_at=now - dt.timedelta(days=30))
    mid = make_camera(reported_at=now - dt.timedelta(days=20))
    new = make_camera(reported_at=now - dt.timedelta(days=10))
    body = text(outsider_client.get("/districts/e/"))
    assert body.index(f"/cameras/{new.pk}/") < body.index(f"/cameras/{mid.pk}/")
    assert f"/cameras/{old.pk}/" not in body
    assert "Page 1 of 2" in body
    assert timezone.localdate(new.reported_at).isoformat() in body
    body2 = text(outsider_client.get("/districts/e/?page=2"))
    assert f"/cameras/{old.pk}/" in body2 and f"/cameras/{new.pk}/" not in body2
    # A nonsense page number shows a page, not an error.
    assert outsider_client.get("/districts/e/?page=abc").status_code == 200


@pytest.mark.parametrize("prefix", ["", "/zh-hant"])
def test_large_numbers_are_grouped_as_hong_kong_writes_them_in_both_languages(outsider_client, figures, prefix):
    """Django's Traditional Chinese formats group nothing; Hong Kong writes 310,647 in Chinese too."""
    assert re.search(r'<td class="num">310,647</td>', text(outsider_client.get(f"{prefix}/districts/")))
    assert "<dd>310,647</dd>" in text(outsider_client.get(f"{prefix}/districts/e/"))
    assert "60,000" in text(outsider_client.get(f"{prefix}/figures/"))
