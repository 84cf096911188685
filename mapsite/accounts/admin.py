from django.contrib import admin

from mapsite.accounts.forms import AdminLoginForm
from mapsite.accounts.models import Profile

# The admin's log-in takes the site's log-in limits and challenge (see accounts/forms.py).
admin.site.login_form = AdminLoginForm
admin.site.login_template = "accounts/admin_login.html"


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    """Read-only: levels come from the record; moderators override them with make_trusted."""

    list_display = ["user", "level", "reports_verified", "reports_rejected", "votes_borne_out", "override"]
    list_filter = ["level", "override"]
    raw_id_fields = ["user", "override_by"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False
