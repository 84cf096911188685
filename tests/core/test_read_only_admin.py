"""Rows that database triggers own are shown in the admin but can never be added, changed or deleted there."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model


@pytest.mark.parametrize("model", ["changes/change", "stats/monthlycount"])
def test_trigger_owned_rows_are_read_only_in_the_admin(client, db, model):
    admin = get_user_model().objects.create_superuser(username="root", password="x")
    client.force_login(admin)
    assert client.get(f"/admin/{model}/").status_code == 200
    assert client.get(f"/admin/{model}/add/").status_code == 403
