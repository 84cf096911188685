from django.urls import path

from mapsite.offline import views

app_name = "offline"
# Under the language prefix: /manifest.webmanifest is English, /zh-hant/manifest.webmanifest Chinese.
urlpatterns = [
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("offline/map/", views.offline_map, name="map"),
]
