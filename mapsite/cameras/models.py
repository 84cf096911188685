from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mapsite.core.locking import LockingQuerySet
from mapsite.lib.quadkeys import quadkey


def position_fields(latitude: float, longitude: float, *, district=None) -> dict:
    """What a position decides: the quadkey and the district. The one place they are derived.

    `district` may be passed when the caller has already found it (a form, a
    vectorised import); otherwise it is looked up, raising OutsideHongKong.
    """
    if district is None:
        from mapsite.districts.lookup import district_at

        district = district_at(latitude, longitude)
    return {"qk": quadkey(longitude, latitude), "district": district}


class CameraQuerySet(LockingQuerySet):
    def public(self) -> CameraQuerySet:
        """Cameras anyone may see: reported or verified, not merged away, and published."""
        return self.filter(status__in=Camera.PUBLIC_STATUSES, merged_into__isnull=True, published_at__isnull=False)

    def pending_by_priority(self) -> CameraQuerySet:
        """Pending cameras in the order moderators should look at them: those
        residents confirm most (net of disputes) first, then the oldest. Votes
        from new accounts count here, though they cannot verify anything."""
        return (
            self.filter(status=Camera.Status.PENDING, merged_into__isnull=True)
            .annotate(priority=models.F("confirm_count") - models.F("dispute_count"))
            .order_by("-priority", "reported_at", "pk")
        )

    def with_district(self) -> CameraQuerySet:
        """Each camera's district in the same query, without the district's shapes."""
        from mapsite.districts.models import District

        return self.select_related("district").defer(*District.shapes_via("district"))

    def in_bbox(self, min_lon: float, min_lat: float, max_lon: float, max_lat: float) -> CameraQuerySet:
        return self.filter(latitude__gte=min_lat, latitude__lte=max_lat, longitude__gte=min_lon, longitude__lte=max_lon)

    def near(self, lat: float, lon: float, radius_m: float) -> list[tuple[float, Camera]]:
        """(distance, camera) pairs within radius_m, nearest first."""
        from mapsite.lib.geo import degree_box, haversine_m

        s, w, n, e = degree_box(lat, lon, radius_m)
        found = []
        for cam in self.in_bbox(w, s, e, n):
            d = haversine_m(lat, lon, cam.latitude, cam.longitude)
            if d <= radius_m:
                found.append((d, cam))
        return sorted(found, key=lambda pair: pair[0])


# The moderation queue's two camera tabs (mapsite/moderation/queue.py tab_cameras), for its partial indexes.
QUEUE_PENDING = models.Q(status="pending", merged_into__isnull=True, flagged=False)
QUEUE_FLAGGED = models.Q(flagged=True, merged_into__isnull=True)


