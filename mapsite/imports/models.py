from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mapsite.core.locking import LockingQuerySet


class ImportBatch(models.Model):
    """One run of import_cameras: the file, its source and terms, and what it did.

    Every imported camera points at the batch that created it; what later
    batches changed is in the cameras' audit entries, which carry the batch id
    (after["import_batch"]), so a batch can be undone.
    """

    source_name = models.CharField(_("source"), max_length=200, db_index=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    # Published by the camera operator itself: its cameras show as verified by their source.
    is_official = models.BooleanField(_("published by the operator"), default=False)
    # The date the list stood at, to the month ("list of August 2019"), if known.
    list_date = models.DateField(_("list date"), null=True, blank=True)
    licence = models.CharField(_("licence"), max_length=200)
    attribution = models.TextField(_("attribution"))
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_format = models.CharField(_("file format"), max_length=20)
    sha256 = models.CharField(_("file SHA-256"), max_length=64, db_index=True)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    # Who ran it: a moderator, or nobody (the command line). Never shown publicly by name.
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="import_batches"
    )
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    retired_count = models.PositiveIntegerField(_("retired"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    duplicate_count = models.PositiveIntegerField(_("duplicates"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected"), default=0)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undo_note = models.TextField(_("undo note"), blank=True)

    objects = LockingQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"#{self.pk} {self.source_name}"

    @property
    def list_month(self) -> str:
        return formats.date_format(self.list_date, "YEAR_MONTH_FORMAT") if self.list_date else ""

    @property
    def provenance(self) -> str:
        """How a camera of this batch is credited: "Published by the Transport Department (list of August 2019)"."""
        # A known publisher's name is in the catalogue (imports/services.py marks it); another
        # stays as the batch gave it.
        publisher = gettext(self.publisher)
        if self.is_official and self.list_date:
            return _("Published by the %(publisher)s (list of %(month)s)") % {
                "publisher": publisher,
                "month": self.list_month,
            }
        if self.is_official:
            return _("Published by the %(publisher)s") % {"publisher": publisher}
        return _("Imported from %(dataset)s") % {"dataset": self.source_name}
