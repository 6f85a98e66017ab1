"""Чтение дорожных карт: нумерация, фильтры, просрочка, обзор муниципальных карт. Число запросов не
зависит от числа мероприятий: разделы, мероприятия и ответственные читаются пачками."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

import access as scoping
from accounts.models import User
from roadmaps.models import Item, ItemStatus, Level, MapStatus, RoadMap, Section, Transition
from schools.models import Municipality, Organisation, Region

OPEN_STATUSES = (ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS)


@dataclass(frozen=True)
class ItemFilters:
    status: str = ""
    organisation_id: int | None = None
    user_id: int | None = None
    overdue: bool = False
    due_this_month: bool = False
    flagged: bool = False

    @property
    def active(self) -> bool:
        return any(
            (self.status, self.organisation_id, self.user_id, self.overdue, self.due_this_month, self.flagged)
        )


@dataclass
class Row:
    """Строка карты: раздел или мероприятие с выведенным номером."""

    number: str
    section: Section | None = None
    item: Item | None = None
    overdue: bool = False
    add_slot: bool = False  # место для «+ мероприятие» в конце раздела (или списка без раздела)


@dataclass
class MapView:
    roadmap: RoadMap
    rows: list[Row] = field(default_factory=list)
    today: date | None = None
    total: int = 0
    shown: int = 0
    overdue: int = 0
    flagged: int = 0


def roadmap_list(*, user: User, year: int | None = None, level: str = "") -> QuerySet[RoadMap]:
    qs = scoping.visible(user, RoadMap).select_related("region", "municipality", "school")
    if year:
        qs = qs.filter(year=year)
    if level:
        qs = qs.filter(level=level)
    # Без агрегатов: их считает with_item_counts только для строк страницы (COUNT пагинатора — по картам).
    return qs.order_by("-year", "region__name", "level", "municipality__name", "school__short_name", "pk")


def with_item_counts(maps) -> list[RoadMap]:
    """Мероприятий, исполнено, сроков «требует внимания» — одним GROUP BY по картам страницы."""
    maps = list(maps)
    counts = {
        row["roadmap_id"]: row
        for row in Item.objects.filter(roadmap__in=[m.pk for m in maps])
        .values("roadmap_id")
        .annotate(
            item_count=Count("pk"),
            done_count=Count("pk", filter=Q(status=ItemStatus.DONE)),
            flagged_count=Count("pk", filter=Q(period_flagged=True)),
        )
        .order_by()
    }
    for roadmap in maps:
        row = counts.get(roadmap.pk, {})
        for name in ("item_count", "done_count", "flagged_count"):
            setattr(roadmap, name, row.get(name, 0))
    return maps


def roadmap_get(*, user: User, roadmap_id: int) -> RoadMap:
    qs = RoadMap.objects.select_related("region", "municipality", "school")
    return scoping.get_visible_or_404(user, RoadMap, roadmap_id, queryset=qs)


def is_overdue(item: Item, today: date) -> bool:
    """Просрочено: последний срок прошёл, а мероприятие не выполнено (и не отменено); или у срока из
    нескольких точек («март, октябрь 2026») прошла первая, а работа так и не начата («не начато»)."""
    if item.status not in OPEN_STATUSES:
        return False
    if item.period_end is not None and item.period_end < today:
        return True
    first = item.period_first_end
    return item.status == ItemStatus.NOT_STARTED and first is not None and first < today


def overdue_q(today: date, prefix: str = "") -> Q:
    """То же правило, что is_overdue, условием запроса; prefix — путь к мероприятию («item__»)."""
    return Q(**{f"{prefix}status__in": OPEN_STATUSES, f"{prefix}period_end__lt": today}) | Q(
        **{f"{prefix}status": ItemStatus.NOT_STARTED, f"{prefix}period_first_end__lt": today}
    )


def _filtered_items(roadmap: RoadMap, filters: ItemFilters, today: date) -> QuerySet[Item]:
    items = roadmap.items.all()
    if filters.status:
        items = items.filter(status=filters.status)
    if filters.organisation_id:
        items = items.filter(responsible_organisations=filters.organisation_id)
    if filters.user_id:
        items = items.filter(responsible_users=filters.user_id)
    if filters.overdue:
        items = items.filter(overdue_q(today))
    if filters.due_this_month:
        first = today.replace(day=1)
        last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
        items = items.filter(period_end__gte=first, period_end__lte=last)
    if filters.flagged:
        items = items.filter(period_flagged=True)
    return (
        items.prefetch_related("responsible_organisations", "responsible_users")
        .annotate(evidence_count=Count("evidence"))
        .order_by("position", "pk")
    )


def map_rows(
    *,
    roadmap: RoadMap,
    filters: ItemFilters | None = None,
    today: date | None = None,
    items: QuerySet[Item] | None = None,
) -> MapView:
    """Разделы и мероприятия по порядку с номерами. Мероприятия без раздела идут первыми и делят
    сквозную нумерацию верхнего уровня с разделами (как в документах: 1, 2, 3 и 4.1, 4.2…).
    Номера считаются по всей карте и под фильтром не меняются: 1.2 остаётся 1.2, даже если 1.1 скрыто.

    items — все мероприятия карты своим запросом (сверке, например, не нужны ответственные люди и
    число подтверждений); по умолчанию — как на странице карты."""
    filters = filters or ItemFilters()
    today = today or roadmap.region.local_today()
    sections = list(roadmap.sections.order_by("position", "pk"))
    items = list(items if items is not None else _filtered_items(roadmap, ItemFilters(), today))
    shown = (
        set(_filtered_items(roadmap, filters, today).values_list("pk", flat=True)) if filters.active else None
    )
    by_section: dict[int | None, list[Item]] = {}
    for item in items:
        by_section.setdefault(item.section_id, []).append(item)

    def visible(item: Item) -> bool:
        return shown is None or item.pk in shown

    view = MapView(
        roadmap=roadmap, today=today, total=len(items), shown=len(shown) if shown is not None else len(items)
    )
    top = 0
    loose = _sorted(by_section.get(None, []))
    for item in loose:
        top += 1
        if visible(item):
            view.rows.append(Row(str(top), item=item, overdue=is_overdue(item, today)))
    if (loose or not sections) and not filters.active:
        view.rows.append(Row("", add_slot=True))
    for section in sections:
        top += 1
        section_items = _sorted(by_section.get(section.pk, []))
        numbered = [
            (f"{top}.{index}", item) for index, item in enumerate(section_items, start=1) if visible(item)
        ]
        if filters.active and not numbered:
            continue
        view.rows.append(Row(str(top), section=section))
        view.rows += [Row(number, item=item, overdue=is_overdue(item, today)) for number, item in numbered]
        if not filters.active:
            view.rows.append(Row("", section=section, add_slot=True))
    view.overdue = sum(1 for item in items if is_overdue(item, today))
    view.flagged = sum(1 for item in items if item.period_flagged)
    return view


def filters_from_query(query) -> ItemFilters:
    """Фильтры карты из строки запроса — и страницы, и адреса, с которого пришёл htmx-запрос."""

    def number(name):
        try:
            return int(query.get(name, ""))
        except ValueError:
            return None

    status = query.get("status", "")
    return ItemFilters(
        status=status if status in ItemStatus.values else "",
        organisation_id=number("organisation"),
        user_id=number("user"),
        overdue=bool(query.get("overdue")),
        due_this_month=bool(query.get("due_this_month")),
        flagged=bool(query.get("flagged")),
    )


def _sorted(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (i.position, i.pk))


def item_number(item: Item) -> str:
    """Номер одного мероприятия — для заголовков страниц истории и сообщений."""
    for row in map_rows(roadmap=item.roadmap).rows:
        if row.item is not None and row.item.pk == item.pk:
            return row.number
    return ""


def responsible_choices(*, roadmap: RoadMap) -> tuple[QuerySet[Organisation], QuerySet[User]]:
    """Ответственные для выбора: организации региона карты и люди с ролями в этом регионе."""
    organisations = Organisation.objects.filter(region_id=roadmap.region_id).order_by("short_name")
    users = (
        User.objects.filter(
            is_active=True, memberships__region_id=roadmap.region_id, memberships__is_active=True
        )
        .distinct()
        .order_by("last_name", "first_name")
    )
    return organisations, users


def transitions(*, roadmap: RoadMap) -> QuerySet[Transition]:
    return roadmap.transitions.select_related("actor").order_by("-created_at", "-pk")


# --- Обзор муниципальных карт региона ----------------------------------------------------------


@dataclass
class MunicipalMapState:
    municipality: Municipality
    roadmap: RoadMap | None
    state: str  # not_started / draft / submitted / returned / approved
    state_label: str
    overdue: bool


NOT_STARTED_LABEL = "не начата"


def municipal_maps_overview(
    *, user: User, region: Region, year: int
) -> tuple[list[MunicipalMapState], date | None]:
    """Все муниципалитеты региона с состоянием их карты на год и просрочкой против срока
    региональной карты."""
    regional = scoping.visible(user, RoadMap).filter(level=Level.REGIONAL, region=region, year=year).first()
    deadline = regional.municipal_deadline if regional else None
    today = region.local_today()
    maps = {
        m.municipality_id: m
        for m in scoping.visible(user, RoadMap).filter(level=Level.MUNICIPAL, region=region, year=year)
    }
    states = []
    for municipality in scoping.visible(user, Municipality).filter(region=region).order_by("name"):
        roadmap = maps.get(municipality.pk)
        state = roadmap.status if roadmap else "not_started"
        label = roadmap.get_status_display() if roadmap else NOT_STARTED_LABEL
        late = (
            deadline is not None
            and today > deadline
            and state not in (MapStatus.SUBMITTED, MapStatus.APPROVED)
        )
        states.append(MunicipalMapState(municipality, roadmap, state, label, late))
    return states, deadline


def maps_awaiting_review(*, user: User) -> QuerySet[RoadMap]:
    scope = scoping.scope_of(user)
    return (
        scoping.visible(user, RoadMap)
        .filter(level=Level.MUNICIPAL, status=MapStatus.SUBMITTED, region_id__in=scope.coordinator_region_ids)
        .select_related("municipality")
    )


def sections_of(roadmap: RoadMap) -> QuerySet[Section]:
    return roadmap.sections.order_by("position")


def roadmap_items(*, roadmap: RoadMap) -> QuerySet[Item]:
    return roadmap.items.all()


def item_prefetched(*, user: User, item_id: int) -> Item:
    qs = (
        Item.objects.select_related("roadmap__region", "section")
        .prefetch_related(Prefetch("responsible_organisations"), Prefetch("responsible_users"))
        .annotate(evidence_count=Count("evidence"))
    )
    return scoping.get_visible_or_404(user, Item, item_id, queryset=qs)


def evidence_of(*, item: Item) -> QuerySet:
    return item.evidence.select_related("added_by").order_by("added_at", "pk")


def linked_figure_values(*, roadmap: RoadMap, view: MapView) -> dict[str, float | None]:
    """Живые значения показателей, с которыми связаны мероприятия карты (на сегодня, для владельца
    карты). Читаются из хранимых показателей (monitoring.rollup) — только если связанные мероприятия есть."""
    if not any(row.item is not None and row.item.indicator_figure for row in view.rows):
        return {}
    return figure_values(roadmap=roadmap, today=view.today)


def figure_values(*, roadmap: RoadMap, today: date) -> dict[str, float | None]:
    """Значения всех показателей владельца карты за её год на сегодня (из хранимых показателей)."""
    from catalog.figures import Figure
    from hooks.figures import owner_figures

    level, object_id = {
        Level.REGIONAL: ("region", roadmap.region_id),
        Level.MUNICIPAL: ("municipality", roadmap.municipality_id),
        Level.SCHOOL: ("school", roadmap.school_id),
    }[roadmap.level]
    owner = owner_figures(
        year=roadmap.year, level=level, object_id=object_id, region_id=roadmap.region_id, as_of=today
    )
    return {code: owner.share(code) if owner else None for code in Figure.values}
