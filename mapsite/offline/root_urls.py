from django.urls import path

from mapsite.offline import views

app_name = "service_worker"
# At the root, outside any language prefix: a service worker controls only the paths under its own.
urlpatterns = [
    path("sw.js", views.service_worker, name="script"),
]
