"""Merging a duplicate into the camera that is kept, and undoing it.

The merge's audit entries carry in `after["moved"]` exactly what moved (vote and
photo ids, votes dropped with their contents, duplicate pointers rewritten), so an
undo moves those back and nothing else: votes cast on the survivor since stay there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mapsite.audit.models import AuditEntry
from mapsite.audit.services import record, snapshot
from mapsite.cameras.models import Camera, position_fields
from mapsite.core.errors import Conflict, ServiceError
from mapsite.moderation.services import SNAPSHOT_FIELDS, conditional_update, lock
from mapsite.photos.models import Photo
from mapsite.votes import rules
from mapsite.votes.models import Vote
from mapsite.votes.services import apply_tally

# What the moderator picks between, field by field; "position" is latitude and longitude together,
# "source" is where the record came from (a resident, an import, demo data) and who reported it.
PICKABLE = {
    "position": gettext_lazy("Position"),
    "kind": gettext_lazy("Kind"),
    "operator": gettext_lazy("Operator"),
    "mount": gettext_lazy("Mount"),
    "direction": gettext_lazy("Direction"),
    "field_of_view": gettext_lazy("Field of view"),
    "notes": gettext_lazy("Notes"),
    "source": gettext_lazy("Source"),
}
# The survivor's fields a merge may change, all restored by an undo.
MERGE_SNAPSHOT = (*SNAPSHOT_FIELDS, "source", "is_demo", "reporter_id", "last_confirmed_at")
_VOTE_FIELDS = (
    "id", "camera_id", "user_id", "kind", "reason", "duplicate_of_id", "suggested_latitude", "suggested_longitude",
    "suggested_kind", "suggested_operator", "suggested_direction", "comment", "created_at", "updated_at",
)


def _merge_snap(camera: Camera) -> dict:
    return snapshot(camera, MERGE_SNAPSHOT)


def default_picks(duplicate: Camera, survivor: Camera) -> set[str]:
    """The fields where the duplicate wins unless the moderator says otherwise: its
    source when it is a resident's report and the kept camera is demo data or an import."""
    resident = duplicate.source == Camera.Source.RESIDENT and not duplicate.is_demo
    return {"source"} if resident and (survivor.is_demo or survivor.source != Camera.Source.RESIDENT) else set()


def _taken(duplicate: Camera, survivor: Camera, take: set[str]) -> dict:
    """The survivor's new values for the fields where the duplicate's win."""
    changes = {}
    for name in take:
        if name == "position":
            changes.update(latitude=duplicate.latitude, longitude=duplicate.longitude)
            changes.update(position_fields(duplicate.latitude, duplicate.longitude, district=duplicate.district))
        elif name == "source":
            # A real sighting is real: demo is cleared only when the resident's record wins.
            changes.update(source=duplicate.source, is_demo=duplicate.is_demo)
            if survivor.reporter_id is None:
                changes["reporter_id"] = duplicate.reporter_id
        else:
            changes[name] = getattr(duplicate, name)
    return changes


@dataclass
class MergeResult:
    survivor: Camera
    duplicate: Camera
    votes_moved: int
    votes_dropped: int
    photos_moved: int


def merge(
    camera_id: int, version: int, into_id: int, *, actor, reason: str = "", take: Iterable[str] | None = None
) -> MergeResult:
    """Merge a duplicate into the survivor: votes and photos move, each resident
    keeps one vote (their latest), counts are recomputed, the fields named in `take`
    come from the duplicate, and the duplicate leaves the public map, pointing at the survivor."""
    if camera_id == into_id:
        raise ServiceError(_("A camera cannot be merged into itself."))
    with transaction.atomic():
        locked = lock(camera_id, version, into_id)
        duplicate = locked[camera_id]
        survivor = locked.get(into_id)
        if survivor is None or not survivor.is_public:
            raise ServiceError(_("The camera to merge into must be one on the map; check its number."))
        take = default_picks(duplicate, survivor) if take is None else set(take)
        if take - set(PICKABLE):
            raise ServiceError(_("Unknown field."))

        before_dup, before_surv = _merge_snap(duplicate), _merge_snap(survivor)
        moved = {"votes": [], "dropped": [], "retargeted": [], "photos": [], "remerged": []}
        survivor_votes = {v.user_id: v for v in Vote.objects.filter(camera=survivor)}

        def drop(vote: Vote) -> None:
            moved["dropped"].append(snapshot(vote, _VOTE_FIELDS))
            vote.delete()

        for vote in Vote.objects.filter(camera=duplicate).order_by("pk"):
            resolved = vote.reason == Vote.Reason.DUPLICATE and vote.duplicate_of_id == survivor.pk
            if resolved or (survivor.reporter_id is not None and vote.user_id == survivor.reporter_id):
                drop(vote)
                continue
            other = survivor_votes.get(vote.user_id)
            if other is not None:
                if vote.updated_at <= other.updated_at:
                    drop(vote)
                    continue
                drop(other)
            vote.camera = survivor
            vote.save(update_fields=["camera"])
            survivor_votes[vote.user_id] = vote
            moved["votes"].append(vote.pk)
        # Disputes saying the survivor duplicates this camera are settled too.
        for vote in Vote.objects.filter(camera=survivor, reason=Vote.Reason.DUPLICATE, duplicate_of=duplicate):
            drop(vote)
        pointing = Vote.objects.filter(duplicate_of=duplicate)
        moved["retargeted"] = list(pointing.values_list("pk", flat=True))
        pointing.update(duplicate_of=survivor)
        photos = Photo.objects.filter(camera=duplicate)
        moved["photos"] = list(photos.values_list("pk", flat=True))
        photos.update(camera=survivor)
        # Earlier merges into the duplicate now lead straight to the survivor.
        earlier = Camera.objects.filter(merged_into=duplicate)
        moved["remerged"] = list(earlier.values_list("pk", flat=True))
        earlier.update(merged_into=survivor)

        conditional_update(duplicate, version, merged_into=survivor, flagged=False, moderator_decided=True,
                           confirm_count=0, dispute_count=0)
        seen = [t for t in (survivor.last_confirmed_at, duplicate.last_confirmed_at) if t is not None]
        conditional_update(survivor, survivor.version, last_confirmed_at=max(seen) if seen else None,
                           **_taken(duplicate, survivor, take))
        apply_tally(survivor)
        survivor.refresh_from_db()
        details = {
            "votes_moved": len(moved["votes"]), "votes_dropped": len(moved["dropped"]),
            "photos_moved": len(moved["photos"]), "taken": sorted(take), "moved": moved,
        }
        record(duplicate, AuditEntry.Action.MERGED, actor=actor, role=AuditEntry.Role.MODERATOR, reason=reason,
               before=before_dup, after={**_merge_snap(duplicate), "merged_into": survivor.pk, **details})
        record(survivor, AuditEntry.Action.MERGED, actor=actor, role=AuditEntry.Role.MODERATOR, reason=reason,
               before=before_surv, after={**_merge_snap(survivor), "merged_from": duplicate.pk, **details})
    return MergeResult(survivor, duplicate, details["votes_moved"], details["votes_dropped"], details["photos_moved"])


