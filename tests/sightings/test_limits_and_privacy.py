"""Limits on new cameras, and that enforcing them leaves no trace of anyone's network."""

from __future__ import annotations

import datetime as dt
import logging
import uuid

import pytest
import time_machine
from django.apps import apps
from django.db import models
from django.test import Client

from mapsite.cameras.models import Camera
from tests.helpers import BESIDE_HK_MIDNIGHT, MONG_KOK, cache_keys, offset

pytestmark = pytest.mark.django_db
URL = "/report/"
API = "/api/cameras"
CLIENT_ADDR = "127.0.0.1"  # Django's test client sends this REMOTE_ADDR


def report(client, n: int, **extra):
    lat, lon = offset(*MONG_KOK, north_m=30 * n)
    data = {"latitude": lat, "longitude": lon, "submission_token": str(uuid.uuid4()), **extra}
    return client.post(URL, data)


def test_hourly_limit_per_resident(settings, resident_client, districts):
    settings.SUBMIT_RATE_USER_HOUR = "2/h"
    assert [report(resident_client, i).status_code for i in range(2)] == [302, 302]
    response = report(resident_client, 2)
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert "try again" in response.content.decode()
    assert Camera.objects.count() == 2


def test_daily_limit_per_resident(settings, resident_client, districts):
    settings.REPORTS_PER_DAY_NEW = 3
    assert [report(resident_client, i).status_code for i in range(4)] == [302, 302, 302, 429]
    assert Camera.objects.count() == 3


def test_one_resident_hitting_the_limit_does_not_block_another_network(settings, resident, other_resident, districts):
    settings.SUBMIT_RATE_USER_HOUR = "1/h"
    first = Client(REMOTE_ADDR="198.51.100.1")
    first.force_login(resident)
    second = Client(REMOTE_ADDR="198.51.100.2")
    second.force_login(other_resident)
    assert report(first, 0).status_code == 302
    assert report(first, 1).status_code == 429
    assert report(second, 2).status_code == 302
    assert sorted(Camera.objects.values_list("reporter__username", flat=True)) == sorted(
        [resident.username, other_resident.username]
    )


def test_network_limit_covers_several_accounts(settings, resident_client, other_resident_client, districts):
    settings.SUBMIT_RATE_NETWORK = "2/h"
    assert report(resident_client, 0).status_code == 302
    assert report(other_resident_client, 1).status_code == 302
    assert report(other_resident_client, 2).status_code == 429
    # Another network is not affected.
    elsewhere = Client(REMOTE_ADDR="192.0.2.77")
    elsewhere.force_login(Camera.objects.first().reporter)
    response = report(elsewhere, 3)
    assert response.status_code == 302
    assert Camera.objects.count() == 3
    assert response["Location"] == Camera.objects.latest("pk").get_absolute_url()


def test_form_errors_do_not_use_up_the_limit(settings, resident_client, districts):
    settings.SUBMIT_RATE_USER_HOUR = "1/h"
    for _ in range(3):
        assert report(resident_client, 0, kind="laser").status_code == 400
    assert Camera.objects.count() == 0
    response = report(resident_client, 0)
    assert response.status_code == 302
    assert response["Location"] == Camera.objects.get().get_absolute_url()
    assert report(resident_client, 1).status_code == 429
    assert Camera.objects.count() == 1


def test_the_api_shares_the_limits_and_answers_json(settings, resident_client, districts):
    settings.SUBMIT_RATE_USER_HOUR = "1/h"
    assert report(resident_client, 0).status_code == 302
    lat, lon = offset(*MONG_KOK, north_m=90)
    response = resident_client.post(API, {"latitude": lat, "longitude": lon}, content_type="application/json")
    assert response.status_code == 429
    assert "Too many requests" in response.json()["error"]
    assert Camera.objects.count() == 1


def _stored_values():
    for model in apps.get_models():
        if not model._meta.managed:
            continue
        for row in model.objects.all().values():
            for name, value in row.items():
                yield model, name, value


def test_nothing_about_the_network_is_stored_or_logged(settings, resident_client, districts, caplog):
    settings.SUBMIT_RATE_USER_HOUR = "2/h"
    settings.LOGIN_RATE_NETWORK = "1/h"
    caplog.set_level(logging.DEBUG)
    report(resident_client, 0)
    report(resident_client, 1)
    assert report(resident_client, 2).status_code == 429
    login = Client()
    login.post("/accounts/login/", {"username": "x", "password": "y"})
    assert login.post("/accounts/login/", {"username": "x", "password": "y"}).status_code == 429
    # A refused sign-up (the passwords differ) goes through the network limit's key too.
    assert Client().post("/accounts/signup/", {"username": "n1", "password1": "a", "password2": "b"}).status_code == 200

    # No model can hold an address...
    for model in apps.get_models():
        for field in model._meta.get_fields():
            assert not isinstance(field, models.GenericIPAddressField), f"{model.__name__}.{field.name}"
    # ...and none does, in any column of any row.
    for model, name, value in _stored_values():
        assert CLIENT_ADDR not in str(value), f"{model.__name__}.{name} holds the client address"
    # The rate-limit counters in the cache are keyed by digests, not addresses.
    keys = cache_keys()
    assert keys, "the limits should have written counters"
    assert not [k for k in keys if CLIENT_ADDR in str(k)]
    # No log line carries it either.
    assert caplog.records, "the refusals are logged (without the address)"
    for record in caplog.records:
        assert CLIENT_ADDR not in record.getMessage()
        assert CLIENT_ADDR not in str(record.__dict__)


@pytest.mark.parametrize(("instant", "hk_day"), BESIDE_HK_MIDNIGHT)
def test_reports_store_the_day_but_pages_show_no_time(resident_client, districts, instant, hk_day):
    with time_machine.travel(instant, tick=False):
        report(resident_client, 0)
        page = resident_client.get("/report/mine/").content.decode()
    camera = Camera.objects.get()
    assert camera.reported_on == dt.date.fromisoformat(hk_day)
    assert hk_day in page
    other_day = {"2026-03-04": "2026-03-05", "2026-03-05": "2026-03-04"}[hk_day]
    assert other_day not in page
    for clock in ("15:59", "16:00", "23:59", "00:00"):
        assert clock not in page
