from django.contrib import admin

from mapsite.publication.models import HeldVote, PublicationRun

admin.site.register(PublicationRun, list_display=["window_at", "cameras", "votes", "photos"])
admin.site.register(HeldVote, list_display=["camera", "kind", "reason", "since"], raw_id_fields=["camera", "user"])
