from django.core.management.base import BaseCommand
from django.db import connection, transaction

from mapsite.tiles import triggers


class Command(BaseCommand):
    help = "Reinstall the counter triggers and recompute the tile and district counters from the cameras."

    def handle(self, *args, **options) -> None:
        # install(force=True) recreates the triggers and recomputes every counter, in one transaction.
        with transaction.atomic():
            triggers.install(connection, force=True)
        self.stdout.write(self.style.SUCCESS("Tile and district counters rebuilt."))
