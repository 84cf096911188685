"""The audit log's filters (mapsite.audit.forms.AuditFilterForm): a bad value is a form error shown on
the page with status 200, never a 500, and the valid filters beside it still apply."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mapsite.audit.forms import MAX_CAMERA_ID, AuditFilterForm
from mapsite.audit.models import AuditEntry
from mapsite.moderation import services
from mapsite.votes import services as votes
from tests.helpers import CENTRAL, text

URL = reverse("moderation:audit")


@pytest.fixture
def log(make_camera, moderator, resident):
    """Two cameras: `confirmed` confirmed by the resident, `rejected` rejected by the moderator."""
    confirmed, rejected = make_camera(), make_camera(*CENTRAL)
    votes.confirm(confirmed.pk, resident)
    services.decide(rejected.pk, rejected.version, "reject", actor=moderator, reason="not a camera at all")
    return {"confirmed": confirmed, "rejected": rejected}


def problems(html: str) -> str:
    """The page's list of filter problems ("" when there is none)."""
    if 'class="problems"' not in html:
        return ""
    return html.split('class="problems"', 1)[1].split("</ul>", 1)[0]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"action": "nonsense"}, "Unknown action."),
        ({"action": " rejected"}, "Unknown action."),
        ({"role": "emperor"}, "Unknown role."),
        ({"camera": "abc"}, "A camera is given by its number."),
        ({"camera": "#"}, "A camera is given by its number."),
        ({"camera": "-1"}, "A camera is given by its number."),
        ({"camera": "1.5"}, "A camera is given by its number."),
        ({"camera": "\u00b2"}, "A camera is given by its number."),  # a digit to str.isdigit, not to int()
        ({"camera": "99999999999999999999"}, "This camera does not exist."),  # over 2**63: no OverflowError
        ({"camera": str(MAX_CAMERA_ID + 1)}, "This camera does not exist."),
        ({"actor": "resi\x00dent"}, "Null characters are not allowed."),  # a 500 on PostgreSQL before
        ({"actor": "x" * 151}, "Ensure this value has at most 150 characters"),
    ],
)
def test_a_bad_filter_is_a_form_error_on_the_page(moderator_client, log, params, message):
    response = moderator_client.get(URL, params)
    assert response.status_code == 200
    assert message in problems(text(response))
    # The bad filter filters nothing out: both entries are still listed.
    assert "audit-confirmed" in text(response) and "audit-rejected" in text(response)


def test_the_valid_filters_still_apply_beside_a_bad_one(moderator_client, log):
    html = text(moderator_client.get(URL, {"action": "rejected", "camera": "abc"}))
    assert "A camera is given by its number." in problems(html)
    assert "audit-rejected" in html and "audit-confirmed" not in html


@pytest.mark.parametrize("number", ["{pk}", "#{pk}", " #{pk} "])
def test_a_camera_by_its_number_with_or_without_hash(moderator_client, log, number):
    html = text(moderator_client.get(URL, {"camera": number.format(pk=log["confirmed"].pk)}))
    assert problems(html) == ""
    assert "audit-confirmed" in html and "audit-rejected" not in html


def test_the_largest_possible_camera_number_is_valid_and_finds_nothing(moderator_client, log):
    html = text(moderator_client.get(URL, {"camera": str(MAX_CAMERA_ID)}))
    assert problems(html) == ""
    assert "audit-confirmed" not in html and "audit-rejected" not in html


def test_the_actor_is_matched_whatever_the_case(moderator_client, log):
    html = text(moderator_client.get(URL, {"actor": " MODERATOR "}))
    assert problems(html) == ""
    assert "audit-rejected" in html and "audit-confirmed" not in html


def test_the_filters_are_kept_in_the_form(moderator_client, log):
    html = text(moderator_client.get(URL, {"action": "rejected", "role": "moderator", "actor": "moderator"}))
    assert '<option value="rejected" selected>' in html
    assert '<option value="moderator" selected>' in html
    assert 'name="actor" value="moderator"' in html


def test_no_filters_no_problems(moderator_client, log):
    response = moderator_client.get(URL)
    assert response.status_code == 200
    assert problems(text(response)) == ""
    assert AuditEntry.objects.count() >= 2


@pytest.mark.parametrize(
    "field, value, code",
    [
        ("action", "nonsense", "unknown_action"),
        ("role", "emperor", "unknown_role"),
        ("camera", "abc", "not_a_number"),
        ("camera", "99999999999999999999", "no_such_camera"),
        ("actor", "a\x00b", "null_characters_not_allowed"),
        ("actor", "x" * 151, "max_length"),
    ],
)
def test_each_error_has_its_code(field, value, code):
    form = AuditFilterForm({field: value})
    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()[field]] == [code]
