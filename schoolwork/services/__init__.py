"""Запись: посещения, документы школ, рисковые профили и их загрузка из Excel.

Функции — только с именованными аргументами, проверяют правила предметной области и бросают
ValidationError с русским текстом; представления кладут его в форму через config.web.run_service.
Кто вправе вызывать, решает access (can_*), а не эти функции.
"""

from schoolwork.services.documents import document_confirm, document_return, document_upload
from schoolwork.services.risk import risk_directions_activate, risk_profile_enter, risk_profile_verify
from schoolwork.services.risk_import import (
    risk_profiles_import_apply,
    risk_profiles_import_confirm,
    risk_profiles_import_discard,
    risk_profiles_import_preview,
    risk_profiles_import_run,
)
from schoolwork.services.visits import (
    visit_attachment_delete,
    visit_complete,
    visit_delete,
    visit_log,
    visit_plan,
    visit_update,
)

__all__ = [
    "document_confirm",
    "document_return",
    "document_upload",
    "risk_directions_activate",
    "risk_profile_enter",
    "risk_profile_verify",
    "risk_profiles_import_apply",
    "risk_profiles_import_confirm",
    "risk_profiles_import_discard",
    "risk_profiles_import_preview",
    "risk_profiles_import_run",
    "visit_attachment_delete",
    "visit_complete",
    "visit_delete",
    "visit_log",
    "visit_plan",
    "visit_update",
]
