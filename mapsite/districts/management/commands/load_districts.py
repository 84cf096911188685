from django.core.management.base import BaseCommand

from mapsite.districts.loading import FIXTURE, load_districts


class Command(BaseCommand):
    help = "Load or refresh the 18 district boundaries from fixtures/hk-districts.geojson."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(FIXTURE))

    def handle(self, *args, **options):
        created, updated = load_districts(options["file"])
        self.stdout.write(f"Districts: {created} created, {updated} updated.")
