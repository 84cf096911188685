"""Report limits that follow the trust level, and a burst of reports (mapsite/sightings/limits.py)."""

from __future__ import annotations

import pytest

from mapsite.cameras.models import Camera
from tests.helpers import MONG_KOK, give_level, offset
from tests.votes.test_limits import _client, _vote

pytestmark = pytest.mark.django_db


def test_a_report_burst_flags_the_accounts_reports_and_pauses_votes(settings, resident, make_camera):
    import uuid

    settings.REPORT_BURST_RATE = "2/h"
    client = _client(resident)
    for i in range(3):
        lat, lon = offset(*MONG_KOK, east_m=100 + 40 * i)
        data = {"latitude": lat, "longitude": lon, "submission_token": str(uuid.uuid4())}
        assert client.post("/report/", data).status_code == 302  # a burst is not refused
    mine = Camera.objects.filter(reporter=resident)
    assert mine.count() == 3 and all(c.flagged for c in mine)
    assert _vote(client, make_camera()).status_code == 429


def test_a_new_account_has_a_daily_report_limit_an_established_one_a_larger_one(settings, resident, districts):
    import uuid

    settings.REPORTS_PER_DAY_NEW = 1
    settings.REPORTS_PER_DAY_ESTABLISHED = 2
    client = _client(resident)

    def report(i):
        lat, lon = offset(*MONG_KOK, east_m=100 + 40 * i)
        return client.post("/report/", {"latitude": lat, "longitude": lon, "submission_token": str(uuid.uuid4())})

    assert [report(0).status_code, report(1).status_code] == [302, 429]
    give_level(resident)
    assert [report(2).status_code, report(3).status_code, report(4).status_code] == [302, 302, 429]


def test_a_report_reads_the_accounts_level_once(resident, districts):
    # The limits are checked before the report and counted after it, at the level read once.
    import uuid

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client(resident)
    lat, lon = offset(*MONG_KOK, east_m=300)
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/report/", {"latitude": lat, "longitude": lon, "submission_token": str(uuid.uuid4())})
    assert response.status_code == 302
    reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT") and "accounts_profile" in q["sql"]]
    assert len(reads) == 1, reads
