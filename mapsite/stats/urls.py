from django.urls import path

from mapsite.core.views import allow
from mapsite.stats import feeds, views
from mapsite.stats.caching import per_version

app_name = "stats"
urlpatterns = [
    path("stats/", views.growth, name="growth"),
    path("feeds/cameras.atom", allow("GET")(per_version(feeds.CameraFeed())), name="feed"),
    path("districts/<str:code>/feed.atom", allow("GET")(per_version(feeds.DistrictFeed())), name="district_feed"),
]
