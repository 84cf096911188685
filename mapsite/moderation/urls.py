from django.urls import path

from mapsite.moderation import views

app_name = "moderation"
urlpatterns = [path("", views.queue, name="queue")]
