from django.db import migrations, models
from django.db.models import OuterRef, Subquery

VERIFYING = ("verified", "verified_by_residents")


def backfill(apps, schema_editor):
    """Verified cameras take the time of their latest verifying audit entry; those with none
    (verified by their source on import) stay None and count as verified from publication."""
    Camera = apps.get_model("cameras", "Camera")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    latest = (
        AuditEntry.objects.filter(camera=OuterRef("pk"), action__in=VERIFYING)
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    Camera.objects.filter(status="verified").update(verified_at=Subquery(latest))


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
        ("cameras", "0006_published_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="camera",
            name="verified_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="verified"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="camera",
            index=models.Index(fields=["published_at", "id"], name="camera_published_idx"),
        ),
        migrations.AddIndex(
            model_name="camera",
            index=models.Index(fields=["district", "published_at", "id"], name="camera_district_published_idx"),
        ),
        migrations.AddIndex(
            model_name="camera",
            index=models.Index(
                condition=models.Q(("verified_at__isnull", False)), fields=["verified_at", "id"], name="camera_verified_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="camera",
            index=models.Index(
                condition=models.Q(("verified_at__isnull", False)), fields=["district", "verified_at", "id"], name="camera_district_verified_idx"
            ),
        ),
    ]
