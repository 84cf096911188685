"""Install the triggers that keep the tile and district counters exact, and fill
the counters from the cameras that already exist. The SQL differs per vendor
(mapsite/tiles/triggers.py)."""

from django.db import migrations


def install(apps, schema_editor):
    from mapsite.tiles import triggers

    triggers.install_in_migration(apps, schema_editor)


def uninstall(apps, schema_editor):
    from mapsite.tiles import triggers

    for sql in triggers.drop_statements(schema_editor.connection.vendor):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("tiles", "0001_counters"),
        ("cameras", "0002_submission_token_district_index"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
