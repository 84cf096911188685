from django.contrib import admin

from mapsite.votes.models import Vote

admin.site.register(
    Vote, list_display=["camera", "kind", "reason", "created_at"], raw_id_fields=["camera", "user", "duplicate_of"]
)
