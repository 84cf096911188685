from django.urls import path

from mapsite.districts import api

app_name = "districts_api"
urlpatterns = [path("districts.geojson", api.districts_geojson, name="districts")]
