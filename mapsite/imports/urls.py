from django.urls import path

from mapsite.imports import views

app_name = "imports"
urlpatterns = [path("", views.batch_list, name="list")]
