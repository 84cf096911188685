"""Audit entries made readable: translated labels for field names and coded values,
and before/after as the fields that changed rather than whole snapshots."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from mapsite.cameras.models import Camera
from mapsite.lib import wording
from mapsite.photos.models import Photo

LABELS = {
    "status": _("Status"),
    "kind": _("Kind"),
    "operator": _("Operator"),
    "mount": _("Mount"),
    "direction": _("Direction (degrees)"),
    "field_of_view": _("Field of view (degrees)"),
    "notes": _("Notes"),
    "latitude": _("Latitude"),
    "longitude": _("Longitude"),
    "district_id": _("District"),
    "flagged": _("Flagged"),
    "moderator_decided": _("Decided by a moderator"),
    "merged_into_id": _("Merged into"),
    "merged_into": _("Merged into"),
    "merged_from": _("Merged from"),
    "confirm_count": _("Confirmations"),
    "dispute_count": _("Disputes"),
    "source": _("Source"),
    "is_demo": _("Demo data"),
    "reporter_id": _("Reporter"),
    "last_confirmed_at": _("Last confirmed"),
    "photo": _("Photo"),
    "votes_moved": _("Votes moved"),
    "votes_dropped": _("Votes dropped"),
    "photos_moved": _("Photos moved"),
    "blurred": _("Regions blurred"),
    "taken": _("Values taken from the merged camera"),
    "undo_of": _("Undoes entry"),
    "undid": _("Undid"),
    "correction": _("Correction suggested by a resident"),
}
# Bookkeeping a moderator does not need to read: the version only orders changes, "moved" is for undo.
HIDDEN = {"version", "moved"}
_CHOICES = {
    "kind": Camera.Kind,
    "operator": Camera.Operator,
    "mount": Camera.Mount,
    "source": Camera.Source,
}


def label(field: str) -> str:
    return str(LABELS.get(field, field.replace("_", " ")))


def value(field: str, raw, *, action: str = "") -> str:
    """A stored value as a moderator reads it."""
    from mapsite.audit.models import AuditEntry

    if raw is None or raw == "":
        return "—"
    if isinstance(raw, bool):
        return str(_("yes") if raw else _("no"))
    if field == "status":
        choices = Photo.Status if action.startswith("photo_") else Camera.Status
        return str(choices(raw).label) if raw in choices.values else str(raw)
    if field in _CHOICES:
        choices = _CHOICES[field]
        return str(choices(raw).label) if raw in choices.values else str(raw)
    if field == "undid":
        return str(AuditEntry.Action(raw).label) if raw in AuditEntry.Action.values else str(raw)
    if field == "district_id":
        from mapsite.districts.lookup import district_names

        return district_names().get(raw) or str(raw)
    if field in ("merged_into_id", "merged_into", "merged_from", "undo_of"):
        return f"#{raw}"
    if field == "taken":
        return wording.items(label(name) for name in raw) or "—"
    if isinstance(raw, dict):
        pairs = (
            wording.labelled(label(k), value(k, v))
            for k, v in raw.items()
            if v not in (None, "")
        )
        return wording.clauses(pairs)
    return str(raw)


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    before: str
    after: str


def changes(entry) -> list[Change]:
    """The fields whose value differs between the entry's before and after (a field only
    in `after` is a detail of the action, such as the number of votes a merge moved)."""
    before, after = entry.before or {}, entry.after or {}
    out = []
    for field in [*before, *(k for k in after if k not in before)]:
        if field in HIDDEN:
            continue
        old, new = before.get(field), after.get(field)
        if field in before and field in after and old == new:
            continue
        out.append(Change(field, label(field), value(field, old, action=entry.action) if field in before else "",
                          value(field, new, action=entry.action) if field in after else ""))
    return out
