"""Как найденное выглядит в списке: заголовок, ссылка на страницу объекта и короткая справка."""

from __future__ import annotations

from django.urls import reverse


def describe(kind: str, obj) -> dict:
    if kind == "item":
        number = obj.source_number or ""
        return {
            "title": f"Мероприятие {number}".strip(),
            "url": reverse("roadmaps:detail", args=[obj.roadmap_id]) + f"#item-{obj.pk}",
            "meta": f"{obj.get_status_display()}"
            + (f" · срок: {obj.period_text}" if obj.period_text else ""),
        }
    if kind == "section":
        return {
            "title": f"Раздел «{obj.title[:120]}»",
            "url": reverse("roadmaps:detail", args=[obj.roadmap_id]),
        }
    if kind == "roadmap":
        return {
            "title": obj.title,
            "url": reverse("roadmaps:detail", args=[obj.pk]),
            "meta": f"{obj.get_level_display()} · {obj.year}",
        }
    if kind == "visit":
        return {
            "title": f"Посещение {obj.date:%d.%m.%Y} — {obj.school.short_name}",
            "url": reverse("schoolwork:visit_detail", args=[obj.pk]),
            "meta": obj.get_status_display(),
        }
    if kind == "document":
        return {
            "title": f"{obj.get_kind_display()} — {obj.school.short_name}, {obj.year}",
            "url": reverse("schoolwork:document_detail", args=[obj.pk]),
        }
    if kind == "school":
        return {
            "title": obj.short_name,
            "url": reverse("schools:school_detail", args=[obj.pk]),
            "meta": str(obj.municipality),
        }
    return {
        "title": obj.name,
        "url": reverse("schools:municipality_detail", args=[obj.pk]),
        "meta": str(obj.region),
    }
