from django.urls import path

from mapsite.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
    path("", views.account, name="account"),
    path("data.json", views.data, name="data"),
    path("sessions/end/", views.logout_everywhere, name="logout_everywhere"),
    path("delete/", views.delete, name="delete"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
]
