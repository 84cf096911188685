from django.contrib import admin

from mapsite.changes.models import Change, MirrorState
from mapsite.core.admin import ReadOnlyAdmin


@admin.register(Change)
class ChangeAdmin(ReadOnlyAdmin):
    """Read-only: the log is written by the database's triggers, and a follower's cursor relies on it."""

    list_display = ["id", "camera_id", "kind", "survivor_id", "day"]
    list_filter = ["kind"]
    show_full_result_count = False  # a count of a million rows on every page view


admin.site.register(MirrorState, list_display=["source", "phase", "cursor"])
