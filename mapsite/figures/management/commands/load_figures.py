from django.core.management.base import BaseCommand

from mapsite.figures.loading import FIXTURE, load_figures


class Command(BaseCommand):
    help = "Load the officially reported camera figures from fixtures/official-figures.csv."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(FIXTURE))

    def handle(self, *args, **options):
        count = load_figures(options["file"])
        self.stdout.write(f"Official figures: {count} loaded.")
