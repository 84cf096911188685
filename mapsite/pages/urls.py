from django.urls import path

from mapsite.pages import views

app_name = "pages"
urlpatterns = [path("", views.about, name="about"), path("kinds/", views.kinds, name="kinds")]
