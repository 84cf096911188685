from django.urls import path

from mapsite.sightings import own, views

app_name = "sightings"
urlpatterns = [
    path("", views.new_sighting, name="new"),
    path("mine/", views.my_sightings, name="mine"),
    path("mine/<int:pk>/edit/", own.edit, name="own_edit"),
    path("mine/<int:pk>/withdraw/", own.withdraw, name="own_withdraw"),
    path("offline/", views.offline_form, name="offline"),
]
