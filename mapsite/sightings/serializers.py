"""GeoJSON for cameras as the report flow returns them (built by the public API's own function)."""

from __future__ import annotations

from typing import Any

from mapsite.cameras.api import PUBLIC_FIELDS, features
from mapsite.cameras.models import Camera


def camera_feature(camera: Camera) -> dict[str, Any]:
    """The camera as the public API shows it: the same Feature, so clients parse one shape."""
    return features([{name: getattr(camera, name) for name in PUBLIC_FIELDS}])[0]


def nearby_item(distance_m: float, camera: Camera) -> dict[str, Any]:
    """A possible duplicate, with translated labels for the report page."""
    feature = camera_feature(camera)
    feature["properties"].update(
        {
            "distance_m": round(distance_m, 1),
            "kind_label": str(camera.get_kind_display()),
            "operator_label": str(camera.get_operator_display()),
            "status_label": str(camera.get_status_display()),
            # The confirm action belongs to the votes app; until it has a URL of
            # its own the camera page's #confirm anchor is where it lives.
            "confirm_url": camera.get_absolute_url() + "#confirm",
        }
    )
    return feature
