from django.core.management.base import BaseCommand, CommandError

from mapsite.imports.models import ImportBatch
from mapsite.imports.undo import AlreadyUndone, undo_batch


class Command(BaseCommand):
    help = (
        "Undo an import batch: remove the cameras it created and put back what it changed, "
        "except where a resident or moderator has touched a camera since (those are listed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("batch", type=int, help="the batch number (see /imports/ or the admin)")

    def handle(self, *args, batch: int, **options):
        found = ImportBatch.objects.filter(pk=batch).first()
        if found is None:
            raise CommandError(f"There is no import batch #{batch}.")
        try:
            report = undo_batch(found)
        except AlreadyUndone as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.summary())
