from django.urls import path

from alignment import views

app_name = "alignment"

urlpatterns = [
    path("regions/<int:region_id>/", views.region_alignment, name="region"),
    path("regions/<int:region_id>/xlsx/", views.region_alignment_xlsx, name="region_xlsx"),
    path("maps/<int:roadmap_id>/", views.map_alignment, name="map"),
    path("maps/<int:roadmap_id>/gaps/", views.map_gaps, name="gaps"),
    path("maps/<int:roadmap_id>/link/", views.link_create, name="link_create"),
    path("links/<int:link_id>/delete/", views.link_delete, name="link_delete"),
    path("maps/<int:roadmap_id>/reject/", views.suggestion_reject, name="suggestion_reject"),
    path("rejections/<int:rejection_id>/undo/", views.rejection_undo, name="rejection_undo"),
]
