from django.urls import path

from mapsite.places import views

app_name = "places_api"
urlpatterns = [path("places", views.places, name="search")]
