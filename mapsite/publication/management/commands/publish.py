from django.core.management.base import BaseCommand

from mapsite.publication.services import publish


class Command(BaseCommand):
    help = (
        "Publish residents' reports, votes and photo approvals whose window has come. "
        "Safe to run at any time and from several places at once (cron, a systemd timer, the server)."
    )

    def handle(self, *args, **options):
        run = publish()
        if run is None:
            self.stdout.write("Nothing to publish.")
        else:
            self.stdout.write(
                f"Published at {run.window_at.isoformat()}: {run.cameras} cameras, {run.votes} votes, "
                f"{run.photos} photos."
            )
