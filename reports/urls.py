from django.urls import path, register_converter

from reports import views


class ExportFormatConverter:
    regex = "pdf|xlsx|docx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExportFormatConverter, "report_format")

app_name = "reports"

urlpatterns = [
    path("roadmaps/<int:roadmap_id>/<report_format:fmt>/", views.roadmap_export, name="roadmap"),
    path("snapshots/<int:snapshot_id>/<report_format:fmt>/", views.stage_export, name="stage"),
    path("schools/<int:school_id>/curator/<report_format:fmt>/", views.curator_export, name="curator"),
    path("national/<report_format:fmt>/", views.national_export, name="national"),
    path(
        "regions/<int:region_id>/documents/<report_format:fmt>/",
        views.region_documents_export,
        name="region_documents",
    ),
    path(
        "regions/<int:region_id>/roadmap-items/<report_format:fmt>/",
        views.region_items_export,
        name="region_items",
    ),
    path("roadmap-items/<report_format:fmt>/", views.national_items_export, name="national_items"),
    path("jobs/", views.job_list, name="jobs"),
    path("jobs/<int:job_id>/", views.job_detail, name="job"),
    path("jobs/<int:job_id>/download/", views.job_download, name="job_download"),
]
