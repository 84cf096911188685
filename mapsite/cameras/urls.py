from django.urls import path

from mapsite.cameras import views

app_name = "cameras"
urlpatterns = [
    path("", views.map_page, name="map"),
    path("cameras/<int:pk>/", views.camera_detail, name="detail"),
]
