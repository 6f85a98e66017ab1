"""Домашняя страница как входящие: у каждой роли — списки того, что ждёт её действия, каждая строка —
ссылка, где действовать. Списки ограничены (первые INBOX_LIMIT строк и общее число), поэтому число
запросов не растёт с числом карт, мероприятий, школ и документов (тесты — на 10 и 200 строках).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Window
from django.urls import reverse

from accounts.models import User
from roadmaps.models import Item, ItemStatus, Level, MapStatus, RoadMap, Transition
from schools.models import CuratorAssignment, Municipality, RiskProfile, School
from schoolwork.models import DocumentKind, DocumentStatus, SchoolDocument, Visit, VisitStatus

INBOX_LIMIT = 10
SOON_DAYS = 14
CLOSED = (ItemStatus.DONE, ItemStatus.CANCELLED)


@dataclass
class InboxList:
    """Один список входящих: заголовок, первые строки (текст, пояснение, ссылка) и сколько всего."""

    key: str
    title: str
    empty: str
    rows: list[tuple[str, str, str]] = field(default_factory=list)
    total: int = 0
    more_url: str = ""

    @property
    def more(self) -> int:
        return max(self.total - len(self.rows), 0)


def _bounded(key, title, empty, queryset: QuerySet, row, *, more_url: str = "") -> InboxList:
    """Один запрос на список при любом объёме: первые INBOX_LIMIT строк и (оконной функцией) общее число."""
    objects = list(queryset.annotate(inbox_total=Window(Count("pk")))[:INBOX_LIMIT])
    total = objects[0].inbox_total if objects else 0
    return InboxList(key, title, empty, [row(obj) for obj in objects], total, more_url)


def _map_url(roadmap_id: int, anchor: str = "") -> str:
    return reverse("roadmaps:detail", kwargs={"roadmap_id": roadmap_id}) + anchor


def _item_row(item: Item) -> tuple[str, str, str]:
    where = item.roadmap.municipality.name if item.roadmap.municipality_id else "региональная карта"
    text = str(item)
    due = f"срок {item.period_end:%d.%m.%Y}" if item.period_end else ""
    return text, f"{where}; {due}" if due else where, _map_url(item.roadmap_id, f"#item-{item.pk}")


def _open_items(maps: QuerySet) -> QuerySet:
    return (
        Item.objects.filter(roadmap__in=maps)
        .exclude(status__in=CLOSED)
        .select_related("roadmap__municipality")
        .only(
            "pk",
            "description",
            "period_end",
            "roadmap_id",
            "roadmap__municipality__name",
            "roadmap__municipality_id",
        )
        .order_by("period_end", "pk")
    )


# --- Региональный координатор ---------------------------------------------------------------------


def regional_inbox(*, region_id: int, year: int, today: date) -> list[InboxList]:
    municipal = RoadMap.objects.filter(region_id=region_id, year=year, level=Level.MUNICIPAL)
    regional = RoadMap.objects.filter(region_id=region_id, year=year, level=Level.REGIONAL).first()
    deadline = regional.municipal_deadline if regional else None
    lists = [
        _bounded(
            "review",
            "Муниципальные карты ждут рассмотрения",
            "Карт на рассмотрении нет.",
            municipal.filter(status=MapStatus.SUBMITTED)
            .select_related("municipality")
            .order_by("updated_at"),
            lambda m: (
                m.municipality.name,
                f"отправлена {m.updated_at:%d.%m.%Y}",
                _map_url(m.pk, "#workflow"),
            ),
        ),
        _bounded(
            "returned",
            "Возвращены на доработку и ещё не отправлены снова",
            "Таких карт нет.",
            municipal.filter(status=MapStatus.RETURNED).select_related("municipality").order_by("updated_at"),
            lambda m: (m.municipality.name, f"возвращена {m.updated_at:%d.%m.%Y}", _map_url(m.pk)),
        ),
    ]
    sent = municipal.filter(status__in=(MapStatus.SUBMITTED, MapStatus.APPROVED), municipality=OuterRef("pk"))
    missing = Municipality.objects.filter(region_id=region_id).exclude(Exists(sent)).order_by("name")
    when = f"срок представления — {deadline:%d.%m.%Y}" if deadline else "срок представления не задан"
    if deadline and deadline < today:
        when = f"срок {deadline:%d.%m.%Y} прошёл"
    lists.append(
        _bounded(
            "missing",
            "Муниципалитеты без представленной карты",
            "Все муниципалитеты представили карты.",
            missing,
            lambda m: (
                m.name,
                when,
                reverse("schools:municipality_detail", kwargs={"municipality_id": m.pk}),
            ),
            more_url=reverse("roadmaps:municipal_overview", kwargs={"region_id": region_id})
            + f"?year={year}",
        )
    )
    region_maps = RoadMap.objects.filter(region_id=region_id, year=year)
    lists.append(
        _bounded(
            "overdue",
            "Просроченные мероприятия в регионе",
            "Просроченных мероприятий нет.",
            _open_items(region_maps).filter(period_end__lt=today),
            _item_row,
        )
    )
    visited = Visit.objects.filter(school=OuterRef("pk"), status=VisitStatus.DONE, date__year=year)
    unvisited = (
        School.objects.filter(municipality__region_id=region_id, participations__year=year)
        .exclude(Exists(visited))
        .select_related("municipality")
        .order_by("municipality__name", "short_name")
    )
    lists.append(
        _bounded(
            "unvisited",
            f"Школы без посещения в {year} году",
            "Все школы программы посещены.",
            unvisited,
            lambda s: (
                s.short_name,
                s.municipality.name,
                reverse("schoolwork:school_visits", kwargs={"school_id": s.pk}),
            ),
        )
    )
    lists.append(
        _documents_waiting(
            SchoolDocument.objects.filter(school__municipality__region_id=region_id, year=year)
        )
    )
    return lists


def _documents_waiting(documents: QuerySet) -> InboxList:
    return _bounded(
        "documents",
        "Документы школ ждут подтверждения",
        "Документов на проверке нет.",
        documents.filter(status=DocumentStatus.UPLOADED).select_related("school").order_by("pk"),
        lambda d: (
            d.label,
            d.school.short_name,
            reverse("schoolwork:document_detail", kwargs={"document_id": d.pk}),
        ),
    )


# --- Муниципальный координатор --------------------------------------------------------------------


def municipal_inbox(*, municipality_id: int, year: int, today: date) -> dict:
    roadmap = RoadMap.objects.filter(
        municipality_id=municipality_id, year=year, level=Level.MUNICIPAL
    ).first()
    last_review = None
    lists: list[InboxList] = []
    if roadmap is not None:
        last_review = (
            Transition.objects.filter(
                roadmap=roadmap, to_status__in=(MapStatus.RETURNED, MapStatus.APPROVED, MapStatus.DRAFT)
            )
            .exclude(comment="")
            .select_related("actor")
            .order_by("-created_at", "-pk")
            .first()
        )
        maps = RoadMap.objects.filter(pk=roadmap.pk)
        lists.append(
            _bounded(
                "overdue",
                "Просроченные мероприятия карты",
                "Просроченных нет.",
                _open_items(maps).filter(period_end__lt=today),
                _item_row,
            )
        )
        lists.append(
            _bounded(
                "soon",
                f"Срок в ближайшие {SOON_DAYS} дней",
                "В ближайшие две недели сроков нет.",
                _open_items(maps).filter(
                    period_end__gte=today, period_end__lte=today + timedelta(days=SOON_DAYS)
                ),
                _item_row,
            )
        )
    return {"roadmap": roadmap, "last_review": last_review, "lists": lists}


# --- Куратор --------------------------------------------------------------------------------------


def curator_inbox(*, user: User, region_id: int, year: int, today: date) -> list[InboxList]:
    mine = CuratorAssignment.objects.filter(
        curator=user, year=year, school__municipality__region_id=region_id
    ).values("school_id")
    visits = (
        Visit.objects.filter(
            curator=user,
            status=VisitStatus.PLANNED,
            school_id__in=mine,
            date__gte=today,
            date__lte=today + timedelta(days=SOON_DAYS),
        )
        .select_related("school")
        .order_by("date", "pk")
    )
    profiles = (
        RiskProfile.objects.filter(school_id__in=mine, year=year, verified_at__isnull=True)
        .select_related("school")
        .order_by("school__short_name")
    )
    return [
        _bounded(
            "visits",
            f"Посещения в ближайшие {SOON_DAYS} дней",
            "Запланированных посещений на две недели нет.",
            visits,
            lambda v: (
                f"{v.date:%d.%m.%Y} — {v.school.short_name}",
                v.get_kind_display(),
                reverse("schoolwork:visit_detail", kwargs={"visit_id": v.pk}),
            ),
        ),
        _documents_waiting(SchoolDocument.objects.filter(school_id__in=mine, year=year)),
        _bounded(
            "profiles",
            "Рисковые профили ждут проверки",
            "Непроверенных профилей нет.",
            profiles,
            lambda p: (
                p.school.short_name,
                f"{p.year} год",
                reverse("schoolwork:risk_profile", kwargs={"school_id": p.school_id}) + f"?year={p.year}",
            ),
        ),
    ]


def school_progress(schools: QuerySet, year: int) -> dict[int, tuple[int, int]]:
    """Выполнено / всего мероприятий в школьной карте года — одним запросом на все школы."""
    rows = (
        Item.objects.filter(
            roadmap__school_id__in=schools.values("pk"), roadmap__year=year, roadmap__level=Level.SCHOOL
        )
        .values("roadmap__school_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(status=ItemStatus.DONE)))
    )
    return {row["roadmap__school_id"]: (row["done"], row["total"]) for row in rows}


# --- Команда школы --------------------------------------------------------------------------------


@dataclass
class Step:
    title: str
    done: bool
    state: str
    url: str
    action: str


def school_checklist(*, school: School, year: int) -> list[Step]:
    """Шаги года школы по порядку: у каждого — состояние и ссылка, где его сделать."""
    profile = (
        RiskProfile.objects.filter(school=school, year=year)
        .annotate(directions=Count("levels", filter=Q(levels__is_active_direction=True)))
        .first()
    )
    kinds = set(
        SchoolDocument.objects.filter(school=school, year=year, status=DocumentStatus.CONFIRMED).values_list(
            "kind", flat=True
        )
    )
    uploaded = set(SchoolDocument.objects.filter(school=school, year=year).values_list("kind", flat=True))
    roadmap = (
        RoadMap.objects.filter(school=school, year=year, level=Level.SCHOOL).only("pk", "status").first()
    )
    profile_url = reverse("schoolwork:risk_profile", kwargs={"school_id": school.pk}) + f"?year={year}"
    documents_url = reverse("schoolwork:school_documents", kwargs={"school_id": school.pk}) + f"?year={year}"
    directions = profile.directions if profile else 0

    def document_step(kind: str, title: str) -> Step:
        state = (
            "подтверждён куратором"
            if kind in kinds
            else "загружен, ждёт проверки куратора"
            if kind in uploaded
            else "не загружен"
        )
        return Step(
            title, kind in kinds, state, documents_url, "Загрузить" if kind not in uploaded else "Открыть"
        )

    return [
        Step(
            "Рисковый профиль проверен куратором",
            bool(profile and profile.verified_at),
            "проверен"
            if profile and profile.verified_at
            else "внесён, ждёт проверки куратора после первого посещения"
            if profile
            else "не внесён",
            profile_url,
            "Открыть профиль",
        ),
        Step(
            "Выбрано не меньше двух рисковых направлений",
            directions >= 2,
            f"выбрано: {directions}",
            reverse("schoolwork:risk_directions", kwargs={"profile_id": profile.pk})
            if profile
            else profile_url,
            "Выбрать направления",
        ),
        document_step(DocumentKind.CONCEPT, "Концепция развития"),
        document_step(DocumentKind.MIDTERM, "Среднесрочная программа развития"),
        Step(
            "Дорожная карта школы утверждена куратором",
            bool(roadmap and roadmap.status == MapStatus.APPROVED),
            roadmap.get_status_display() if roadmap else "не создана",
            _map_url(roadmap.pk)
            if roadmap
            else reverse("roadmaps:create") + f"?level=school&school={school.pk}",
            "Открыть карту" if roadmap else "Создать карту",
        ),
    ]


# --- Министерство ---------------------------------------------------------------------------------


def furthest_behind(*, maps: QuerySet, group: str, today: date, limit: int = INBOX_LIMIT) -> list[dict]:
    """Регионы или муниципалитеты с наибольшей долей просроченных мероприятий — один запрос."""
    key = f"roadmap__{group}_id"
    rows = (
        Item.objects.filter(roadmap__in=maps)
        .values(key, f"roadmap__{group}__name")
        .annotate(
            total=Count("pk"),
            overdue=Count("pk", filter=Q(period_end__lt=today) & ~Q(status__in=CLOSED)),
            done=Count("pk", filter=Q(status=ItemStatus.DONE)),
        )
        .filter(total__gt=0, **{f"{key}__isnull": False})
    )
    result = [
        {
            "id": row[key],
            "name": row[f"roadmap__{group}__name"],
            "total": row["total"],
            "overdue": row["overdue"],
            "done_share": round(100 * row["done"] / row["total"]),
        }
        for row in rows
    ]
    result.sort(key=lambda r: (-r["overdue"] / r["total"], r["done_share"], r["name"]))
    return [r for r in result if r["overdue"]][:limit]
