from django.urls import path

from mapsite.cameras import api

app_name = "cameras_api"
urlpatterns = [
    path("cameras.geojson", api.cameras_geojson, name="cameras"),
    path("cameras/<int:pk>.geojson", api.camera_geojson, name="camera"),
]
