from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from mapsite.accounts.forms import AdminLoginForm
from mapsite.accounts.views import login_limits
from mapsite.pages.admin import register_admin

register_admin()
# The admin's log-in is limited exactly like the site's: same decorator, same form mixin.
admin.site.login_form = AdminLoginForm
admin.site.login_template = "accounts/admin_login.html"  # shows the challenge when it is asked for

# JSON and exports are language-neutral; pages live under a language prefix
# (none for English) so a shared link keeps its language.
urlpatterns = [
    path("api/", include("mapsite.cameras.api_urls")),
    path("api/", include("mapsite.districts.api_urls")),
    path("api/", include("mapsite.tiles.urls")),
    path("api/", include("mapsite.sightings.api_urls")),
    path("export/", include("mapsite.cameras.export_urls")),
    path("photos/", include("mapsite.photos.urls")),
]

urlpatterns += i18n_patterns(
    path("", include("mapsite.cameras.urls")),
    path("cameras/<int:pk>/", include("mapsite.votes.urls")),
    path("districts/", include("mapsite.districts.urls")),
    path("figures/", include("mapsite.figures.urls")),
    path("accounts/", include("mapsite.accounts.urls")),
    path("report/", include("mapsite.sightings.urls")),
    path("moderation/", include("mapsite.moderation.urls")),
    path("about/", include("mapsite.pages.urls")),
    path("admin/login/", login_limits(admin.site.login)),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
