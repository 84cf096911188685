from django.contrib import admin

from mapsite.changes.models import Change, MirrorState


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the database's triggers, and a follower's cursor relies on it."""

    list_display = ["id", "camera_id", "kind", "survivor_id", "day"]
    list_filter = ["kind"]
    show_full_result_count = False  # a count of a million rows on every page view

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


admin.site.register(MirrorState, list_display=["source", "phase", "cursor"])
