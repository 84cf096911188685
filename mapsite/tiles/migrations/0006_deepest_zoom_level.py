"""Counters gained level 21, so clusters at the map's deepest zoom (19) come from counters
rather than from grouping the tile's camera rows: recreate the triggers and recompute."""

from django.db import migrations


def reinstall(apps, schema_editor):
    from mapsite.tiles import triggers

    triggers.install_in_migration(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("tiles", "0005_clustercell_rollup_index")]

    # Reversing leaves the level-21 counters in place; the older code ignores them.
    operations = [migrations.RunPython(reinstall, migrations.RunPython.noop)]
