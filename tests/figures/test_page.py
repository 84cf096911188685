import re

from mapsite.figures.models import OfficialFigure
from tests.helpers import text


def test_lists_every_figure_with_its_source(outsider_client, figures):
    response = outsider_client.get("/figures/")
    assert response.status_code == 200
    body = text(response)
    assert body.count("<tr>") == len(figures) + 1  # plus the header row
    for figure in figures:
        assert figure.source_title in body or figure.source_title.replace("'", "&#x27;") in body
        assert figure.publisher in body or figure.publisher.replace("&", "&amp;") in body
    assert "60,000 cameras" in body
    assert "15 camera sets" in body
    assert "615 locations" in body
    assert 'href="https://hongkongfp.com/' in body
    # Dates as precise as the source: a year-only figure shows just the year.
    year_only = (
        r'<td class="date" data-label="Date">2024</td>\s*'
        r'<td data-label="Where"><a href="/districts/a/">Central and Western'
    )
    assert re.search(year_only, body)
    assert '<td class="date" data-label="Date">2025-07</td>' in body
    assert "Territory-wide" in body


def test_explains_that_units_never_add_up(outsider_client, figures):
    body = text(outsider_client.get("/figures/"))
    assert "a set holds two or three cameras" in body
    assert "never added together" in body


def test_latest_first(outsider_client, figures):
    body = text(outsider_client.get("/figures/"))
    dates = re.findall(r'<tr>\s*<td class="date" data-label="Date">([0-9-]+)</td>', body)
    assert dates[0] == "2026-02-25"
    assert dates == sorted(dates, reverse=True)


def test_source_without_url_is_not_a_link(outsider_client, figures):
    figure = OfficialFigure.objects.get(figure=60000)
    figure.url = ""
    figure.source_title = "A paper with no web address"
    figure.save()
    body = text(outsider_client.get("/figures/"))
    assert "A paper with no web address" in body
    assert not re.search(r"<a [^>]*>A paper with no web address</a>", body)
    assert 'href=""' not in body


def test_empty(outsider_client, districts):
    assert "No official figures have been loaded." in text(outsider_client.get("/figures/"))


def test_chinese(outsider_client, figures):
    response = outsider_client.get("/zh-hant/figures/")
    assert response.status_code == 200
    body = text(response)
    assert "<h1>官方數字</h1>" in body
    assert "<caption>最新在前。</caption>" in body
    assert '<td class="date" data-label="日期">2025-07</td>' in body
    assert "全港" in body and "Territory-wide" not in body
    # Districts by their Chinese names, linked to the Chinese pages; every figure still listed.
    assert '<a href="/zh-hant/districts/a/">中西區</a>' in body
    assert body.count("<tr>") == len(figures) + 1


def test_post_is_405(outsider_client, districts):
    assert outsider_client.post("/figures/").status_code == 405
