"""Public camera features: the only place that decides what a camera shows publicly.

Never the reporter, never a time of day. The map's tiles, the cameras API, the
report flow and the exports all build their features here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation

# The columns a public feature is built from: fetched with .values() so a
# large viewport never builds model instances.
PUBLIC_FIELDS = (
    "id",
    "latitude",
    "longitude",
    "kind",
    "operator",
    "mount",
    "status",
    "direction",
    "field_of_view",
    "notes",
    "reported_at",
    "last_confirmed_at",
    "confirm_count",
    "dispute_count",
    "source",
    "import_batch_id",
)

_url_templates: dict[tuple[str, str], str] = {}


def detail_url_template() -> str:
    """The camera page URL with "{pk}" for the id. The API is language-neutral, so the link is
    the default-language (unprefixed) page; reversed once per process and script prefix."""
    key = (get_script_prefix(), str(get_urlconf() or settings.ROOT_URLCONF))
    if key not in _url_templates:
        with translation.override(settings.LANGUAGE_CODE):
            _url_templates[key] = url_template("cameras:detail", pk=987654321)
    return _url_templates[key]


def url_template(viewname: str, **samples: object) -> str:
    """A reversed URL with "{name}" where each keyword argument goes, in the active language.

    The one placeholder style for every URL the pages' scripts fill in (common.js fillUrl) and
    for str.format here. Each sample must suit its converter and occur nowhere else in the URL.
    """
    url = reverse(viewname, kwargs=samples)
    for name, sample in samples.items():
        url = url.replace(str(sample), f"{{{name}}}")
    return url


def _utc(value: dt.datetime | str | None) -> dt.datetime | None:
    """An aware datetime from a database value: raw SQLite rows hand back naive UTC (or text)."""
    if value is None or (isinstance(value, dt.datetime) and value.tzinfo is not None):
        return value
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


class PublicFeatures:
    """Builds public camera Features: the only place that decides what a camera shows publicly.

    Rows are sequences in PUBLIC_FIELDS order (values_list or a raw cursor). The
    per-response work (the detail URL, the clock, the time zone, the stale cutoff)
    is done once here, not per feature: a dense map tile builds tens of features
    and their cost is most of the tile's.
    """

    def __init__(self, now: dt.datetime | None = None) -> None:
        self.url_template = detail_url_template()
        self.tz = timezone.get_current_timezone()
        self.stale_before = (now or timezone.now()) - dt.timedelta(days=settings.STALE_AFTER_DAYS)
        self._publishers: dict[int, dict | None] = {}

    def published_by(self, batch_id: int | None) -> dict | None:
        """Who published an official camera's list, and its date: read once per batch and response,
        and only when a response has an official camera at all."""
        if batch_id is None:
            return None
        if batch_id not in self._publishers:
            from mapsite.imports.models import ImportBatch

            batch = ImportBatch.objects.filter(pk=batch_id).values("publisher", "list_date").first()
            self._publishers[batch_id] = batch and {
                "publisher": batch["publisher"],
                "list_date": batch["list_date"].strftime("%Y-%m") if batch["list_date"] else None,
            }
        return self._publishers[batch_id]

    def day(self, value: dt.datetime | None) -> str | None:
        """The local calendar day only: public output never carries a time of day."""
        return value.astimezone(self.tz).date().isoformat() if value else None

    def __call__(self, row: Sequence[Any]) -> dict[str, Any]:
        """One camera row as a GeoJSON Feature with public properties only."""
        (pk, latitude, longitude, kind, operator, mount, status, direction, field_of_view, notes,
         reported, confirmed, confirm_count, dispute_count, source, batch_id) = row
        reported, confirmed = _utc(reported), _utc(confirmed)
        return {
            "type": "Feature",
            "id": pk,
            "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
            "properties": {
                "id": pk,
                "kind": kind,
                "operator": operator,
                "mount": mount,
                "status": status,
                "direction": direction,
                "field_of_view": field_of_view,
                "notes": notes,
                "reported_on": self.day(reported),
                "last_confirmed_on": self.day(confirmed),
                "stale": (confirmed or reported) < self.stale_before,
                "confirm_count": confirm_count,
                "dispute_count": dispute_count,
                # Provenance: resident, import, moderator or demo (Camera.Source).
                "source": source,
                # For cameras published by their operator: {"publisher", "list_date" (YYYY-MM)}.
                "published_by": self.published_by(batch_id) if source == "official" else None,
                "url": self.url_template.format(pk=pk),
            },
        }


def features(rows: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
    """Features for rows in PUBLIC_FIELDS order."""
    build = PublicFeatures()
    return [build(row) for row in rows]
