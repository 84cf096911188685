from django.urls import path

from mapsite.stats import feeds, views

app_name = "stats"
urlpatterns = [
    path("stats/", views.growth, name="growth"),
    path("feeds/cameras.atom", feeds.CameraFeed(), name="feed"),
    path("districts/<str:code>/feed.atom", feeds.DistrictFeed(), name="district_feed"),
]
