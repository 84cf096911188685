"""GET /api/stats/timeline.json and /api/stats/districts.json against known seeded histories.

Each camera is made with time frozen, so its publication (and, through the moderation
service and the audit log, its verification) falls in a month written out here."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from mapsite.cameras.models import Camera
from mapsite.moderation.services import Decision, decide
from tests.helpers import CENTRAL, MONG_KOK

TIMELINE = "/api/stats/timeline.json"
DISTRICTS = "/api/stats/districts.json"


def series(data: dict) -> dict[str, list[int]]:
    return {s["key"]: s["cumulative"] for s in data["series"]}


@pytest.fixture
def history(make_camera, moderator):
    """January: a resident's dome in Mong Kok (police), an official traffic camera in Central.
    March 1st, 00:00:30 Hong Kong time (still February in UTC): a resident's private camera
    in Mong Kok. March 15th: a moderator verifies the dome. Plus what never counts: a demo
    camera, a rejected one, and one still waiting for its publication window."""
    with time_machine.travel(dt.datetime(2026, 1, 10, 4, tzinfo=dt.UTC), tick=False):
        dome = make_camera(*MONG_KOK, kind=Camera.Kind.DOME, operator=Camera.Operator.POLICE)
        make_camera(*CENTRAL, kind=Camera.Kind.TRAFFIC, operator=Camera.Operator.TRANSPORT,
                    source=Camera.Source.OFFICIAL, status=Camera.Status.VERIFIED)
        make_camera(*MONG_KOK, source=Camera.Source.DEMO, is_demo=True)
        make_camera(*MONG_KOK, status=Camera.Status.REJECTED)
        make_camera(*MONG_KOK, published_at=None)
    with time_machine.travel(dt.datetime(2026, 2, 28, 16, 0, 30, tzinfo=dt.UTC), tick=False):
        make_camera(*MONG_KOK, kind=Camera.Kind.FIXED, operator=Camera.Operator.PRIVATE)
    with time_machine.travel(dt.datetime(2026, 3, 15, 4, tzinfo=dt.UTC), tick=False):
        decide(dome.pk, dome.version, Decision.VERIFY, actor=moderator)
    return dome


@pytest.fixture
def in_april():
    with time_machine.travel(dt.datetime(2026, 4, 20, 4, tzinfo=dt.UTC), tick=False):
        yield


def test_verifying_records_the_time_on_the_camera(history):
    history.refresh_from_db()
    assert history.verified_at == dt.datetime(2026, 3, 15, 4, tzinfo=dt.UTC)


def test_timeline_counts_by_month_of_publication_and_verification(client, history, in_april):
    data = client.get(TIMELINE).json()
    assert data["months"] == ["2026-01", "2026-02", "2026-03", "2026-04"]
    assert data["filters"] == {"district": None, "kind": None, "operator": None}
    assert series(data) == {
        "total": [2, 2, 3, 3],
        "residents": [1, 1, 2, 2],
        "verified": [1, 1, 2, 2],  # the official camera from its publication, the dome from March
        "official": [1, 1, 1, 1],
    }
    assert {s["key"]: s["added"] for s in data["series"]}["residents"] == [1, 0, 1, 0]
    assert {s["unit"] for s in data["series"]} == {"cameras"}
    assert data["figures"] == []


def test_a_rejection_takes_the_camera_out_of_every_month(client, history, moderator, in_april):
    history.refresh_from_db()
    decide(history.pk, history.version, Decision.REJECT, actor=moderator)
    assert series(client.get(TIMELINE).json())["verified"] == [1, 1, 1, 1]
    assert series(client.get(TIMELINE).json())["residents"] == [0, 0, 1, 1]


@pytest.mark.parametrize(
    ("query", "residents", "official"),
    [
        ("district=e", [1, 1, 2, 2], [0, 0, 0, 0]),
        ("district=A", [0, 0, 0, 0], [1, 1, 1, 1]),
        ("kind=dome", [1, 1, 1, 1], [0, 0, 0, 0]),
        ("operator=private", [0, 0, 1, 1], [0, 0, 0, 0]),
        ("kind=traffic&operator=transport", [0, 0, 0, 0], [1, 1, 1, 1]),
        ("district=e&kind=fixed&operator=private", [0, 0, 1, 1], [0, 0, 0, 0]),
        ("kind=dome&operator=private", [0, 0, 0, 0], [0, 0, 0, 0]),
    ],
)
def test_filters(client, history, in_april, query, residents, official):
    data = client.get(f"{TIMELINE}?{query}").json()
    assert data["months"] == ["2026-01", "2026-02", "2026-03", "2026-04"]
    assert series(data)["residents"] == residents
    assert series(data)["official"] == official


def test_official_figures_are_separate_series_by_unit(client, figures, history, in_april):
    data = client.get(TIMELINE).json()
    assert data["months"][0] == "2024-07"  # the first territory-wide figure
    assert data["months"][-1] == "2026-04"
    keys = [(f["programme"], f["unit"]) for f in data["figures"]]
    assert ("SmartView", "camera sets") in keys
    assert ("SmartView", "cameras") in keys
    assert len(keys) == len(set(keys))
    sets = next(f for f in data["figures"] if (f["programme"], f["unit"]) == ("SmartView", "camera sets"))
    assert [(p["date"], p["figure"]) for p in sets["points"]] == [("2024-12-17", 612), ("2025-07-22", 4000)]
    assert sets["points"][0]["url"] == "https://news.rthk.hk/rthk/en/component/k2/1783865-20241217.htm"
    assert sets["points"][0]["publisher"] == "RTHK"


def test_a_district_gets_its_own_figures(client, figures, history, in_april):
    data = client.get(f"{TIMELINE}?district=E").json()
    assert [(f["programme"], f["unit"], [p["figure"] for p in f["points"]]) for f in data["figures"]] == [
        ("SmartView", "camera sets", [15, 15])
    ]
    assert data["months"][0] == "2024-02"


def test_districts_now_and_as_of_a_month(client, districts, history, in_april):
    now = {d["code"]: d for d in client.get(DISTRICTS).json()["districts"]}
    assert len(now) == 18
    e = now["E"]
    assert (e["total"], e["residents"], e["verified"], e["official"]) == (2, 2, 1, 0)
    assert e["per_km2"] == round(2 / districts["E"].area_km2, 3)
    assert e["per_1000"] == round(2000 / districts["E"].population, 3)
    assert (now["A"]["total"], now["A"]["official"], now["A"]["verified"]) == (1, 1, 1)
    assert now["B"]["total"] == 0
    january = client.get(f"{DISTRICTS}?as_of=2026-01").json()
    assert january["as_of"] == "2026-01"
    assert {d["code"]: (d["total"], d["verified"]) for d in january["districts"]}["E"] == (1, 0)


@pytest.mark.parametrize(
    ("url", "field"),
    [
        (f"{TIMELINE}?district=zz", "district"),
        (f"{TIMELINE}?kind=drone", "kind"),
        (f"{TIMELINE}?operator=mi6", "operator"),
        (f"{DISTRICTS}?as_of=2026-13", "as_of"),
        (f"{DISTRICTS}?as_of=March", "as_of"),
    ],
)
def test_unknown_values_are_a_400_naming_the_parameter(client, districts, url, field):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["error"]
    assert list(body["fields"]) == [field]


def test_errors_follow_the_language_asked_for(client, districts):
    body = client.get(f"{TIMELINE}?district=zz", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["error"] == "Unknown district code."


@pytest.mark.parametrize("url", [TIMELINE, DISTRICTS])
def test_only_get(client, districts, url):
    response = client.post(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "error" in response.json()


def test_kept_answers_follow_every_change(client, make_camera, in_april):
    """Answers are kept per data version: a new camera shows at once, in the series and the feed."""
    make_camera(*MONG_KOK)
    assert series(client.get(TIMELINE).json())["total"] == [1]
    feed = client.get("/feeds/cameras.atom").content
    second = make_camera(*CENTRAL)
    assert series(client.get(TIMELINE).json())["total"] == [2]
    assert f"/cameras/{second.pk}/".encode() not in feed
    assert f"/cameras/{second.pk}/".encode() in client.get("/feeds/cameras.atom").content
