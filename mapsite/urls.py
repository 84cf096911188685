from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from mapsite.accounts.views import login_limits
from mapsite.core.admin import discover

discover()

handler400 = "mapsite.core.handlers.bad_request"
handler403 = "mapsite.core.handlers.permission_denied"
handler404 = "mapsite.core.handlers.page_not_found"
handler500 = "mapsite.core.handlers.server_error"

# JSON and exports are language-neutral; pages live under a language prefix
# (none for English) so a shared link keeps its language.
urlpatterns = [
    path("api/", include("mapsite.cameras.api_urls")),
    path("api/", include("mapsite.districts.api_urls")),
    path("api/", include("mapsite.tiles.urls")),
    path("api/", include("mapsite.sightings.api_urls")),
    path("api/", include("mapsite.places.api_urls")),
    path("api/", include("mapsite.changes.api_urls")),
    path("api/", include("mapsite.stats.api_urls")),
    path("export/", include("mapsite.cameras.export_urls")),
    path("photos/", include("mapsite.photos.urls")),
    path("", include("mapsite.offline.root_urls")),
]

urlpatterns += i18n_patterns(
    path("", include("mapsite.cameras.urls")),
    path("cameras/<int:pk>/", include("mapsite.votes.urls")),
    path("", include("mapsite.stats.urls")),  # before districts/: it adds districts/<code>/feed.atom
    path("districts/", include("mapsite.districts.urls")),
    path("figures/", include("mapsite.figures.urls")),
    path("imports/", include("mapsite.imports.urls")),
    path("accounts/", include("mapsite.accounts.urls")),
    path("report/", include("mapsite.sightings.urls")),
    path("moderation/", include("mapsite.moderation.urls")),
    path("about/", include("mapsite.pages.urls")),
    path("", include("mapsite.offline.urls")),
    # The admin's log-in is limited exactly like the site's: the same decorator (and form, in accounts/admin.py).
    path("admin/login/", login_limits(admin.site.login)),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
