"""Запись дорожных карт. Всё, что меняет карты, проходит через эти функции."""

from roadmaps.services.common import EditConflict, apply_period, ensure_editable
from roadmaps.services.evidence import evidence_add, evidence_delete
from roadmaps.services.execution import item_execution_update
from roadmaps.services.items import (
    item_create,
    item_delete,
    item_duplicate,
    item_move,
    item_restore,
    item_update,
    section_create,
    section_delete,
    section_move,
    section_update,
)
from roadmaps.services.maps import roadmap_copy, roadmap_create, roadmap_update
from roadmaps.services.workflow import roadmap_approve, roadmap_reopen, roadmap_return, roadmap_submit

__all__ = [
    "EditConflict",
    "apply_period",
    "ensure_editable",
    "evidence_add",
    "evidence_delete",
    "item_create",
    "item_delete",
    "item_duplicate",
    "item_execution_update",
    "item_move",
    "item_restore",
    "item_update",
    "roadmap_approve",
    "roadmap_copy",
    "roadmap_create",
    "roadmap_reopen",
    "roadmap_return",
    "roadmap_submit",
    "roadmap_update",
    "section_create",
    "section_delete",
    "section_move",
    "section_update",
]
