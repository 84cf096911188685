from django.contrib import admin

from mapsite.core.admin import ReadOnlyAdmin
from mapsite.stats.models import MonthlyCount


@admin.register(MonthlyCount)
class MonthlyCountAdmin(ReadOnlyAdmin):
    """Read-only: the triggers own these rows (manage.py migrate reinstalls and recounts them)."""

    list_display = ("month", "district", "kind", "operator", "measure", "source", "count")
    list_filter = ("measure", "source")
