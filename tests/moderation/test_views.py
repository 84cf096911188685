from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from mapsite.audit.models import AuditEntry
from mapsite.cameras.models import Camera
from mapsite.core.errors import Conflict
from mapsite.moderation import merging, services
from mapsite.votes import services as votes
from mapsite.votes.models import Vote
from tests.helpers import CENTRAL, SHENZHEN, raised, run_together


def test_queue_needs_login_and_permission(client, resident_client, moderator_client, districts):
    url = reverse("moderation:queue")
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert resident_client.get(url).status_code == 403
    assert moderator_client.get(url).status_code == 200


def test_review_page(moderator_client, make_camera):
    camera = make_camera()
    near = make_camera(lat=camera.latitude + 0.0001, lon=camera.longitude)
    response = moderator_client.get(reverse("moderation:camera", args=[camera.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'name="into" value="{near.pk}"' in html
    assert f'name="version" value="{camera.version}"' in html


def test_conflicting_moderator_actions_one_wins_one_is_told(make_camera, moderator, django_user_model):
    from mapsite.moderation.roles import make_moderator

    camera = make_camera()
    second = django_user_model.objects.create_user(username="second_mod", password="x")
    make_moderator(second)
    first_client, second_client = Client(), Client()
    first_client.force_login(moderator)
    second_client.force_login(second)
    version = str(camera.version)  # both loaded the queue at the same version
    assert first_client.post(reverse("moderation:verify", args=[camera.pk]), {"version": version}).status_code == 302
    response = second_client.post(reverse("moderation:reject", args=[camera.pk]), {"version": version})
    assert response.status_code == 409
    assert "Someone else changed this camera" in response.content.decode()
    response = second_client.post(
        reverse("moderation:reject", args=[camera.pk]), json.dumps({"version": version}),
        content_type="application/json",
    )
    assert response.status_code == 409
    assert "Someone else changed this camera" in response.json()["error"]
    camera.refresh_from_db()
    assert camera.status == Camera.Status.VERIFIED
    assert list(AuditEntry.objects.filter(camera=camera).values_list("action", "actor__username")) == [
        ("verified", "moderator")
    ]


@pytest.mark.django_db(transaction=True)
def test_concurrent_moderator_actions_in_threads(make_camera, moderator):
    camera = make_camera()
    decisions = ("verify", "reject")
    outcomes = run_together(*[lambda d=d: services.decide(camera.pk, 1, d, actor=moderator) for d in decisions])
    told = raised(outcomes)
    assert len(told) == 1 and isinstance(told[0], Conflict), outcomes
    winner = next(d for d, o in zip(decisions, outcomes, strict=True) if not isinstance(o, Exception))
    camera.refresh_from_db()
    assert camera.status == {"verify": "verified", "reject": "rejected"}[winner]
    assert camera.version == 2
    assert AuditEntry.objects.filter(camera=camera).count() == 1


def test_edit_form_outside_hong_kong_is_a_clear_400(moderator_client, make_camera):
    camera = make_camera()
    data = {
        "version": camera.version, "latitude": SHENZHEN[0], "longitude": SHENZHEN[1], "kind": "unknown",
        "operator": "unknown", "mount": "unknown",
    }
    response = moderator_client.post(reverse("moderation:edit", args=[camera.pk]), data)
    assert response.status_code == 400
    assert "outside Hong Kong" in response.content.decode()
    camera.refresh_from_db()
    assert camera.version == 1


def test_merge_view_reports_and_leaves_map(moderator_client, make_camera, resident):
    survivor = make_camera()
    duplicate = make_camera(lat=survivor.latitude + 0.0001, lon=survivor.longitude)
    votes.confirm(duplicate.pk, resident)
    response = moderator_client.post(
        reverse("moderation:merge", args=[duplicate.pk]), {"version": "1", "into": str(survivor.pk)}, follow=True
    )
    assert f"Camera #{duplicate.pk} is merged into camera #{survivor.pk}." in response.content.decode()
    assert list(Camera.objects.public().values_list("pk", flat=True)) == [survivor.pk]
    survivor.refresh_from_db()
    assert survivor.confirm_count == 1


def test_merged_camera_page_redirects_to_survivor(client, moderator, make_camera):
    survivor = make_camera()
    duplicate = make_camera(lat=survivor.latitude + 0.0001, lon=survivor.longitude)
    merging.merge(duplicate.pk, duplicate.version, survivor.pk, actor=moderator)
    response = client.get(duplicate.get_absolute_url())
    assert response.status_code in (301, 302)
    assert response["Location"] == f"{survivor.get_absolute_url()}?from={duplicate.pk}"
    notice = f"Camera #{duplicate.pk} was merged into this one, #{survivor.pk}"
    assert notice in client.get(response["Location"]).content.decode()
    # A ?from= naming a camera that was not merged here says nothing.
    other = make_camera(lat=survivor.latitude + 0.0005, lon=survivor.longitude)
    for bogus in (str(other.pk), "abc", "9" * 40, "١"):
        page = client.get(survivor.get_absolute_url(), {"from": bogus}).content.decode()
        assert "was merged into this one" not in page


def test_bulk_view(moderator_client, make_camera):
    a, b = make_camera(), make_camera(*CENTRAL)
    response = moderator_client.post(
        reverse("moderation:bulk"),
        {"decision": "reject", "cameras": [f"{a.pk}:1", f"{b.pk}:1"], "reason": "test data"},
        follow=True,
    )
    assert "2 cameras rejected." in response.content.decode()
    assert set(Camera.objects.values_list("status", flat=True)) == {"rejected"}
    assert AuditEntry.objects.filter(action="rejected", reason="test data").count() == 2
    response = moderator_client.post(reverse("moderation:bulk"), {"decision": "verify", "cameras": [f"{a.pk}:1"]})
    assert response.status_code == 409
    assert "Someone else changed this camera" in response.content.decode()
    response = moderator_client.post(reverse("moderation:bulk"), {"decision": "verify"})
    assert response.status_code == 400
    assert "Select at least one camera." in response.content.decode()


def test_unknown_camera_is_404_with_message(moderator_client, db):
    response = moderator_client.post(reverse("moderation:verify", args=[424242]), {"version": "1"})
    assert response.status_code == 404
    assert "This camera does not exist." in response.content.decode()


def test_audit_browse_filters(moderator_client, resident_client, make_camera, moderator, resident):
    a, b = make_camera(), make_camera(*CENTRAL)
    votes.confirm(a.pk, resident)
    services.decide(b.pk, b.version, "reject", actor=moderator, reason="not a camera at all")
    url = reverse("moderation:audit")
    assert resident_client.get(url).status_code == 403
    html = moderator_client.get(url, {"action": "rejected"}).content.decode()
    assert "not a camera at all" in html and "audit-confirmed" not in html
    html = moderator_client.get(url, {"camera": str(a.pk)}).content.decode()
    assert "audit-confirmed" in html and "audit-rejected" not in html
    html = moderator_client.get(url, {"role": "resident", "actor": "resident"}).content.decode()
    assert "audit-confirmed" in html and "audit-rejected" not in html
    # An invalid filter is a form error on the page, like a search form's (tests/audit/test_filters.py).
    assert "Unknown action." in moderator_client.get(url, {"action": "nonsense"}).content.decode()
    assert "A camera is given by its number." in moderator_client.get(url, {"camera": "abc"}).content.decode()
    assert moderator_client.get(url, {"page": "999"}).status_code == 200


def test_make_moderator_command(django_user_model):
    user = django_user_model.objects.create_user(username="newmod", password="x")
    call_command("make_moderator", "newmod")
    user = django_user_model.objects.get(pk=user.pk)
    assert user.has_perm("moderation.moderate")
    assert not user.is_superuser and not user.is_staff
    call_command("make_moderator", "newmod", "--remove")
    user = django_user_model.objects.get(pk=user.pk)
    assert not user.has_perm("moderation.moderate")
    with pytest.raises(CommandError, match="No user is called 'ghost'"):
        call_command("make_moderator", "ghost")


def test_admin_works_for_superusers(client, django_user_model, make_camera):
    admin = django_user_model.objects.create_superuser(username="root", password="x")
    client.force_login(admin)
    camera = make_camera()
    assert client.get(reverse("admin:cameras_camera_change", args=[camera.pk])).status_code == 200
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    # Forms with a link field (Django 6 reads a scheme-less link as https; chosen now, see pyproject).
    assert client.get(reverse("admin:figures_officialfigure_add")).status_code == 200
    assert client.get(reverse("admin:imports_importbatch_add")).status_code == 200


def test_moderators_are_not_admin_staff(moderator_client, districts):
    response = moderator_client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_duplicate_dispute_offers_a_merge_on_the_review_page(moderator_client, moderator, make_camera, resident):
    camera = make_camera()
    original = make_camera(lat=camera.latitude + 0.0002, lon=camera.longitude)
    votes.dispute(camera.pk, resident, reason=Vote.Reason.DUPLICATE, duplicate_of=original.pk)
    review = moderator_client.get(reverse("moderation:camera", args=[camera.pk])).content.decode()
    assert f"the same as camera #{original.pk}" in review
    review = moderator_client.get(reverse("moderation:camera", args=[camera.pk])).content.decode()
    assert f"Merge into #{original.pk}" in review
    merging.merge(camera.pk, 1, original.pk, actor=moderator)
    # the resident's "duplicate of" dispute is settled by the merge, not carried over as a dispute
    assert not Vote.objects.filter(user=resident).exists()
    review = moderator_client.get(reverse("moderation:camera", args=[camera.pk])).content.decode()
    assert f"This camera was merged into camera #{original.pk}." in review
