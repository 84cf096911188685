"""What the moderation views share: the permission, the addresses, the decorators."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.urls import reverse

from mapsite.cameras.models import Camera
from mapsite.core.views import action, allow
from mapsite.moderation.roles import PERM


def page(view):
    """A moderators' page: GET only, signed in, holding the permission."""
    return allow("GET")(login_required(permission_required(PERM, raise_exception=True)(view)))


def camera_data(camera: Camera) -> dict:
    return {
        "camera": camera.pk,
        "status": camera.status,
        "version": camera.version,
        "flagged": camera.flagged,
        "confirm_count": camera.confirm_count,
        "dispute_count": camera.dispute_count,
        "merged_into": camera.merged_into_id,
    }


def queue_url(query: str = "") -> str:
    return reverse("moderation:queue") + (f"?{query}" if query else "")


def review_url(pk: int, query: str = "") -> str:
    return reverse("moderation:camera", args=[pk]) + (f"?{query}" if query else "")


def review_action():
    return action(PERM, back=review_url, lost="moderation:queue")


def queue_action():
    return action(PERM, back=lambda **kwargs: queue_url(), lost="moderation:queue")
