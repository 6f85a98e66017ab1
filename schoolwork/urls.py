from django.urls import path

from schoolwork.views import documents, risk, risk_import, visits

app_name = "schoolwork"

urlpatterns = [
    # Посещения
    path("visits/", visits.visit_list, name="visits"),
    path("visits/by-school/", visits.visit_schools, name="visit_schools"),
    path("schools/<int:school_id>/visits/", visits.school_visits, name="school_visits"),
    path("schools/<int:school_id>/visits/new/", visits.visit_create, name="visit_create"),
    path("schools/<int:school_id>/visits/plan/", visits.visit_plan, name="visit_plan"),
    path("visits/<int:visit_id>/", visits.visit_detail, name="visit_detail"),
    path("visits/<int:visit_id>/edit/", visits.visit_edit, name="visit_edit"),
    path("visits/<int:visit_id>/complete/", visits.visit_complete, name="visit_complete"),
    path("visits/<int:visit_id>/delete/", visits.visit_delete, name="visit_delete"),
    path("visit-files/<int:attachment_id>/", visits.visit_attachment, name="visit_attachment"),
    path(
        "visit-files/<int:attachment_id>/delete/",
        visits.visit_attachment_delete,
        name="visit_attachment_delete",
    ),
    # Документы школ
    path("documents/", documents.document_matrix, name="documents"),
    path("schools/<int:school_id>/documents/", documents.school_documents, name="school_documents"),
    path("schools/<int:school_id>/documents/upload/", documents.document_upload, name="document_upload"),
    path("documents/<int:document_id>/", documents.document_detail, name="document_detail"),
    path("documents/<int:document_id>/upload/", documents.document_new_version, name="document_new_version"),
    path("documents/<int:document_id>/confirm/", documents.document_confirm, name="document_confirm"),
    path("documents/<int:document_id>/return/", documents.document_return, name="document_return"),
    path("document-files/<int:version_id>/", documents.document_file, name="document_file"),
    # Рисковые профили
    path("risk-profiles/", risk.risk_overview, name="risk_overview"),
    path("schools/<int:school_id>/risk-profile/", risk.risk_profile, name="risk_profile"),
    path("schools/<int:school_id>/risk-profile/enter/", risk.risk_profile_enter, name="risk_profile_enter"),
    path("risk-profiles/<int:profile_id>/verify/", risk.risk_profile_verify, name="risk_profile_verify"),
    path("risk-profiles/<int:profile_id>/directions/", risk.risk_directions, name="risk_directions"),
    path("risk-profiles/import/", risk_import.risk_import, name="risk_import"),
    path("risk-profiles/import/template/", risk_import.risk_import_template, name="risk_import_template"),
    path("risk-profiles/import/<int:batch_id>/", risk_import.risk_import_preview, name="risk_import_preview"),
    path(
        "risk-profiles/import/<int:batch_id>/apply/", risk_import.risk_import_apply, name="risk_import_apply"
    ),
    path(
        "risk-profiles/import/<int:batch_id>/discard/",
        risk_import.risk_import_discard,
        name="risk_import_discard",
    ),
]
