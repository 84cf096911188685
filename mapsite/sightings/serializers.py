"""GeoJSON for cameras as the report flow returns them."""

from __future__ import annotations

from typing import Any

from mapsite.cameras.models import Camera


def camera_feature(camera: Camera) -> dict[str, Any]:
    """An RFC 7946 Feature with the camera's public fields (never its reporter, never a time of day)."""
    return {
        "type": "Feature",
        "id": camera.pk,
        "geometry": {"type": "Point", "coordinates": [round(camera.longitude, 6), round(camera.latitude, 6)]},
        "properties": {
            "id": camera.pk,
            "kind": camera.kind,
            "operator": camera.operator,
            "mount": camera.mount,
            "status": camera.status,
            "direction": camera.direction,
            "field_of_view": camera.field_of_view,
            "notes": camera.notes,
            "reported_on": camera.reported_on.isoformat(),
            "url": camera.get_absolute_url(),
        },
    }


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