class Camera(models.Model):
    """One physical camera. Reports of the same camera are votes on this record,
    never new rows."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")
        REMOVED = "removed", _("Removed")

    class Kind(models.TextChoices):
        FIXED = "fixed", _("Fixed / bullet")
        DOME = "dome", _("Dome")
        PTZ = "ptz", _("Pan-tilt-zoom")
        ANPR = "anpr", _("Licence-plate reader (ANPR)")
        SMARTVIEW = "smartview", _("Police SmartView unit")
        TRAFFIC = "traffic", _("Traffic camera")
        UNKNOWN = "unknown", _("Unknown")

    class Operator(models.TextChoices):
        POLICE = "police", _("Police")
        TRANSPORT = "transport", _("Transport Department")
        GOVERNMENT = "government", _("Other government")
        HOUSING = "housing", _("Housing Authority")
        MTR = "mtr", _("MTR")
        PRIVATE = "private", _("Private")
        UNKNOWN = "unknown", _("Unknown")

    class Mount(models.TextChoices):
        POLE = "pole", _("Pole or lamppost")
        WALL = "wall", _("Wall")
        CEILING = "ceiling", _("Ceiling")
        TRAFFIC_SIGNAL = "traffic_signal", _("Traffic signal")
        BUILDING = "building", _("Building")
        OTHER = "other", _("Other")
        UNKNOWN = "unknown", _("Unknown")

    class Source(models.TextChoices):
        RESIDENT = "resident", _("Reported by a resident")
        IMPORT = "import", _("Imported")
        # From a list its operator publishes (the Transport Department's): verified by its source.
        OFFICIAL = "official", _("Published by its operator")
        MODERATOR = "moderator", _("Entered by a moderator")
        DEMO = "demo", _("Demo data")

    PUBLIC_STATUSES = (Status.PENDING, Status.VERIFIED)

    latitude = models.FloatField(_("latitude"), db_index=True)
    longitude = models.FloatField(_("longitude"), db_index=True)
    # Web Mercator quadkey at mapsite.lib.quadkeys.QK_ZOOM: any map tile is one
    # contiguous range of it (see mapsite/lib/quadkeys.py).
    qk = models.BigIntegerField(db_index=True, editable=False)
    district = models.ForeignKey(
        "districts.District", verbose_name=_("district"), on_delete=models.PROTECT, related_name="cameras"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.UNKNOWN)
    operator = models.CharField(_("operator"), max_length=10, choices=Operator.choices, default=Operator.UNKNOWN)
    mount = models.CharField(_("mount"), max_length=14, choices=Mount.choices, default=Mount.UNKNOWN)
    direction = models.PositiveSmallIntegerField(_("direction (degrees)"), null=True, blank=True)
    field_of_view = models.PositiveSmallIntegerField(_("field of view (degrees)"), null=True, blank=True)
    notes = models.TextField(_("notes"), max_length=1000, blank=True)

    reported_at = models.DateTimeField(_("reported"), default=timezone.now)
    # When the camera became public: the publication window it went out in (mapsite.publication).
    # None while a resident's report waits for the next window, so nothing public (counters, tiles,
    # the data version) moves between windows. Cameras not from residents are published at once.
    published_at = models.DateTimeField(_("published"), null=True, blank=True, default=timezone.now)
    last_confirmed_at = models.DateTimeField(_("last confirmed"), null=True, blank=True)
    # When a moderator or residents last verified it: the time of that audit entry, copied here by
    # mapsite.stats (signals.py) so the monthly counters read it from the camera row. None for cameras
    # verified by their source on import: those count as verified from their publication.
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True, editable=False)
    # Never shown publicly; kept so a resident sees their own sightings and
    # cannot vote on them. SET_NULL so deleting an account deletes the link.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="reported_cameras"
    )
    source = models.CharField(max_length=9, choices=Source.choices, default=Source.RESIDENT)
    is_demo = models.BooleanField(_("demo data"), default=False, db_index=True)
    # The external key in the source's own list (OSM "node/123", the Transport Department's "H429F").
    import_ref = models.CharField(max_length=64, blank=True, db_index=True)
    # The batch that created this camera (mapsite.imports); later batches' changes are in its audit entries.
    import_batch = models.ForeignKey(
        "imports.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="cameras"
    )
    # A link the source gives for the camera (a snapshot image): shown as a link, never fetched.
    source_link = models.URLField(max_length=500, blank=True)
    # A random token carried by the submission form: a double submit of the
    # same form hits the unique constraint instead of creating a second camera.
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # Plausibility warning codes found at submission (mapsite/sightings/plausibility.py):
    # shown to the reporter and moderators, never a reason to refuse.
    warnings = models.JSONField(default=list, blank=True, editable=False)

    # Verification state (maintained by the votes and moderation services).
    confirm_count = models.PositiveIntegerField(default=0)
    dispute_count = models.PositiveIntegerField(default=0)
    flagged = models.BooleanField(default=False, db_index=True)
    moderator_decided = models.BooleanField(default=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    # Bumped on every moderator change; a conditional update on it turns a
    # concurrent second action into a clear conflict instead of an overwrite.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CameraQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_at"]
        verbose_name = _("camera")
        verbose_name_plural = _("cameras")
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="camera_lat_lon_idx"),
            models.Index(fields=["status", "qk"], name="camera_status_qk_idx"),
            # A reporter's recent reports (the plausibility check's cluster, an account's pending count),
            # on every submission: with no ANALYZE statistics SQLite would otherwise walk the
            # single-column longitude index over a band of the whole table (100 ms at a million).
            # Partial: imported and detached rows have no reporter, so an import never writes to it.
            models.Index(fields=["reporter", "reported_at"], condition=models.Q(reporter__isnull=False),
                         name="camera_reporter_recent_idx"),
            models.Index(fields=["district", "status"], name="camera_district_status_idx"),
            # The moderation queue (mapsite/moderation/queue.py): its orders and filters, one partial index
            # each over a tab's rows. Each holds the equalities every queue query has (status, merged_into)
            # before its order: with no ANALYZE statistics (SQLite's usual state: migrations drop them) the
            # planner ranks indexes by how many equalities they match, and would otherwise read
            # camera_status_qk_idx and sort the whole tab (queue.py's tab_lead names them in the ORDER BY
            # for PostgreSQL). is_demo rides along so the default "no demo data" filter and the capped tab
            # counts are read from the index alone.
            # The oldest-first walk also carries what the filters no index leads with test (counts, reporter,
            # source), so a filter that matches few rows is checked without reading the table.
            models.Index(fields=["status", "merged_into", "reported_at", "id", "is_demo", "confirm_count",
                                 "dispute_count", "reporter", "source"], condition=QUEUE_PENDING,
                         name="camera_pending_oldest_idx"),
            models.Index(fields=["status", "merged_into", "-confirm_count", "reported_at", "id", "is_demo"],
                         condition=QUEUE_PENDING, name="camera_pending_confirmed_idx"),
            models.Index(fields=["status", "merged_into", "-dispute_count", "reported_at", "id", "is_demo"],
                         condition=QUEUE_PENDING, name="camera_pending_disputed_idx"),
            models.Index("status", "merged_into",
                         models.OrderBy(models.F("confirm_count") - models.F("dispute_count"), descending=True),
                         "reported_at", "id", "is_demo", condition=QUEUE_PENDING, name="camera_pending_priority_idx"),
            # A filter's own column first: PostgreSQL leaves out of an index's search the conditions its
            # partial WHERE implies (status, merged_into), so a column after them could not be sought.
            models.Index(fields=["district", "status", "merged_into", "reported_at", "id", "is_demo"],
                         condition=QUEUE_PENDING, name="camera_pending_district_idx"),
            models.Index(fields=["kind", "operator", "status", "merged_into", "reported_at", "id", "is_demo"],
                         condition=QUEUE_PENDING, name="camera_pending_kind_idx"),
            # The trust filter's IN list of reporters (a level few accounts hold), and its capped count.
            models.Index(fields=["reporter", "status", "merged_into", "reported_at", "id", "is_demo"],
                         condition=QUEUE_PENDING, name="camera_pending_reporter_idx"),
            # "Nearest to a point": a latitude band around the point (queue.py's widening box).
            models.Index(fields=["status", "merged_into", "latitude", "longitude", "is_demo"],
                         condition=QUEUE_PENDING, name="camera_pending_place_idx"),
            models.Index(fields=["merged_into", "reported_at", "id", "is_demo"], condition=QUEUE_FLAGGED,
                         name="camera_flagged_oldest_idx"),
            models.Index(fields=["district", "merged_into", "reported_at", "id", "is_demo"], condition=QUEUE_FLAGGED,
                         name="camera_flagged_district_idx"),
            # districts/stats.official_counts, on every district list and districts.geojson rebuild:
            # a few thousand official cameras among a million would otherwise mean a scan.
            models.Index(fields=["district"], condition=models.Q(source="official"),
                         name="camera_official_district_idx"),
            # The Atom feeds (mapsite/stats/feeds.py): the latest published and verified cameras,
            # everywhere and per district, as index walks of a few dozen rows.
            models.Index(fields=["published_at", "id"], name="camera_published_idx"),
            models.Index(fields=["district", "published_at", "id"], name="camera_district_published_idx"),
            models.Index(fields=["verified_at", "id"], condition=models.Q(verified_at__isnull=False),
                         name="camera_verified_idx"),
            models.Index(fields=["district", "verified_at", "id"], condition=models.Q(verified_at__isnull=False),
                         name="camera_district_verified_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90), name="camera_latitude_range"
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__gte=-180, longitude__lte=180), name="camera_longitude_range"
            ),
            models.CheckConstraint(
                condition=models.Q(direction__isnull=True) | models.Q(direction__gte=0, direction__lt=360),
                name="camera_direction_range",
            ),
            models.CheckConstraint(
                condition=models.Q(field_of_view__isnull=True) | models.Q(field_of_view__gte=1, field_of_view__lte=360),
                name="camera_field_of_view_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    def save(self, *args, **kwargs):
        position = (self.latitude, self.longitude)
        moved = getattr(self, "_loaded_position", position) != position
        known = self.district if self.district_id is not None and not moved else None
        for name, value in position_fields(self.latitude, self.longitude, district=known).items():
            setattr(self, name, value)
        self._loaded_position = position
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and ({"latitude", "longitude"} & set(update_fields)):
            kwargs["update_fields"] = set(update_fields) | {"qk", "district"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("cameras:detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        camera = super().from_db(db, field_names, values)
        # Remembered so save() knows whether the pin moved since it was read.
        camera._loaded_position = (camera.__dict__.get("latitude"), camera.__dict__.get("longitude"))
        return camera

    @property
    def status_is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES and self.merged_into_id is None and self.published_at is not None

    def is_reported_by(self, user) -> bool:
        """Whether `user` is this camera's reporter: a signed-in account only. A camera with no
        reporter (the account was erased, or it was imported) is nobody's, not an anonymous visitor's."""
        return (
            user is not None and user.is_authenticated and self.reporter_id is not None and self.reporter_id == user.pk
        )

    @property
    def dataset(self) -> str:
        """The named dataset an imported camera came from ("" for others). Imports are
        OpenStreetMap's without a batch (refs like node/123); other datasets prefix their refs "name:"."""
        if self.source not in (self.Source.IMPORT, self.Source.OFFICIAL):
            return ""
        if self.import_batch_id is not None:
            return self.import_batch.source_name
        return self.import_ref.split(":", 1)[0] if ":" in self.import_ref else "OpenStreetMap"

    @property
    def provenance(self) -> str:
        """Where the camera came from, in words."""
        if self.import_batch_id is not None:
            return self.import_batch.provenance
        if self.source == self.Source.IMPORT:
            return _("Imported from %(dataset)s") % {"dataset": self.dataset}
        return str(self.get_source_display())

    @property
    def is_stale(self) -> bool:
        seen = self.last_confirmed_at or self.reported_at
        return timezone.now() - seen > dt.timedelta(days=settings.STALE_AFTER_DAYS)

    @property
    def reported_on(self) -> dt.date:
        """Public pages show days only, in Hong Kong time."""
        return timezone.localdate(self.reported_at)

    @property
    def last_confirmed_on(self) -> dt.date | None:
        return timezone.localdate(self.last_confirmed_at) if self.last_confirmed_at else None
