from django.urls import path

from mapsite.core.views import allow
from mapsite.stats import feeds, views

app_name = "stats"
urlpatterns = [
    path("stats/", views.growth, name="growth"),
    path("feeds/cameras.atom", allow("GET")(feeds.CameraFeed()), name="feed"),
    path("districts/<str:code>/feed.atom", allow("GET")(feeds.DistrictFeed()), name="district_feed"),
]
