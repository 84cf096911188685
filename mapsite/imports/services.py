"""Starting and finishing import batches; the defaults for the known sources."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext_noop

from mapsite.imports.models import ImportBatch


@dataclass(frozen=True)
class SourceInfo:
    """What a batch says about where its file came from."""

    name: str
    publisher: str
    licence: str
    attribution: str
    url: str
    is_official: bool


# Defaults by family of format; the command's options override each field.
KNOWN_SOURCES = {
    "osm": SourceInfo(
        name="OpenStreetMap",
        publisher=gettext_noop("OpenStreetMap contributors"),
        licence="ODbL-1.0",
        attribution="© OpenStreetMap contributors",
        url="https://www.openstreetmap.org/copyright",
        is_official=False,
    ),
    "td": SourceInfo(
        name="Transport Department traffic cameras",
        publisher=gettext_noop("Transport Department"),
        licence="DATA.GOV.HK Terms and Conditions of Use",
        attribution="Source: Transport Department, HKSAR Government / DATA.GOV.HK",
        url="https://data.gov.hk/en-data/dataset/hk-td-tis_2-traffic-snapshot-images",
        is_official=True,
    ),
}


def start_batch(source: SourceInfo, *, file_format: str, sha256: str, path: Path, list_date, run_by):
    return ImportBatch.objects.create(
        source_name=source.name,
        publisher=source.publisher,
        is_official=source.is_official,
        list_date=list_date,
        licence=source.licence,
        attribution=source.attribution,
        source_url=source.url,
        file_name=Path(path).name[:255],
        file_format=file_format,
        sha256=sha256,
        run_by=run_by if getattr(run_by, "is_authenticated", False) else None,
    )


def finish_batch(batch: ImportBatch, report) -> None:
    batch.created_count, batch.updated_count, batch.retired_count = report.created, report.updated, report.retired
    batch.unchanged_count, batch.duplicate_count = report.unchanged, report.duplicates
    batch.rejected_count = len(report.rejected)
    batch.save()
    report.batch = batch
