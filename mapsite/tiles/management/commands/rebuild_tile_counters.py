from django.core.management.base import BaseCommand
from django.db import connection

from mapsite.tiles import triggers
from mapsite.tiles.services import rebuild_counters


class Command(BaseCommand):
    help = "Reinstall the counter triggers and recompute the tile and district counters from the cameras."

    def handle(self, *args, **options) -> None:
        triggers.install(connection, force=True)
        rebuild_counters()
        self.stdout.write(self.style.SUCCESS("Tile and district counters rebuilt."))
