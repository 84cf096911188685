"""The responders of mapsite/core/http.py, as a visitor meets them."""

from django.test import RequestFactory

from mapsite.core.errors import Unavailable
from mapsite.core.http import refused_by


def test_a_fault_page_needs_no_database(rf: RequestFactory):
    # The database may be the fault: the 503 page must render without reading it. This test
    # has no database (pytest-django raises on any query), so a page that reads it fails here.
    response = refused_by(rf.post("/report/"), Unavailable())
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    body = response.content.decode()
    assert "The site is busy" in body and "nothing was saved" in body


def test_a_fault_on_the_api_is_json(rf: RequestFactory):
    response = refused_by(rf.get("/api/tiles/version.json"), Unavailable())
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    import json

    assert "nothing was saved" in json.loads(response.content)["error"]
