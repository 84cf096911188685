from django.urls import path

from mapsite.stats import api

app_name = "stats_api"
urlpatterns = [
    path("stats/timeline.json", api.timeline, name="timeline"),
    path("stats/districts.json", api.districts, name="districts"),
]
