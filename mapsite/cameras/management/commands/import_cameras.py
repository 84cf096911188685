from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mapsite.cameras.importing import IMPORTABLE_STATUSES, ImportFileError, import_file
from mapsite.cameras.models import Camera


def _month_or_day(value: str) -> dt.date:
    """'2019-08' or '2019-08-30': the date a list stood at."""
    try:
        parts = [int(p) for p in value.split("-")]
        return dt.date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError) as exc:
        raise CommandError(f"--list-date {value!r} is not YYYY-MM or YYYY-MM-DD") from exc


class Command(BaseCommand):
    help = (
        "Import cameras from a GeoJSON FeatureCollection of points with OSM surveillance tags, "
        "an Overpass API JSON export, or the Transport Department's camera list (XML, CSV or JSON). "
        "The format is read from the content. Each import is a batch; undo one with undo_import."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="GeoJSON, Overpass JSON, or a camera list as XML, CSV or JSON")
        parser.add_argument(
            "--status",
            choices=[str(s) for s in IMPORTABLE_STATUSES],
            default=Camera.Status.PENDING,
            help="status of OpenStreetMap cameras created (default: pending; official lists are verified)",
        )
        parser.add_argument("--dry-run", action="store_true", help="report what would happen; change nothing")
        parser.add_argument("--source", help="the source's name (re-imports of a source update its cameras)")
        parser.add_argument("--publisher", help="who publishes the data")
        parser.add_argument("--licence", help="the licence the data comes under")
        parser.add_argument("--attribution", help="the attribution the licence asks for")
        parser.add_argument("--url", help="where the data is published")
        parser.add_argument(
            "--once", action="store_true", help="do nothing if this very file was ever imported (even if undone)"
        )
        parser.add_argument("--list-date", help="the date the list stood at, YYYY-MM or YYYY-MM-DD")

    def handle(self, *args, file: str, status: str, dry_run: bool, **options) -> None:
        started = time.perf_counter()
        source = {
            "name": options["source"],
            "publisher": options["publisher"],
            "licence": options["licence"],
            "attribution": options["attribution"],
            "url": options["url"],
        }
        list_date = _month_or_day(options["list_date"]) if options["list_date"] else None
        try:
            report = import_file(
                file, status=status, dry_run=dry_run, source=source, list_date=list_date, once=options["once"]
            )
        except ImportFileError as exc:
            for rejection in exc.rejected:
                self.stdout.write(f"rejected {rejection}")
            raise CommandError(f"Nothing imported: {exc}") from exc
        elapsed = time.perf_counter() - started
        if report.already is not None:
            self.stdout.write(self.style.SUCCESS(
                f"Already imported as batch #{report.already.pk} ({report.already.source_name}): nothing changed."
            ))
            return
        for rejection in report.rejected:
            self.stdout.write(f"rejected {rejection}")
        for note in report.notes:
            self.stdout.write(f"near {note}")
        verb = "Would create" if dry_run else "Created"
        summary = (
            f"{verb} {report.created}, skipped {report.duplicates} as duplicates, "
            f"rejected {len(report.rejected)} ({elapsed:.1f} s)."
        )
        if report.updated or report.retired or report.unchanged:
            summary += f" Updated {report.updated}, retired {report.retired}, unchanged {report.unchanged}."
        if dry_run:
            summary += " Dry run: nothing was changed."
        elif report.batch is not None:
            summary += f" Batch #{report.batch.pk}."
        self.stdout.write(self.style.SUCCESS(summary))
