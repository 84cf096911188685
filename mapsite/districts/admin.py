from django.contrib import admin

from mapsite.districts.models import District

admin.site.register(District, list_display=["code", "name_en", "name_zh", "area_km2"])
