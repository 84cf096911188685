from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from mapsite.moderation.roles import MODERATORS, make_moderator, remove_moderator


class Command(BaseCommand):
    help = "Add a user to the Moderators group (or take them out with --remove)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--remove", action="store_true", help="take the user out of the group instead")

    def handle(self, *args, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: options["username"]})
        except User.DoesNotExist:
            raise CommandError(f"No user is called {options['username']!r}. They must sign up first.") from None
        if options["remove"]:
            remove_moderator(user)
            self.stdout.write(f"{user.get_username()} is no longer in {MODERATORS}.")
        else:
            make_moderator(user)
            self.stdout.write(f"{user.get_username()} is now in {MODERATORS}.")
