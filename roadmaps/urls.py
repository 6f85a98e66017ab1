from django.urls import path

from roadmaps import views, views_evidence, views_execution, views_import, views_items

app_name = "roadmaps"

urlpatterns = [
    path("", views.roadmap_list, name="list"),
    path("new/", views.roadmap_create, name="create"),
    path("import/", views_import.import_upload, name="import_upload"),
    path("import/<int:import_id>/", views_import.import_preview, name="import_preview"),
    path("import/<int:import_id>/reparse/", views_import.import_reparse, name="import_reparse"),
    path("import/<int:import_id>/status/", views_import.import_status, name="import_status"),
    path("period-preview/", views_items.period_preview, name="period_preview"),
    path("indicator-suggest/", views_items.indicator_suggest, name="indicator_suggest"),
    path("<int:roadmap_id>/", views.roadmap_detail, name="detail"),
    path("<int:roadmap_id>/settings/", views.roadmap_settings, name="settings"),
    path("<int:roadmap_id>/timeline/", views.roadmap_timeline, name="timeline"),
    path("<int:roadmap_id>/history/", views.roadmap_history, name="history"),
    path("<int:roadmap_id>/copy/", views.roadmap_copy, name="copy"),
    path("<int:roadmap_id>/workflow/<str:action>/", views.roadmap_transition, name="transition"),
    path("<int:roadmap_id>/sections/new/", views_items.section_create, name="section_create"),
    path("<int:roadmap_id>/items/new/", views_items.item_create, name="item_create"),
    path(
        "<int:roadmap_id>/items/<int:item_id>/restore/<int:history_id>/",
        views_items.item_restore,
        name="item_restore",
    ),
    path("sections/<int:section_id>/edit/", views_items.section_edit, name="section_edit"),
    path("sections/<int:section_id>/delete/", views_items.section_delete, name="section_delete"),
    path("sections/<int:section_id>/move/", views_items.section_move, name="section_move"),
    path("items/<int:item_id>/", views_items.item_row, name="item_row"),
    path("items/<int:item_id>/edit/", views_items.item_edit, name="item_edit"),
    path("items/<int:item_id>/delete/", views_items.item_delete, name="item_delete"),
    path("items/<int:item_id>/move/", views_items.item_move, name="item_move"),
    path("items/<int:item_id>/duplicate/", views_items.item_duplicate, name="item_duplicate"),
    path("items/<int:item_id>/execution/", views_execution.item_execution, name="item_execution"),
    path("items/<int:item_id>/history/", views_items.item_history, name="item_history"),
    path("items/<int:item_id>/evidence/", views_evidence.item_evidence, name="item_evidence"),
    path("evidence/<int:evidence_id>/", views_evidence.evidence_download, name="evidence_download"),
    path("evidence/<int:evidence_id>/delete/", views_evidence.evidence_delete, name="evidence_delete"),
    path("regions/<int:region_id>/municipal/", views.municipal_overview, name="municipal_overview"),
]