def _restore_fields(snap_before: dict, names: Iterable[str]) -> dict:
    out = {}
    for name in names:
        value = snap_before[name]
        out[name] = parse_datetime(value) if name == "last_confirmed_at" and value else value
    return out


def undo_merge(entry: AuditEntry, *, actor, reason: str) -> Camera:
    """Bring the duplicate back with what moved, and the survivor's own fields back.
    Runs inside the caller's transaction; refused if either camera changed since."""
    after = entry.after
    dup_id = entry.camera_id if after.get("merged_into") else after.get("merged_from")
    surv_id = after.get("merged_into") or entry.camera_id
    if "moved" not in after or dup_id is None:
        raise Conflict(_("This merge was recorded before merges could be undone; undo it by hand."))
    dup_entry = AuditEntry.objects.filter(camera_id=dup_id, action=AuditEntry.Action.MERGED,
                                          after__merged_into=surv_id).order_by("-pk").first()
    surv_entry = AuditEntry.objects.filter(camera_id=surv_id, action=AuditEntry.Action.MERGED,
                                           after__merged_from=dup_id).order_by("-pk").first()
    if dup_entry is None or surv_entry is None:
        raise Conflict(_("This merge was recorded before merges could be undone; undo it by hand."))
    locked = Camera.objects.lock(dup_id, surv_id)
    duplicate, survivor = locked.get(dup_id), locked.get(surv_id)
    if duplicate is None or survivor is None:
        raise Conflict(_("One of the merged cameras no longer exists."))
    if duplicate.version != dup_entry.after["version"] or survivor.version != surv_entry.after["version"]:
        raise Conflict(_("A moderator changed one of these cameras after the merge; undo those changes first."))
    moved = after["moved"]
    before_dup, before_surv = _merge_snap(duplicate), _merge_snap(survivor)

    # Dropped votes come back first: a moved vote may have replaced one of the survivor's.
    Vote.objects.filter(pk__in=moved["votes"], camera=survivor).update(camera=duplicate)
    for data in moved["dropped"]:
        fields = {k: v for k, v in data.items() if k not in ("created_at", "updated_at")}
        taken = Vote.objects.filter(camera_id=fields["camera_id"], user_id=fields["user_id"]).exists()
        if not taken and not Vote.objects.filter(pk=fields["id"]).exists():
            Vote.objects.create(**fields, created_at=parse_datetime(data["created_at"]),
                                updated_at=parse_datetime(data["updated_at"]))
    Vote.objects.filter(pk__in=moved["retargeted"], duplicate_of=survivor).update(duplicate_of=duplicate)
    Photo.objects.filter(pk__in=moved["photos"], camera=survivor).update(camera=duplicate)
    Camera.objects.filter(pk__in=moved["remerged"], merged_into=survivor).update(merged_into=duplicate)

    old_dup, old_surv = dup_entry.before, surv_entry.before
    conditional_update(duplicate, duplicate.version, merged_into=None,
                       **_restore_fields(old_dup, ("status", "flagged", "moderator_decided")))
    restored = ("status", "flagged", "moderator_decided", "kind", "operator", "mount", "direction", "field_of_view",
                "notes", "latitude", "longitude", "source", "is_demo", "reporter_id", "last_confirmed_at")
    changes = _restore_fields(old_surv, restored)
    changes.update(position_fields(changes["latitude"], changes["longitude"]))
    conditional_update(survivor, survivor.version, **changes)
    # Counts from the votes as they now stand (residents may have voted since); statuses as they were.
    for camera in (duplicate, survivor):
        t = rules.tally(camera)
        Camera.objects.filter(pk=camera.pk).update(confirm_count=t.confirms, dispute_count=t.disputes)
        camera.refresh_from_db()
    for camera, before_state, source in ((duplicate, before_dup, dup_entry), (survivor, before_surv, surv_entry)):
        record(camera, AuditEntry.Action.UNDONE, actor=actor, role=AuditEntry.Role.MODERATOR, reason=reason,
               before=before_state, after={**_merge_snap(camera), "undo_of": source.pk,
                                           "undid": AuditEntry.Action.MERGED})
    return duplicate

