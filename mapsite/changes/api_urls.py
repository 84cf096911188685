from django.urls import path

from mapsite.changes import api

app_name = "changes_api"
urlpatterns = [
    path("changes.json", api.changes_json, name="changes"),
    path("changes/counts.json", api.counts_json, name="counts"),
]
