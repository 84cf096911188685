from django.core.management.base import BaseCommand, CommandError

from mapsite.changes import mirror
from mapsite.changes.api import MAX_LIMIT
from mapsite.changes.models import MirrorState
from mapsite.changes.source import MirrorError


class Command(BaseCommand):
    help = (
        "Build, or bring up to date, a copy of another instance of this site from its export and its change "
        "feed, into this site's database. Safe to run again (from cron, say): it continues where it stopped, "
        "writes only what changed, and checks its counts against the source's at the end."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("url", help="the other instance's address, e.g. https://cameras.example.org")
        parser.add_argument("--limit", type=int, default=MAX_LIMIT, help="changes asked for per request")
        parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait on each request")
        parser.add_argument(
            "--from-start", action="store_true",
            help="on a first run, read the whole change feed instead of the export (slower; every field)",
        )

    def handle(self, *args, url: str, limit: int, timeout: float, from_start: bool, **options) -> None:
        if not 1 <= limit <= MAX_LIMIT:
            raise CommandError(f"--limit must be from 1 to {MAX_LIMIT}.")
        if timeout <= 0:
            raise CommandError("--timeout must be a positive number of seconds.")
        try:
            counts = mirror.run(url, limit=limit, timeout=timeout, from_start=from_start, say=self.stdout.write)
        except MirrorError as exc:
            started = MirrorState.objects.exists()
            more = " What was copied so far stays; run the command again to go on." if started else ""
            raise CommandError(f"{exc}{more}") from None
        self.stdout.write(self.style.SUCCESS(
            f"Counts match the source: {counts['reported']} public cameras, {counts['verified']} verified."
        ))
