"""A version per region (a cell at triggers.REGION_ZOOM) to label tiles by, besides the one
for the whole site: the triggers are made anew to raise the versions of the regions a change
touches, and every region with a published camera starts just above the site-wide version."""

from django.db import migrations, models


def install(apps, schema_editor):
    from django.db.models import F

    from mapsite.tiles import triggers

    # Browsers keep a tile's ?v= URL for a year: every region starts above the old site-wide
    # version, so no tile's new version (a sum of its regions') can repeat a URL cached before.
    old = apps.get_model("tiles", "DataVersion").objects.filter(pk=1).values_list("version", flat=True).first()
    triggers.install_in_migration(apps, schema_editor)
    apps.get_model("tiles", "RegionVersion").objects.update(version=F("version") + (old or 0))


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
    ]
