"""Counters gained levels 13, 19 and 20 and a rollup row per cell and status (kind and
operator ALL; see mapsite/tiles/triggers.py): recreate the triggers and recompute every counter."""

from django.db import migrations


def reinstall(apps, schema_editor):
    from mapsite.tiles import triggers

    triggers.install_in_migration(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("tiles", "0003_decrement_existing_rows")]

    # Reversing leaves the finer counters in place; the older code ignores them.
    operations = [migrations.RunPython(reinstall, migrations.RunPython.noop)]
