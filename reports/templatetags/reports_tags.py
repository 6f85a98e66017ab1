from django import template
from django.urls import reverse

import access as scoping
from reports import formats
from reports.builders.curator import default_period

register = template.Library()


@register.filter
def pct(value) -> str:
    """Доля в процентах: «45,5 %», нет данных — «—»."""
    return formats.pct(value)


@register.filter
def signed(value) -> str:
    """Изменение в процентных пунктах со знаком: «+12,5», «−3», «0»."""
    if value is None:
        return "—"
    text = f"{abs(value):g}".replace(".", ",")
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else "0")


@register.filter
def cells(line, specs):
    """Пары (на этап, на предыдущий этап) строки отчёта по показателям specs."""
    return line.cells(specs)


@register.filter
def get_value(mapping, key):
    return mapping.get(key, "")


# --- Кнопки «Скачать PDF» / «Скачать Excel» на страницах с теми же данными ---------------------
# Кнопка видна только тому, кому выгрузка разрешена (правила — в access).

PDF_LABEL, XLSX_LABEL, DOCX_LABEL = "Скачать PDF", "Скачать Excel", "Скачать Word"


def _buttons(
    context, name: str, buttons: list[tuple[str, str]], *, caption: str = "", hidden=None, small: bool = False
) -> dict:
    return {
        "name": name,
        "buttons": buttons,
        "caption": caption,
        "hidden": hidden or {},
        "small": small,
        "csrf_token": context.get("csrf_token"),
    }


def _user(context):
    return context["request"].user


@register.inclusion_tag("reports/_export_buttons.html", takes_context=True)
def roadmap_export_buttons(context, roadmap):
    if not scoping.can_export_roadmap(_user(context), roadmap):
        return {}
    return _buttons(
        context,
        "roadmap",
        [
            (PDF_LABEL, reverse("reports:roadmap", args=[roadmap.pk, "pdf"])),
            (XLSX_LABEL, reverse("reports:roadmap", args=[roadmap.pk, "xlsx"])),
            (DOCX_LABEL, reverse("reports:roadmap", args=[roadmap.pk, "docx"])),
        ],
    )


@register.inclusion_tag("reports/_export_buttons.html", takes_context=True)
def stage_export_buttons(context, snapshot):
    if not scoping.can_export_stage_report(_user(context), snapshot):
        return {}
    return _buttons(
        context,
        f"stage-{snapshot.pk}",
        small=True,
        buttons=[
            (PDF_LABEL, reverse("reports:stage", args=[snapshot.pk, "pdf"])),
            (XLSX_LABEL, reverse("reports:stage", args=[snapshot.pk, "xlsx"])),
        ],
    )


@register.inclusion_tag("reports/_export_buttons.html", takes_context=True)
def region_export_buttons(context, region, year):
    if not scoping.can_export_region_tables(_user(context), region):
        return {}
    return _buttons(
        context,
        "region",
        caption=f"Выгрузки региона за {year} год",
        hidden={"year": year},
        buttons=[
            ("Документы школ — Excel", reverse("reports:region_documents", args=[region.pk, "xlsx"])),
            ("Все мероприятия карт — Excel", reverse("reports:region_items", args=[region.pk, "xlsx"])),
        ],
    )


@register.inclusion_tag("reports/_export_buttons.html", takes_context=True)
def national_export_buttons(context, year):
    if not scoping.can_export_national(_user(context)):
        return {}
    return _buttons(
        context,
        "national",
        caption=f"Сводка по всем регионам за {year} год",
        hidden={"year": year},
        buttons=[
            (PDF_LABEL, reverse("reports:national", args=["pdf"])),
            (XLSX_LABEL, reverse("reports:national", args=["xlsx"])),
            ("Все мероприятия карт — Excel", reverse("reports:national_items", args=["xlsx"])),
        ],
    )


@register.inclusion_tag("reports/_curator_form.html", takes_context=True)
def curator_report_form(context, school):
    date_from, date_to = default_period()
    return {
        "allowed": scoping.can_export_curator_report(_user(context), school),
        "school": school,
        "date_from": date_from,
        "date_to": date_to,
        "csrf_token": context.get("csrf_token"),
    }
