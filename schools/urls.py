from django.urls import path

from schools import views

app_name = "schools"

urlpatterns = [
    path("regions/", views.region_list, name="regions"),
    path("regions/new/", views.region_edit, name="region_create"),
    path("regions/<int:region_id>/", views.region_detail, name="region_detail"),
    path("regions/<int:region_id>/edit/", views.region_edit, name="region_edit"),
    path("municipalities/", views.municipality_list, name="municipalities"),
    path("municipalities/new/", views.municipality_edit, name="municipality_create"),
    path("municipalities/<int:municipality_id>/", views.municipality_detail, name="municipality_detail"),
    path("municipalities/<int:municipality_id>/edit/", views.municipality_edit, name="municipality_edit"),
    path("schools/", views.school_list, name="schools"),
    path("schools/new/", views.school_edit, name="school_create"),
    path("schools/<int:school_id>/", views.school_detail, name="school_detail"),
    path("schools/<int:school_id>/edit/", views.school_edit, name="school_edit"),
    path("schools/<int:school_id>/curator/", views.school_curator, name="school_curator"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/new/", views.organisation_edit, name="organisation_create"),
    path("organisations/<int:organisation_id>/edit/", views.organisation_edit, name="organisation_edit"),
]
