from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class _Entry(models.Model):
    """What an entry of the change log says; the triggers write it (mapsite/changes/triggers.py)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")  # became public: published, or brought back
        CHANGED = "changed", _("Changed")  # a public field changed
        VERIFIED = "verified", _("Verified")
        MERGED = "merged", _("Merged")  # into survivor_id
        REJECTED = "rejected", _("Rejected")
        REMOVED = "removed", _("Removed")

    TOMBSTONES = (Kind.MERGED, Kind.REJECTED, Kind.REMOVED)

    # The camera's id, not a foreign key: a deleted camera keeps its tombstone.
    camera_id = models.BigIntegerField(_("camera"))
    kind = models.CharField(_("change"), max_length=8, choices=Kind.choices)
    survivor_id = models.BigIntegerField(_("merged into"), null=True, blank=True)
    day = models.DateField(_("day"))

    class Meta:
        abstract = True

    @staticmethod
    def survivor_only_when_merged(name: str) -> models.CheckConstraint:
        return models.CheckConstraint(
            condition=models.Q(kind="merged", survivor_id__isnull=False)
            | (~models.Q(kind="merged") & models.Q(survivor_id__isnull=True)),
            name=name,
        )


class Change(_Entry):
    """One public change to a camera, written by database triggers (mapsite/changes/triggers.py)
    on every write path. The id is the feed's cursor: entries are only ever appended.

    Only a day is kept, never a time: the order of entries tells what came before what,
    and nothing finer than the day of the change."""

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        constraints = [_Entry.survivor_only_when_merged("change_survivor_only_when_merged")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} camera {self.camera_id}"


class UnnumberedChange(_Entry):
    """On PostgreSQL, an entry written by a transaction that has not yet been given its cursor.

    Writers append here without waiting for one another; the feed's readers move committed
    rows into Change, in the order of this id, and only that move numbers them
    (triggers.number_entries). The check stands here too, so a bad entry fails its writer
    rather than every reader after it."""

    class Meta:
        verbose_name = _("unnumbered change")
        verbose_name_plural = _("unnumbered changes")
        constraints = [_Entry.survivor_only_when_merged("unnumberedchange_survivor_only_when_merged")]

    def __str__(self) -> str:
        return f"{self.kind} camera {self.camera_id}"


class MirrorState(models.Model):
    """Present when this instance is a mirror (manage.py mirror): what it copies and how far it got.

    One row at most. Every step of the command commits its progress here with the data it
    wrote, so an interrupted run continues where it stopped."""

    class Phase(models.TextChoices):
        SNAPSHOT = "snapshot", _("Copying the export")
        FOLLOW = "follow", _("Following the changes")

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    source = models.URLField(_("source"), max_length=500)
    phase = models.CharField(_("phase"), max_length=8, choices=Phase.choices, default=Phase.SNAPSHOT)
    # The source's change cursor reached: in the snapshot phase, the head when it began.
    cursor = models.BigIntegerField(_("cursor"), default=0)
    # The last camera id of the source's export written (its export is ordered by id).
    snapshot_after = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("mirror state")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="mirror_state_one_row")]

    def __str__(self) -> str:
        return self.source


MIRROR_CACHE_KEY = "changes:mirror-of"


def mirror_of() -> str:
    """The source this site mirrors ("" if none): MIRROR_OF, or what manage.py mirror recorded.
    Read from the database at most once a minute per cache, as every page's footer asks."""
    from django.conf import settings
    from django.core.cache import cache

    if settings.MIRROR_OF:
        return settings.MIRROR_OF
    return cache.get_or_set(
        MIRROR_CACHE_KEY, lambda: MirrorState.objects.values_list("source", flat=True).first() or "", 60
    )
