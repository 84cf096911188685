"""The one place where our camera attributes meet OpenStreetMap's surveillance tags.

https://wiki.openstreetmap.org/wiki/Tag:man_made=surveillance
Import reads these tags, export writes them; both go through the tables here.
"""

from __future__ import annotations

from mapsite.cameras.models import Camera

K, Op, M = Camera.Kind, Camera.Operator, Camera.Mount

# kind -> the OSM tags that express it
KIND_TAGS: dict[str, dict[str, str]] = {
    K.FIXED: {"surveillance:type": "camera", "camera:type": "fixed"},
    K.DOME: {"surveillance:type": "camera", "camera:type": "dome"},
    K.PTZ: {"surveillance:type": "camera", "camera:type": "panning"},
    K.ANPR: {"surveillance:type": "ALPR", "surveillance": "traffic"},
    K.SMARTVIEW: {
        "surveillance:type": "camera",
        "operator": "Hong Kong Police Force",
        "surveillance:brand": "SmartView",
    },
    K.TRAFFIC: {"surveillance:type": "camera", "surveillance": "traffic"},
    K.UNKNOWN: {"surveillance:type": "camera"},
}

OPERATOR_NAMES: dict[str, str] = {
    Op.POLICE: "Hong Kong Police Force",
    Op.TRANSPORT: "Transport Department",
    Op.GOVERNMENT: "Hong Kong Government",
    Op.HOUSING: "Hong Kong Housing Authority",
    Op.MTR: "MTR Corporation",
    Op.PRIVATE: "",
    Op.UNKNOWN: "",
}

MOUNT_TAGS: dict[str, str] = {
    M.POLE: "pole",
    M.WALL: "wall",
    M.CEILING: "ceiling",
    M.TRAFFIC_SIGNAL: "traffic_signals",
    M.BUILDING: "building",
    M.OTHER: "other",
    M.UNKNOWN: "",
}

# surveillance:zone: what the camera watches; traffic cameras watch traffic,
# everything else on our map watches public space.
ZONE_BY_KIND = {K.TRAFFIC: "traffic", K.ANPR: "traffic"}


def to_tags(camera: Camera) -> dict[str, str]:
    """OSM tags for a camera."""
    tags = {"man_made": "surveillance", "surveillance": "public"}
    tags.update(KIND_TAGS[camera.kind])
    tags["surveillance:zone"] = ZONE_BY_KIND.get(camera.kind, "street")
    operator = OPERATOR_NAMES[camera.operator]
    if operator:
        tags["operator"] = operator
    if camera.operator == Op.PRIVATE:
        tags["surveillance"] = "outdoor"
    if MOUNT_TAGS[camera.mount]:
        tags["camera:mount"] = MOUNT_TAGS[camera.mount]
    if camera.direction is not None:
        tags["camera:direction"] = str(camera.direction)
    if camera.field_of_view is not None:
        tags["camera:angle"] = str(camera.field_of_view)
    return tags


class TagError(ValueError):
    """Tags that cannot be read as a camera."""


_MOUNT_BY_TAG = {v: k for k, v in MOUNT_TAGS.items() if v}
_MOUNT_BY_TAG.update({"street_lamp": M.POLE, "lamppost": M.POLE, "traffic_signal": M.TRAFFIC_SIGNAL})
_CAMERA_TYPE = {"fixed": K.FIXED, "dome": K.DOME, "panning": K.PTZ}


def _operator_from(value: str) -> str:
    low = value.lower()
    if not low:
        return Op.UNKNOWN
    if "police" in low or "警" in value:
        return Op.POLICE
    if "transport" in low or "運輸" in value:
        return Op.TRANSPORT
    if "housing" in low or "房屋" in value:
        return Op.HOUSING
    if "mtr" in low or "港鐵" in value:
        return Op.MTR
    if "government" in low or "政府" in value or "department" in low:
        return Op.GOVERNMENT
    return Op.PRIVATE


def _degrees(value: str, name: str, lo: int, hi: int) -> int | None:
    value = value.strip()
    if not value:
        return None
    # camera:direction may be a compass point; OSM allows N, NE, ...
    compass = {"N": 0, "NE": 45, "E": 90, "SE": 135, "S": 180, "SW": 225, "W": 270, "NW": 315}
    if value.upper() in compass:
        return compass[value.upper()]
    try:
        number = float(value.split(";")[0])
    except ValueError as exc:
        raise TagError(f"{name}={value!r} is not a number of degrees") from exc
    if number != number or number in (float("inf"), float("-inf")):
        raise TagError(f"{name}={value!r} is not a finite number")
    number = round(number)
    if name == "camera:direction":
        return number % 360
    if not lo <= number <= hi:
        raise TagError(f"{name}={value!r} is outside {lo}-{hi}")
    return number


def from_tags(tags: dict[str, str]) -> dict:
    """Camera attributes from OSM tags. Unknown tags are ignored; a feature
    that is not a surveillance device raises TagError."""
    tags = {str(k): str(v) for k, v in (tags or {}).items()}
    if tags.get("man_made") != "surveillance" and "surveillance:type" not in tags:
        raise TagError("not tagged man_made=surveillance")
    stype = tags.get("surveillance:type", "camera").lower()
    if stype not in ("camera", "alpr", "anpr"):
        raise TagError(f"surveillance:type={tags['surveillance:type']!r} is not a camera")

    operator = _operator_from(tags.get("operator", ""))
    if stype in ("alpr", "anpr"):
        kind = K.ANPR
    elif "smartview" in tags.get("surveillance:brand", "").lower() or "smartview" in tags.get("name", "").lower():
        kind = K.SMARTVIEW
    elif tags.get("surveillance") == "traffic" or tags.get("surveillance:zone") == "traffic":
        kind = K.TRAFFIC
    else:
        kind = _CAMERA_TYPE.get(tags.get("camera:type", "").lower(), K.UNKNOWN)
    mount = _MOUNT_BY_TAG.get(tags.get("camera:mount", "").lower(), M.OTHER if tags.get("camera:mount") else M.UNKNOWN)
    return {
        "kind": kind,
        "operator": operator,
        "mount": mount,
        "direction": _degrees(tags.get("camera:direction", tags.get("direction", "")), "camera:direction", 0, 359),
        "field_of_view": _degrees(tags.get("camera:angle", ""), "camera:angle", 1, 360),
    }
