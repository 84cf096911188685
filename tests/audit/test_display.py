"""The audit log made readable: translated labels, and only the fields that changed."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from mapsite.audit.display import changes, label, value
from mapsite.audit.models import AuditEntry
from mapsite.moderation import services
from tests.helpers import text


def test_a_decision_shows_the_changed_fields_with_labels(camera, moderator):
    services.decide(camera.pk, camera.version, "reject", actor=moderator)
    rows = {c.field: c for c in changes(AuditEntry.objects.get())}
    assert set(rows) == {"status", "moderator_decided"}  # the version is bookkeeping
    assert (rows["status"].label, rows["status"].before, rows["status"].after) == ("Status", "Pending", "Rejected")


def test_an_edit_shows_kind_labels_and_the_district_name(camera, moderator):
    services.edit(camera.pk, camera.version, actor=moderator, kind="dome", latitude=22.2820, longitude=114.1580)
    rows = {c.field: c for c in changes(AuditEntry.objects.filter(action="moved").get())}
    assert rows["kind"].after == "Dome" and rows["district_id"].after == "Central and Western"
    with translation.override("zh-hant"):
        assert str(changes(AuditEntry.objects.filter(action="moved").get())[0].label) != "status"


def test_the_log_page_and_new_date_filters_keep_working_with_paging(moderator_client, make_camera, moderator):
    cams = [make_camera() for _ in range(55)]
    for cam in cams:
        services.decide(cam.pk, cam.version, "verify", actor=moderator)
    url = reverse("moderation:audit")
    html = text(moderator_client.get(url, {"action": "verified", "since": "2000-01-01"}))
    assert "Page 1 of 2" in html and "<del>Pending</del> → <ins>Verified</ins>" in html
    assert 'href="?action=verified&amp;since=2000-01-01&amp;page=2"' in html
    assert "Page 2 of 2" in text(moderator_client.get(url, {"action": "verified", "since": "2000-01-01", "page": 2}))
    assert "0 entries" in text(moderator_client.get(url, {"until": "2000-01-01"}))
    bad = moderator_client.get(url, {"since": "yesterday"})
    assert bad.status_code == 200 and "Enter a valid date." in text(bad)


def test_lists_and_field_values_take_each_languages_punctuation():
    suggested = {"kind": "dome", "operator": "police"}  # a resident's correction, as stored
    assert value("taken", ["kind", "mount"]) == "Kind, Mount"
    assert value("correction", suggested) == "Kind: Dome; Operator: Police"
    with translation.override("zh-hant"):
        kind, mount, operator = label("kind"), label("mount"), label("operator")
        assert value("taken", ["kind", "mount"]) == f"{kind}、{mount}"
        dome, police = value("kind", "dome"), value("operator", "police")
        assert value("correction", suggested) == f"{kind}：{dome}；{operator}：{police}"
        assert kind != "Kind"
