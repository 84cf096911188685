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
    # SmartView is a police programme, but who operates a given unit is the
    # operator field's business: keeping it out of here makes the mapping
    # reversible for every kind/operator pair.
    K.SMARTVIEW: {"surveillance:type": "camera", "surveillance:brand": "SmartView"},
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


# operator:type says who runs it when the operator's name is not known.
OPERATOR_TYPES: dict[str, str] = {
    Op.POLICE: "government",
    Op.TRANSPORT: "government",
    Op.GOVERNMENT: "government",
    Op.HOUSING: "government",
    Op.MTR: "public",
    Op.PRIVATE: "private",
    Op.UNKNOWN: "",
}

# Every tag to_tags can write, in a stable order (the CSV export's columns).
TAG_KEYS: tuple[str, ...] = (
    "man_made",
    "surveillance",
    "surveillance:type",
    "surveillance:zone",
    "surveillance:brand",
    "camera:type",
    "camera:mount",
    "camera:direction",
    "camera:angle",
    "operator",
    "operator:type",
)


def tags_for(
    kind: str, operator: str, mount: str, direction: int | None = None, field_of_view: int | None = None
) -> dict[str, str]:
    """OSM tags for camera attributes; exports call this on plain rows."""
    tags = {"man_made": "surveillance", "surveillance": "public"}
    tags.update(KIND_TAGS[kind])
    tags["surveillance:zone"] = ZONE_BY_KIND.get(kind, "street")
    if OPERATOR_NAMES[operator]:
        tags["operator"] = OPERATOR_NAMES[operator]
    if OPERATOR_TYPES[operator]:
        tags["operator:type"] = OPERATOR_TYPES[operator]
    if operator == Op.PRIVATE and tags["surveillance"] == "public":
        tags["surveillance"] = "outdoor"
    if MOUNT_TAGS[mount]:
        tags["camera:mount"] = MOUNT_TAGS[mount]
    if direction is not None:
        tags["camera:direction"] = str(direction)
    if field_of_view is not None:
        tags["camera:angle"] = str(field_of_view)
    return tags


def to_tags(camera: Camera) -> dict[str, str]:
    """OSM tags for a camera."""
    return tags_for(camera.kind, camera.operator, camera.mount, camera.direction, camera.field_of_view)


class TagError(ValueError):
    """Tags that cannot be read as a camera."""


_MOUNT_BY_TAG = {v: k for k, v in MOUNT_TAGS.items() if v}
_MOUNT_BY_TAG.update({"street_lamp": M.POLE, "lamppost": M.POLE, "traffic_signal": M.TRAFFIC_SIGNAL})
_CAMERA_TYPE = {"fixed": K.FIXED, "dome": K.DOME, "panning": K.PTZ}


def _operator_from(value: str, operator_type: str = "") -> str:
    low = value.lower()
    if not low:
        return Op.PRIVATE if operator_type.lower() in ("private", "business", "commercial") else Op.UNKNOWN
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
    if tags is None:
        tags = {}
    if not isinstance(tags, dict):
        raise TagError("tags are not an object")
    tags = {str(k): str(v) for k, v in tags.items()}
    if tags.get("man_made") != "surveillance" and "surveillance:type" not in tags:
        raise TagError("not tagged man_made=surveillance")
    stype = tags.get("surveillance:type", "camera").lower()
    if stype not in ("camera", "alpr", "anpr"):
        raise TagError(f"surveillance:type={tags['surveillance:type']!r} is not a camera")

    operator = _operator_from(tags.get("operator", ""), tags.get("operator:type", ""))
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
