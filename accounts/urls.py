from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import views
from accounts.security import views as security_views
from accounts.security.passwords import PasswordResetForm

app_name = "accounts"

# Люди региона (тот же префикс /accounts/people/) — в people/urls.py, пространство имён «people».

urlpatterns = [
    path("profile/", views.profile, name="profile"),
]

# Вход, выход, смена и восстановление пароля — стандартные представления Django с русскими шаблонами.
# Имена без пространства имён: так их ищет django.contrib.auth.
auth_urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", security_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetForm, success_url=reverse_lazy("password_reset_done")
        ),
        name="password_reset",
    ),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        security_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
