from django.urls import path

from monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard_home, name="home"),
    path("regions/<int:region_id>/", views.region_dashboard, name="region"),
    path("regions/<int:region_id>/stages/new/", views.stage_create, name="stage_create"),
    path("stages/new/", views.stage_create, name="federal_stage_create"),
    path("stages/<int:stage_id>/snapshot/", views.snapshot_request, name="snapshot_request"),
    path("runs/<int:run_id>/", views.run_detail, name="run"),
    path("snapshots/<int:snapshot_id>/", views.snapshot_detail, name="snapshot"),
    path("municipalities/<int:municipality_id>/", views.municipality_dashboard, name="municipality"),
    path("schools/<int:school_id>/", views.school_dashboard, name="school"),
]
