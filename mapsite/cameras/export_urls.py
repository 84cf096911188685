from django.urls import path

from mapsite.cameras import export

urlpatterns = [
    path("cameras.geojson", export.export_geojson, name="export_geojson"),
    path("cameras.csv", export.export_csv, name="export_csv"),
]
