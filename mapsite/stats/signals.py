"""Camera.verified_at follows the audit log: every verification (by a moderator or by
residents' votes) is written through mapsite.audit.services.record inside the service's
transaction, so copying the entry's time here keeps the camera row, and through the
triggers the monthly counts, in step with it. An undone verification leaves the time
behind, harmlessly: only verified cameras are counted as verified."""

from __future__ import annotations


def copy_verified_at(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    from mapsite.audit.models import AuditEntry
    from mapsite.cameras.models import Camera

    verifying = (AuditEntry.Action.VERIFIED, AuditEntry.Action.VERIFIED_BY_RESIDENTS)
    if not created or raw or instance.camera_id is None or instance.action not in verifying:
        return

    Camera.objects.filter(pk=instance.camera_id).update(verified_at=instance.created_at)
