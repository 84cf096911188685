from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from mapsite.accounts import services, trust
from mapsite.accounts.models import Profile
from mapsite.core.errors import ServiceError


class Command(BaseCommand):
    help = (
        "Make a resident trusted, or with --remove take the level away (held at new until --clear). "
        "Audited; --by names the moderator acting."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--remove", action="store_true", help="hold the account at new")
        group.add_argument("--clear", action="store_true", help="let the account's record decide again")
        parser.add_argument("--by", help="the moderator's username, written to the audit log")
        parser.add_argument("--reason", default="")

    def _user(self, username: str):
        User = get_user_model()
        try:
            return User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user is called {username!r}.") from None

    def handle(self, *args, **options):
        user = self._user(options["username"])
        actor = self._user(options["by"]) if options["by"] else None
        if options["remove"]:
            override = Profile.Override.HELD_NEW
        elif options["clear"]:
            override = Profile.Override.NONE
        else:
            override = Profile.Override.TRUSTED
        try:
            services.set_override(user, override, actor=actor, reason=options["reason"])
        except ServiceError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"{user.get_username()} is now {trust.level_of(user)}.")
