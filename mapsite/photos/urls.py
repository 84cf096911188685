from django.urls import path

from mapsite.photos import views

app_name = "photos"
urlpatterns = [
    path("camera/<int:pk>.json", views.camera_photos, name="camera_photos"),
    path("<int:pk>.jpg", views.image, name="image"),
    path("<int:pk>/thumb.jpg", views.thumbnail, name="thumbnail"),
    path("<int:pk>/redact/", views.redact, name="redact"),
    path("<int:pk>/delete/", views.withdraw, name="withdraw"),
]
