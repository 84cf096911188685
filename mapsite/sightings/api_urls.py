from django.urls import path

from mapsite.sightings import api

app_name = "sightings_api"
urlpatterns = [
    path("locate", api.locate, name="locate"),
    path("cameras", api.create_camera, name="create"),
]
