"""Готовые строки карты (tbody таблицы и числа сводки) в Redis — под версией карты.

Строки — большая часть страницы карты: на национальном объёме их сборка (разделы, мероприятия,
ответственные, подтверждения) и отрисовка шаблона — больше половины времени страницы. Между правками
карта не меняется, поэтому строки строятся один раз на версию карты и на то, что в них зависит от
смотрящего (может ли править, исполнять, за какие мероприятия отвечает сам), фильтры и «сегодня».

Версия карты поднимается после коммита любой записи, которая меняет то, что видно в строках. Ловим это
сигналами моделей, а не вызовами из служб: строки меняет не только служба карты, но и админка, возврат
версии из истории, переименование организации или человека — кэш не должен отстать ни от одного пути.
Сигналы только поднимают версию кэша, правил предметной области в них нет. Единственная запись мимо
сигналов — сдвиг номеров (services.versions.set_positions) — поднимает версию сама.

Живые значения показателей (monitoring.rollup) в строке хранятся вместе со строками и сверяются при
каждом чтении: пересчитались показатели — строки строятся заново."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from accounts.models import User
from config import fragments
from roadmaps import selectors
from roadmaps.models import Evidence, Item, RoadMap, Section
from schools.models import Organisation

NAMES = "names"  # краткие имена организаций и людей в строках всех карт (переименования редки)
PERSON_NAME_FIELDS = frozenset({"first_name", "last_name", "middle_name", "email"})


def map_scope(roadmap_id: int) -> str:
    return f"map:{roadmap_id}"


def map_changed(roadmap_id: int) -> None:
    """Строки карты устарели — после коммита текущей транзакции."""
    fragments.bump_scopes_after_commit([map_scope(roadmap_id)])


@dataclass
class MapRows:
    """Отрисованные строки и сводка над таблицей (те же поля, что у selectors.MapView, без строк)."""

    html: SafeString
    view: selectors.MapView
    from_cache: bool = False


def rendered_rows(
    request, *, roadmap: RoadMap, filters: selectors.ItemFilters, can_edit: bool, can_execute: bool
) -> MapRows:
    today = roadmap.region.local_today()
    context = {"roadmap": roadmap, "filters": filters, "can_edit": can_edit, "can_execute": can_execute}
    timeout = settings.FRAGMENT_CACHE_SECONDS
    # Внутри транзакции строки могут показать ещё не закоммиченное (ответ после правки под
    # SubmitOnceMiddleware): при откате оно осталось бы в кэше под действующей версией. Там — без кэша.
    if not timeout or _inside_transaction():
        return _build(request, context, today)
    # Версия — до чтения из базы (см. fragments.versions_of): иначе правка посреди сборки оставила бы
    # старые строки под новой версией.
    key = _key(request.user, roadmap, filters, can_edit=can_edit, can_execute=can_execute, today=today)
    entry = cache.get(key)
    if entry is not None and entry["linked"]:
        live = selectors.figure_values(roadmap=roadmap, today=today)
        if live != entry["live"]:
            entry = None
    if entry is not None:
        view = selectors.MapView(roadmap=roadmap, today=today, **entry["counts"])
        return MapRows(html=mark_safe(entry["html"]), view=view, from_cache=True)
    rows = _build(request, context, today)
    cache.set(key, _entry(rows, context["live"]), timeout=timeout)
    return rows


def _inside_transaction() -> bool:
    """Открыта ли транзакция приложения. Обёртку теста (pytest-django) не считаем — так же Django
    отличает её для atomic(durable=True)."""
    blocks = transaction.get_connection().atomic_blocks
    return any(not getattr(block, "_from_testcase", False) for block in blocks)


def _build(request, context: dict, today) -> MapRows:
    view = selectors.map_rows(roadmap=context["roadmap"], filters=context["filters"], today=today)
    context["view"] = view
    context["live"] = selectors.linked_figure_values(roadmap=context["roadmap"], view=view)
    html = render_to_string("roadmaps/_rows.html", context, request)
    return MapRows(html=mark_safe(html), view=view)


def _entry(rows: MapRows, live: dict) -> dict:
    view = rows.view
    counts = {"total": view.total, "shown": view.shown, "overdue": view.overdue, "flagged": view.flagged}
    return {"html": str(rows.html), "counts": counts, "linked": bool(live), "live": live}


def _key(user: User, roadmap: RoadMap, filters, *, can_edit: bool, can_execute: bool, today) -> str:
    versions = fragments.versions_of([map_scope(roadmap.pk), NAMES])
    # Кто не правит и не исполняет, видит «исп.» только у своих мероприятий — строки у него свои.
    audience = "editor" if can_edit else "executor" if can_execute else f"user:{user.pk}"
    # Время изменения и версия самой карты — на случай, если база пересоздана, а Redis нет.
    params = (filters, roadmap.version, roadmap.updated_at.isoformat(), today.isoformat())
    digest = hashlib.sha1(repr(params).encode()).hexdigest()[:16]
    return f"maprows:{roadmap.pk}:{versions}:{audience}:{digest}"


def _item_saved(sender, instance, **kwargs) -> None:
    map_changed(instance.roadmap_id)


def _evidence_saved(sender, instance, **kwargs) -> None:
    roadmap_id = Item.objects.filter(pk=instance.item_id).values_list("roadmap_id", flat=True).first()
    if roadmap_id is not None:
        map_changed(roadmap_id)


def _roadmap_saved(sender, instance, **kwargs) -> None:
    map_changed(instance.pk)


def _responsibles_changed(sender, instance, action, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if isinstance(instance, Item):
        map_changed(instance.roadmap_id)
    else:  # со стороны организации или человека — карты всех затронутых мероприятий
        for roadmap_id in set(Item.objects.filter(pk__in=pk_set or ()).values_list("roadmap_id", flat=True)):
            map_changed(roadmap_id)


def _names_changed(sender, instance, update_fields=None, **kwargs) -> None:
    if sender is User and update_fields is not None and not PERSON_NAME_FIELDS & set(update_fields):
        return  # вход в систему пишет last_login — имён это не меняет
    fragments.bump_scopes_after_commit([NAMES])


def connect_invalidation() -> None:
    for model in (Item, Section):
        post_save.connect(_item_saved, sender=model, dispatch_uid=f"rows_cache_{model.__name__}_save")
        post_delete.connect(_item_saved, sender=model, dispatch_uid=f"rows_cache_{model.__name__}_delete")
    post_save.connect(_evidence_saved, sender=Evidence, dispatch_uid="rows_cache_evidence_save")
    post_delete.connect(_evidence_saved, sender=Evidence, dispatch_uid="rows_cache_evidence_delete")
    post_save.connect(_roadmap_saved, sender=RoadMap, dispatch_uid="rows_cache_roadmap_save")
    for through in (Item.responsible_organisations.through, Item.responsible_users.through):
        uid = f"rows_cache_{through.__name__}"
        m2m_changed.connect(_responsibles_changed, sender=through, dispatch_uid=uid)
    for model in (Organisation, User):
        post_save.connect(_names_changed, sender=model, dispatch_uid=f"rows_cache_{model.__name__}_names")
        post_delete.connect(_names_changed, sender=model, dispatch_uid=f"rows_cache_{model.__name__}_gone")
