"""Counters kept by database triggers on cameras_camera (see triggers.py).

The map's zoomed-out tiles and the district counts read these small tables
instead of scanning the cameras: a tile at any zoom costs the same at ten
thousand cameras as at a million. Triggers, not Python code, keep them exact,
so every write path (save, bulk_create, update(), delete, imports, merges, raw
SQL) is covered.
"""

from __future__ import annotations

from django.db import models


class ClusterCell(models.Model):
    """Public cameras in one Web Mercator cell at one of triggers.LEVELS, by status, kind and operator
    (plus a rollup row with kind and operator "*" that counts them all).

    `cell` is the quadkey prefix at `level` (Camera.qk >> 2*(QK_ZOOM - level)).
    Rows whose count fell to zero are kept (and skipped by readers) so the
    triggers never need a delete."""

    level = models.PositiveSmallIntegerField()
    cell = models.BigIntegerField()
    status = models.CharField(max_length=10)
    kind = models.CharField(max_length=10)
    operator = models.CharField(max_length=10)
    count = models.BigIntegerField(default=0)
    sum_lat = models.FloatField(default=0.0)
    sum_lon = models.FloatField(default=0.0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["level", "cell", "status", "kind", "operator"], name="clustercell_unique_key"
            ),
        ]
        indexes = [
            # The unfiltered map reads only the rollup rows. Through the unique key a tile's cell
            # range also walks every kind x operator row (1,600 entries for 32 rollup rows in a
            # dense zoom-14 tile at a million cameras); this index holds the rollup rows alone.
            models.Index(
                fields=["level", "cell", "status"],
                condition=models.Q(kind="*", operator="*"),
                name="clustercell_rollup",
            ),
        ]

    def __str__(self) -> str:
        return f"L{self.level}/{self.cell} {self.status}/{self.kind}/{self.operator}: {self.count}"


class DistrictTally(models.Model):
    """Public cameras per district and status."""

    district = models.ForeignKey("districts.District", on_delete=models.CASCADE, db_constraint=False)
    status = models.CharField(max_length=10)
    count = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["district", "status"], name="districttally_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.district_id}/{self.status}: {self.count}"


class RegionVersion(models.Model):
    """How many times the published cameras of one region changed: a region is a cell of the
    Web Mercator grid at REGION_ZOOM, and `region` its quadkey prefix (Camera.qk >> 2*(QK_ZOOM - REGION_ZOOM)).

    A tile's version is the sum of the versions of the regions it covers (services.tile_version),
    so an edit in Mong Kok changes no Tuen Mun tile's URL or ETag. Versions only go up, so
    that sum does too, and so does the sum over all regions, the site-wide data version.
    The triggers move a region only when a published camera in it changes: at publication
    or a moderator's action, never when a resident's report is merely received."""

    region = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"region {self.region}: v{self.version}"

