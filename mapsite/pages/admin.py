"""Our own admin registrations: SimpleAdminConfig skips autodiscovery, which
would import leaflet.admin and with it GDAL."""

from django.contrib import admin


def register_admin() -> None:
    from mapsite.audit.models import AuditEntry
    from mapsite.cameras.models import Camera
    from mapsite.districts.models import District
    from mapsite.figures.models import OfficialFigure
    from mapsite.photos.models import Photo
    from mapsite.votes.models import Vote

    if admin.site.is_registered(Camera):
        return

    admin.site.register(District, list_display=["code", "name_en", "name_zh", "area_km2"])
    admin.site.register(
        OfficialFigure, list_display=["reported_on", "scope", "district", "figure", "unit", "programme"]
    )
    admin.site.register(
        Camera,
        list_display=["id", "district", "status", "kind", "operator", "reported_at", "is_demo"],
        list_filter=["status", "kind", "operator", "district", "is_demo"],
        raw_id_fields=["reporter", "merged_into"],
    )
    admin.site.register(
        Vote, list_display=["camera", "kind", "reason", "created_at"], raw_id_fields=["camera", "user", "duplicate_of"]
    )
    admin.site.register(Photo, list_display=["camera", "status", "created_at"], raw_id_fields=["camera", "uploader"])
    admin.site.register(
        AuditEntry,
        list_display=["created_at", "camera", "role", "action"],
        list_filter=["action", "role"],
        raw_id_fields=["camera", "actor"],
    )
