from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mapsite.cameras.demo import clear_demo, seed_demo


class Command(BaseCommand):
    help = "Create synthetic demo cameras spread over the districts (marked as demo data everywhere)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=0, help="how many demo cameras to create")
        parser.add_argument("--clear", action="store_true", help="delete all demo cameras first (and only them)")
        parser.add_argument("--seed", type=int, default=None, help="random seed, for repeatable data")

    def handle(self, *args, count: int, clear: bool, seed: int | None, **options) -> None:
        if count < 0:
            raise CommandError("--count must be zero or more")
        if not count and not clear:
            raise CommandError("nothing to do: give --count N and/or --clear")
        if clear:
            self.stdout.write(f"Deleted {clear_demo()} demo cameras.")
        if count:
            try:
                created = seed_demo(count, seed=seed)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(self.style.SUCCESS(f"Created {created} demo cameras."))
