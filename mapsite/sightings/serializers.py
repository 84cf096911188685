"""GeoJSON for cameras as the report flow returns them (built by the public API's own function)."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse

from mapsite.cameras.api import PUBLIC_FIELDS, features
from mapsite.cameras.models import Camera


def camera_feature(camera: Camera) -> dict[str, Any]:
    """The camera as the public API shows it: the same Feature, so clients parse one shape."""
    return features([tuple(getattr(camera, name) for name in PUBLIC_FIELDS)])[0]


def confirm_action(camera: Camera) -> tuple[str, str]:
    """Where "this is the same camera: confirm it" goes, and with which method.

    The votes app owns confirming. Its POST endpoint is used when it is
    installed; otherwise the camera page, whose #confirm section offers it.
    """
    try:
        return reverse("votes:confirm", args=[camera.pk]), "post"
    except NoReverseMatch:
        return camera.get_absolute_url() + "#confirm", "get"


def nearby_item(distance_m: float, camera: Camera) -> dict[str, Any]:
    """A possible duplicate, with translated labels for the report page."""
    feature = camera_feature(camera)
    confirm_url, confirm_method = confirm_action(camera)
    feature["properties"].update(
        {
            "distance_m": round(distance_m, 1),
            "kind_label": str(camera.get_kind_display()),
            "operator_label": str(camera.get_operator_display()),
            "status_label": str(camera.get_status_display()),
            "confirm_url": confirm_url,
            "confirm_method": confirm_method,
        }
    )
    return feature
