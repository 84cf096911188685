"""SQLite: the triggers decrement only existing counter rows (never create negative ones).

Reinstalls the triggers from mapsite/tiles/triggers.py and recomputes the counters."""

from django.db import migrations


def reinstall(apps, schema_editor):
    from mapsite.tiles import triggers

    triggers.install_in_migration(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("tiles", "0002_counter_triggers")]

    operations = [migrations.RunPython(reinstall, migrations.RunPython.noop)]
