"""The one data version row goes: tiles are labelled by region versions (0007), the site-wide
version is their sum, and the change log no longer locks it (changes.0002). Kept, it was the one
row every writer of a published camera updated, so on PostgreSQL they all queued on it."""

from django.db import migrations


def install(apps, schema_editor):
    # Today's triggers, which no longer raise the row, before its table goes.
    from mapsite.tiles import triggers

    triggers.install_in_migration(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("tiles", "0007_region_versions"),
        # The change log's triggers stop locking the row there.
        ("changes", "0002_unnumbered_entries"),
    ]

    operations = [
        # Reversed, the older code's post-migrate check installs its own triggers.
        migrations.RunPython(install, migrations.RunPython.noop),
        migrations.DeleteModel(name="DataVersion"),
    ]
