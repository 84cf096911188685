from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mapsite.cameras.importing import IMPORTABLE_STATUSES, ImportFileError, import_file
from mapsite.cameras.models import Camera


class Command(BaseCommand):
    help = (
        "Import cameras from a GeoJSON FeatureCollection of points with OSM surveillance tags, "
        "or from an Overpass API JSON export."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="GeoJSON or Overpass JSON file")
        parser.add_argument(
            "--status",
            choices=[str(s) for s in IMPORTABLE_STATUSES],
            default=Camera.Status.PENDING,
            help="status of the cameras created (default: pending)",
        )
        parser.add_argument("--dry-run", action="store_true", help="report what would happen; change nothing")

    def handle(self, *args, file: str, status: str, dry_run: bool, **options) -> None:
        started = time.perf_counter()
        try:
            report = import_file(file, status=status, dry_run=dry_run)
        except ImportFileError as exc:
            raise CommandError(f"Nothing imported: {exc}") from exc
        elapsed = time.perf_counter() - started
        for rejection in report.rejected:
            self.stdout.write(f"rejected {rejection}")
        verb = "Would create" if dry_run else "Created"
        summary = (
            f"{verb} {report.created}, skipped {report.duplicates} as duplicates, "
            f"rejected {len(report.rejected)} ({elapsed:.1f} s)."
        )
        if dry_run:
            summary += " Dry run: nothing was changed."
        self.stdout.write(self.style.SUCCESS(summary))
