from django.contrib import admin

from mapsite.photos.models import Photo

admin.site.register(Photo, list_display=["camera", "status", "created_at"], raw_id_fields=["camera", "uploader"])
