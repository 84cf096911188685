from django.urls import path

from mapsite.sightings import views

app_name = "sightings"
urlpatterns = [
    path("", views.new_sighting, name="new"),
    path("mine/", views.my_sightings, name="mine"),
    path("offline/", views.offline_form, name="offline"),
]
