import datetime as dt

import pytest

from mapsite.figures.loading import load_figures, parse_partial_date
from mapsite.figures.models import OfficialFigure

HEADER = "reported_on,scope,district_code,figure,unit,programme,summary,source_title,publisher,url\n"


def test_loads_the_fixture(figures):
    assert len(figures) == 13
    mong_kok = OfficialFigure.objects.filter(district__code="E")
    assert mong_kok.count() == 2
    assert {f.unit for f in mong_kok} == {OfficialFigure.Unit.CAMERA_SETS}
    territory = OfficialFigure.objects.get(figure=615)
    assert territory.scope == OfficialFigure.Scope.TERRITORY and territory.district is None
    assert territory.unit == OfficialFigure.Unit.LOCATIONS


def test_reload_is_idempotent(figures):
    before = sorted(OfficialFigure.objects.values_list("reported_on", "figure", "unit", "url"))
    assert load_figures() == 13
    assert load_figures() == 13
    assert sorted(OfficialFigure.objects.values_list("reported_on", "figure", "unit", "url")) == before


def test_partial_dates_keep_their_precision(figures):
    year = OfficialFigure.objects.get(figure=13)
    assert year.date_display == "2024"
    month = OfficialFigure.objects.get(figure=3162)
    assert month.date_display == "2025-07"
    day = OfficialFigure.objects.get(figure=612)
    assert day.date_display == "2024-12-17"


@pytest.mark.parametrize(
    "text,expected",
    [("2024-02-23", (dt.date(2024, 2, 23), "day")), ("2025-07", (dt.date(2025, 7, 1), "month")),
     ("2024", (dt.date(2024, 1, 1), "year"))],
)
def test_parse_partial_date(text, expected):
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize(
    "row",
    [
        "2024-01-01,district,Z,1,cameras,P,S,T,Pub,\n",  # unknown district
        "2024-01-01,territory,,1,widgets,P,S,T,Pub,\n",  # unknown unit
        "yesterday,territory,,1,cameras,P,S,T,Pub,\n",  # bad date
    ],
)
def test_bad_file_changes_nothing(figures, tmp_path, row):
    path = tmp_path / "figures.csv"
    path.write_text(HEADER + "2024-01-01,territory,,7,cameras,P,S,T,Pub,\n" + row, encoding="utf-8")
    with pytest.raises(ValueError):
        load_figures(path)
    assert OfficialFigure.objects.count() == 13


def test_the_end_2025_count_including_connected_cameras_is_loaded(figures):
    fig = OfficialFigure.objects.get(figure=11000)
    assert (fig.scope, fig.unit, fig.programme, fig.date_display) == (
        "territory", "cameras", "SmartView (incl. connected)", "2026-02-15")
    assert fig.url.startswith("https://english.dotdotnews.com/")
