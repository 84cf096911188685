"""One version per zoom-12 region instead of one for the whole site (RegionVersion): the
triggers are made anew to raise the versions of the regions a change touches, every
region with a published camera starts at 1, and the single DataVersion row goes."""

from django.db import migrations, models


def install(apps, schema_editor):
    from mapsite.tiles import triggers

    triggers.install_in_migration(apps, schema_editor)


def uninstall(apps, schema_editor):
    # The triggers write the table this migration's reversal drops; the older code's
    # post-migrate check installs its own.
    from mapsite.tiles import triggers

    for sql in triggers.drop_statements(schema_editor.connection.vendor):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("tiles", "0006_deepest_zoom_level")]

    operations = [
        migrations.CreateModel(
            name="RegionVersion",
            fields=[
                ("region", models.BigIntegerField(primary_key=True, serialize=False)),
                ("version", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(install, uninstall),
        migrations.DeleteModel(name="DataVersion"),
    ]
