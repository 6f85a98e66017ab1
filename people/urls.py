from django.urls import path

from people import views

app_name = "people"

# Адреса прежние (/accounts/people/…): config.urls подключает их под префиксом accounts/.
urlpatterns = [
    path("people/", views.people_list, name="people"),
    path("people/invite/", views.person_invite, name="person_invite"),
    path("people/<int:person_id>/", views.person_detail, name="person_detail"),
    path("people/<int:person_id>/roles/", views.person_grant_role, name="person_grant_role"),
    path("people/<int:person_id>/active/", views.person_set_active, name="person_set_active"),
    path(
        "people/<int:person_id>/roles/<int:membership_id>/active/",
        views.membership_set_active,
        name="membership_set_active",
    ),
]
