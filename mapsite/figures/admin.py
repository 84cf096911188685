from django.contrib import admin

from mapsite.core.admin import HTTPS_URLS
from mapsite.figures.models import OfficialFigure

admin.site.register(
    OfficialFigure,
    list_display=["reported_on", "scope", "district", "figure", "unit", "programme"],
    formfield_overrides=HTTPS_URLS,
)
