from django.contrib import admin

from mapsite.core.admin import HTTPS_URLS
from mapsite.imports.models import ImportBatch

admin.site.register(
    ImportBatch,
    list_display=["id", "source_name", "imported_at", "created_count", "updated_count", "retired_count", "undone_at"],
    readonly_fields=["sha256", "imported_at", "run_by"],
    formfield_overrides=HTTPS_URLS,
)
