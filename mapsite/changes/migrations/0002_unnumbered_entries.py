"""On PostgreSQL the triggers write entries here, without a lock, and the feed's readers number
them (mapsite/changes/triggers.py); the triggers are made anew to do so and to stop locking the
tiles' data version, which tiles.0008 then drops."""

from django.db import migrations, models


def install(apps, schema_editor):
    from mapsite.changes import triggers

    connection = schema_editor.connection
    # A database that passed 0001 with this code has no log yet on PostgreSQL (see triggers.install).
    start = connection.vendor == "postgresql" and triggers.LOG_TRIGGERS.missing(connection)
    triggers.install(connection, backfill=start)


def uninstall(apps, schema_editor):
    # The older code's post-migrate check installs its own triggers.
    from mapsite.changes import triggers

    for sql in triggers.LOG_TRIGGERS.drop_statements(schema_editor.connection.vendor):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('changes', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='UnnumberedChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('camera_id', models.BigIntegerField(verbose_name='camera')),
                ('kind', models.CharField(choices=[('created', 'Created'), ('changed', 'Changed'), ('verified', 'Verified'), ('merged', 'Merged'), ('rejected', 'Rejected'), ('removed', 'Removed')], max_length=8, verbose_name='change')),
                ('survivor_id', models.BigIntegerField(blank=True, null=True, verbose_name='merged into')),
                ('day', models.DateField(verbose_name='day')),
            ],
            options={
                'verbose_name': 'unnumbered change',
                'verbose_name_plural': 'unnumbered changes',
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('kind', 'merged'), ('survivor_id__isnull', False)), models.Q(models.Q(('kind', 'merged'), _negated=True), ('survivor_id__isnull', True)), _connector='OR'), name='unnumberedchange_survivor_only_when_merged')],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
