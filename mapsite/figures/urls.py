from django.urls import path

from mapsite.figures import views

app_name = "figures"
urlpatterns = [path("", views.figure_list, name="list")]
