"""GeoJSON for cameras as the report flow returns them (built by the public API's own function)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from mapsite.cameras.features import PUBLIC_FIELDS, features
from mapsite.cameras.models import Camera


def camera_feature(camera: Camera) -> dict[str, Any]:
    """The camera as the public API shows it: the same Feature, so clients parse one shape."""
    return _features([camera])[0]


def _features(cameras: list[Camera]) -> list[dict[str, Any]]:
    # One builder for the whole list: it reads the clock, time zone and URL template once.
    return features(tuple(getattr(camera, name) for name in PUBLIC_FIELDS) for camera in cameras)


def nearby_items(pairs: list[tuple[float, Camera]], user=None) -> list[dict[str, Any]]:
    """Possible duplicates ((distance, camera) pairs), with translated labels and where
    "this is the same camera: confirm it" posts to (the votes app owns confirming).
    "yours" is true only on the asking resident's own reports, which they cannot confirm."""
    items = _features([camera for _distance, camera in pairs])
    for feature, (distance_m, camera) in zip(items, pairs, strict=True):
        feature["properties"].update(
            {
                "distance_m": round(distance_m, 1),
                "kind_label": str(camera.get_kind_display()),
                "operator_label": str(camera.get_operator_display()),
                "status_label": str(camera.get_status_display()),
                "confirm_url": reverse("votes:confirm", args=[camera.pk]),
                "confirm_method": "post",
                "yours": camera.is_reported_by(user),
            }
        )
    return items
