from django.contrib import admin

from mapsite.audit.models import AuditEntry

admin.site.register(
    AuditEntry,
    list_display=["created_at", "camera", "role", "action"],
    list_filter=["action", "role"],
    raw_id_fields=["camera", "actor"],
)
