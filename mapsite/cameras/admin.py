from django.contrib import admin

from mapsite.cameras.models import Camera
from mapsite.core.admin import HTTPS_URLS

admin.site.register(
    Camera,
    list_display=["id", "district", "status", "kind", "operator", "reported_at", "is_demo"],
    list_filter=["status", "kind", "operator", "district", "is_demo"],
    raw_id_fields=["reporter", "merged_into"],
    formfield_overrides=HTTPS_URLS,
)
