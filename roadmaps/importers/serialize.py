"""Черновик ↔ JSON: так черновик хранится между предпросмотром и записью (RoadMapImport.parsed).
Запись берёт ровно то, что человек видел, — без повторного разбора файла."""

from __future__ import annotations

from datetime import date

from roadmaps.importers.columns import FIELD_LABELS, ColumnGuess, period_of
from roadmaps.importers.drafts import ItemDraft, MapDraft, RowWarning, SectionDraft
from roadmaps.importers.pipeline import draft_to_dict


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


MAX_STORED_WARNINGS = 500  # предупреждений в базе (и на страницах предпросмотра); остальные — итогом


def draft_to_json(draft: MapDraft, *, samples: dict[int, list[str]] | None = None) -> dict:
    data = draft_to_dict(draft)
    warnings = data["warnings"]
    if len(warnings) > MAX_STORED_WARNINGS:
        rest = len(warnings) - MAX_STORED_WARNINGS
        data["warnings"] = [
            *warnings[:MAX_STORED_WARNINGS],
            {"row": 0, "message": f"…и ещё предупреждений: {rest}."},
        ]
    year = draft.year or date.today().year
    data.update(
        approval_number=draft.approval_number,
        approval_date=draft.approval_date.isoformat() if draft.approval_date else None,
        municipal_deadline=draft.municipal_deadline.isoformat() if draft.municipal_deadline else None,
        source_name=draft.source_name,
        table_name=draft.table_name,
        sheet_index=draft.sheet_index,
        row_count=draft.row_count,
        warning_count=len(warnings),
        warned_rows=len({warning.row for warning in draft.row_warnings if warning.row}),
        numbering_problems=draft.numbering_problems,
        column_list=[
            {
                "index": guess.index,
                "header": guess.header,
                "field": guess.field,
                "by": guess.by,
                "label": FIELD_LABELS[guess.field],
                "samples": (samples or {}).get(guess.index, []),
            }
            for guess in draft.columns
        ],
        sections=[
            {
                "title": section.title,
                "number": section.source_number,
                "period_text": section.period_text,
                "note": section.note,
                "row": section.source_row,
                "items": [
                    {
                        "number": item.source_number,
                        "description": item.description,
                        "period_text": item.period_text,
                        "period_label": period_of(item.period_text, year).display()
                        if item.period_text
                        else "",
                        "period_ok": not period_of(item.period_text, year).needs_attention,
                        "indicator": item.indicator,
                        "responsible_text": item.responsible_text,
                        "links": item.links,
                        "row": item.source_row,
                    }
                    for item in section.items
                ],
            }
            for section in draft.sections
        ],
    )
    return data


def draft_from_json(data: dict) -> MapDraft:
    draft = MapDraft(
        level=data.get("level"),
        year=data.get("year"),
        title=data.get("title", ""),
        approval_document=data.get("approval_document", ""),
        approval_number=data.get("approval_number", ""),
        approval_date=_date(data.get("approval_date")),
        municipal_deadline=_date(data.get("municipal_deadline")),
        source_name=data.get("source_name", ""),
        preamble=data.get("preamble", ""),
        level_reason=data.get("level_reason", ""),
        flags=list(data.get("flags", [])),
        numbering_problems=list(data.get("numbering_problems", [])),
        row_count=data.get("row_count", 0),
    )
    draft.columns = [
        ColumnGuess(index=c["index"], header=c["header"], field=c["field"], by=c["by"])
        for c in data.get("column_list", [])
    ]
    draft.row_warnings = [RowWarning(w["row"], w["message"]) for w in data.get("warnings", [])]
    draft.warned_row_count = data.get("warned_rows")  # хранятся не все предупреждения — число строк с ними
    for section in data.get("sections", []):
        draft.sections.append(
            SectionDraft(
                title=section["title"],
                source_number=section["number"],
                period_text=section["period_text"],
                note=section["note"],
                source_row=section["row"],
                items=[
                    ItemDraft(
                        source_number=item["number"],
                        description=item["description"],
                        period_text=item["period_text"],
                        indicator=item["indicator"],
                        responsible_text=item["responsible_text"],
                        links=item["links"],
                        source_row=item["row"],
                    )
                    for item in section["items"]
                ],
            )
        )
    return draft
