"""The moderation views, by page: the queue, one camera's review, the actions, the audit log."""

from mapsite.moderation.views.actions import (
    apply_correction,
    approve_photo,
    edit,
    merge,
    reject,
    reject_photo,
    remove,
    restore,
    undo_entry,
    verify,
)
from mapsite.moderation.views.audit import audit
from mapsite.moderation.views.queue import bulk, bulk_matching, pending_map, queue
from mapsite.moderation.views.review import camera, merge_picker

__all__ = [
    "apply_correction", "approve_photo", "audit", "bulk", "bulk_matching", "camera", "edit", "merge",
    "merge_picker", "pending_map", "queue", "reject", "reject_photo", "remove", "restore", "undo_entry", "verify",
]
