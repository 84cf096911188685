from django.contrib import admin

from mapsite.stats.models import MonthlyCount


@admin.register(MonthlyCount)
class MonthlyCountAdmin(admin.ModelAdmin):
    """Read-only: the triggers own these rows (manage.py migrate reinstalls and recounts them)."""

    list_display = ("month", "district", "kind", "operator", "measure", "source", "count")
    list_filter = ("measure", "source")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
