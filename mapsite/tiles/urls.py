from django.urls import path, re_path

from mapsite.tiles import views

app_name = "tiles"
urlpatterns = [
    path("tiles/version.json", views.version, name="version"),
    path("tiles/versions.json", views.versions, name="versions"),
    # Loose pattern on purpose: a malformed address gets a 400 with a reason, not a 404.
    re_path(r"^tiles/(?P<z>[^/]+)/(?P<x>[^/]+)/(?P<y>[^/]+)\.json$", views.tile, name="tile"),
]
