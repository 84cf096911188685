from django.core.management.commands import makemessages


class Command(makemessages.Command):
    # Fuzzy matches carry a neighbour's translation ("Filter cameras" -> "鏡頭")
    # and are silently skipped at compile time; new strings must arrive empty.
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
