"""Правка карты на месте (htmx): разделы и мероприятия. Без JavaScript те же адреса работают обычными
формами с переходом обратно на карту. Конфликт правок не теряет ничего из введённого."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

import access as scoping
from catalog.figures import suggest_figure
from config.web import run_service
from roadmaps import history, rows_cache, selectors, services
from roadmaps.forms import ItemForm, SectionForm
from roadmaps.models import Item, Section
from roadmaps.periods import PERIOD_KIND_LABELS, PeriodKind, parse_period
from roadmaps.views import editable_roadmap_or_404


def _rows_response(request, roadmap, *, flash: str = ""):
    """После изменения порядка номера могли сдвинуться — отдаём всю таблицу карты заново, с теми же
    фильтрами, что стоят на странице, и обновляем сводку над таблицей (вне tbody — out-of-band)."""
    if not request.htmx:
        if flash:
            messages.success(request, flash)
        return redirect(reverse("roadmaps:detail", kwargs={"roadmap_id": roadmap.pk}))
    page_query = QueryDict(urlsplit(request.htmx.current_url or "").query)
    filters = selectors.filters_from_query(page_query)
    # Те же готовые строки, что у страницы карты: версия карты уже поднята коммитом службы, поэтому
    # строки собираются заново и следующий показ карты этим же человеком берёт их из кэша.
    rows = rows_cache.rendered_rows(
        request,
        roadmap=roadmap,
        filters=filters,
        can_edit=True,
        can_execute=scoping.is_roadmap_owner(request.user, roadmap),
    )
    context = {"roadmap": roadmap, "view": rows.view, "filters": filters, "oob": True, "flash": flash}
    html = rows.html + render_to_string("roadmaps/_summary.html", context, request)
    # Форма стоит на месте одной строки, а ответ — вся таблица: перенаправляем замену на tbody.
    return reswap(retarget(HttpResponse(html), "#map-rows"), "outerHTML")


def _editable(request, model, pk):
    obj = scoping.get_visible_or_404(request.user, model, pk)
    if not scoping.can_edit(request.user, obj):
        raise PermissionDenied("Эта карта вам доступна только для чтения.")
    return obj


def _item_form(request, roadmap, *, instance=None, data=None, initial=None):
    organisations, users = selectors.responsible_choices(roadmap=roadmap)
    return ItemForm(
        data, instance=instance, initial=initial, roadmap=roadmap, organisations=organisations, users=users
    )


def _form_response(request, roadmap, form, *, item=None, conflict=None):
    template = "roadmaps/_item_form_row.html" if request.htmx else "roadmaps/item_form_page.html"
    return render(request, template, {"roadmap": roadmap, "form": form, "item": item, "conflict": conflict})


# --- Мероприятия -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def item_create(request, roadmap_id: int):
    roadmap = editable_roadmap_or_404(request.user, roadmap_id)
    section_id = request.GET.get("section") or None
    form = _item_form(request, roadmap, data=request.POST or None, initial={"section": section_id})
    if request.method == "POST":
        item = run_service(
            request,
            form,
            lambda: services.item_create(actor=request.user, roadmap=roadmap, **form.service_kwargs()),
        )
        if item:
            return _rows_response(request, roadmap)
    return _form_response(request, roadmap, form)


@require_http_methods(["GET", "POST"])
def item_edit(request, item_id: int):
    item = _editable(request, Item, item_id)
    roadmap = item.roadmap
    form = _item_form(request, roadmap, instance=item, data=request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return _form_response(request, roadmap, form, item=item)
        expected = form.cleaned_data.get("version") or 0
        try:
            run_service(
                request,
                form,
                lambda: services.item_update(
                    actor=request.user, item=item, expected_version=expected, **form.service_kwargs()
                ),
            )
        except services.EditConflict as conflict:
            return _conflict_response(request, roadmap, item, conflict.current)
        if not form.errors:
            return _rows_response(request, roadmap)
    return _form_response(request, roadmap, form, item=item)


def _conflict_response(request, roadmap, item, current: Item):
    """Форма остаётся с тем, что ввёл человек; рядом — чья и какая правка успела раньше.
    Скрытая версия обновляется: повторное «Сохранить» осознанно перезапишет чужую правку."""
    data = request.POST.copy()
    data["version"] = current.version
    form = _item_form(request, roadmap, instance=current, data=data)
    form.is_valid()
    entries = history.item_history(current.pk, roadmap)
    latest = entries[0] if entries else None
    return _form_response(request, roadmap, form, item=current, conflict=latest)


@require_GET
def item_row(request, item_id: int):
    """Строка мероприятия для просмотра (например, «Отмена» в форме на месте)."""
    item = selectors.item_prefetched(user=request.user, item_id=item_id)
    roadmap = item.roadmap
    row = next((r for r in selectors.map_rows(roadmap=roadmap).rows if r.item and r.item.pk == item.pk), None)
    return render(
        request,
        "roadmaps/_item_row.html",
        {"row": row, "roadmap": roadmap, "can_edit": scoping.can_edit_roadmap(request.user, roadmap)},
    )


@require_POST
def item_delete(request, item_id: int):
    item = _editable(request, Item, item_id)
    roadmap = item.roadmap
    services.item_delete(item=item)
    return _rows_response(
        request, roadmap, flash="Мероприятие удалено. Его можно вернуть на странице истории карты."
    )


@require_POST
def item_move(request, item_id: int):
    item = _editable(request, Item, item_id)
    services.item_move(item=item, step=-1 if request.POST.get("direction") == "up" else 1)
    return _rows_response(request, item.roadmap)


@require_POST
def item_duplicate(request, item_id: int):
    item = _editable(request, Item, item_id)
    services.item_duplicate(actor=request.user, item=item)
    return _rows_response(request, item.roadmap)


def item_history(request, item_id: int):
    item = selectors.item_prefetched(user=request.user, item_id=item_id)
    return render(
        request,
        "roadmaps/item_history.html",
        {
            "item": item,
            "roadmap": item.roadmap,
            "entries": history.item_history(item.pk, item.roadmap),
            "number": selectors.item_number(item),
            "can_edit": scoping.can_edit_roadmap(request.user, item.roadmap),
        },
    )


@require_http_methods(["GET", "POST"])
def item_restore(request, roadmap_id: int, item_id: int, history_id: int):
    """Вернуть версию мероприятия из истории (в том числе удалённого): сначала — что изменится,
    и только после подтверждения («confirm») — сам возврат."""
    roadmap = editable_roadmap_or_404(request.user, roadmap_id)
    preview = history.restore_preview(item_id=item_id, history_id=history_id, roadmap=roadmap)
    if preview is None:
        messages.error(request, "Такой версии нет.")
        return redirect("roadmaps:history", roadmap_id=roadmap.pk)
    if request.method == "POST" and request.POST.get("confirm") == "1":
        seen = request.POST.get("seen", "")
        try:
            services.item_restore(
                actor=request.user,
                item_id=item_id,
                history_id=history_id,
                roadmap=roadmap,
                seen_history_id=int(seen) if seen.isdigit() else None,
            )
        except services.EditConflict:
            messages.warning(
                request,
                "Пока вы смотрели предпросмотр, мероприятие изменили — ничего не возвращено. "
                "Ниже — что изменится теперь; подтвердите ещё раз, если возврат всё ещё нужен.",
            )
            preview = history.restore_preview(item_id=item_id, history_id=history_id, roadmap=roadmap)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("roadmaps:history", roadmap_id=roadmap.pk)
        else:
            messages.success(request, "Версия мероприятия восстановлена.")
            return redirect(
                reverse("roadmaps:detail", kwargs={"roadmap_id": roadmap.pk}) + f"#item-{item_id}"
            )
    return render(
        request, "roadmaps/item_restore.html", {"roadmap": roadmap, "preview": preview, "item_id": item_id}
    )


# --- Разделы -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def section_create(request, roadmap_id: int):
    roadmap = editable_roadmap_or_404(request.user, roadmap_id)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and run_service(
        request, form, lambda: services.section_create(roadmap=roadmap, **form.cleaned_data)
    ):
        return _rows_response(request, roadmap)
    template = "roadmaps/_section_form_row.html" if request.htmx else "roadmaps/section_form_page.html"
    return render(request, template, {"roadmap": roadmap, "form": form})


@require_http_methods(["GET", "POST"])
def section_edit(request, section_id: int):
    section = _editable(request, Section, section_id)
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and run_service(
        request, form, lambda: services.section_update(section=section, **form.cleaned_data)
    ):
        return _rows_response(request, section.roadmap)
    template = "roadmaps/_section_form_row.html" if request.htmx else "roadmaps/section_form_page.html"
    return render(request, template, {"roadmap": section.roadmap, "form": form, "section": section})


@require_POST
def section_delete(request, section_id: int):
    section = _editable(request, Section, section_id)
    roadmap = section.roadmap
    services.section_delete(section=section)
    return _rows_response(request, roadmap, flash="Раздел удалён, его мероприятия перенесены в начало карты.")


@require_POST
def section_move(request, section_id: int):
    section = _editable(request, Section, section_id)
    services.section_move(section=section, step=-1 if request.POST.get("direction") == "up" else 1)
    return _rows_response(request, section.roadmap)


@require_GET
def indicator_suggest(request):
    """Подсказка по мере ввода показателя: если текст узнаётся, предлагаем связать его с показателем
    мониторинга — тогда факт будет считаться сам."""
    figure = suggest_figure(request.GET.get("indicator", ""))
    current = request.GET.get("indicator_figure", "")
    return render(
        request,
        "roadmaps/_indicator_suggest.html",
        {"figure": figure, "already": figure is not None and figure.value == current},
    )


# --- Подсказка разбора срока по мере ввода ---------------------------------------------------


def _preview_label(parsed) -> str:
    """Вид срока перед разбором — только если он что-то добавляет: не «срок до: до 01.03.2021»,
    не «не распознано: не распознано», не «квартал: I полугодие»."""
    label = PERIOD_KIND_LABELS[parsed.kind]
    display = parsed.display().lower()
    redundant = (
        PeriodKind.UNTIL,
        PeriodKind.UNPARSED,
        PeriodKind.EVENT,
        PeriodKind.CONTINUOUS,
        PeriodKind.YEAR,
    )
    if parsed.kind in redundant or display.startswith(label) or "полугод" in display or "квартал" in display:
        return ""
    return label


@require_GET
def period_preview(request):
    text = request.GET.get("period_text", "")
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = scoping.current_year()
    parsed = parse_period(text, year)
    return render(
        request,
        "roadmaps/_period_preview.html",
        {
            "parsed": parsed,
            "kind_label": _preview_label(parsed),
            "empty": not text.strip(),
            "outside": parsed.outside_year(year),
            "year": year,
        },
    )
