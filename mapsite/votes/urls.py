from django.urls import path

from mapsite.votes import views

# Included under cameras/<int:pk>/ so the actions sit beside the camera's page.
app_name = "votes"
urlpatterns = [
    path("confirm/", views.confirm, name="confirm"),
    path("dispute/", views.dispute, name="dispute"),
    path("withdraw/", views.withdraw, name="withdraw"),
    path("my-vote/", views.my_vote, name="mine"),
]
