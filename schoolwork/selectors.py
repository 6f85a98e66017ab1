"""Чтение: посещения и документы школ. Всё начинается с querysets из access — чужого здесь нет.
Страницы-списки собираются за постоянное число запросов, сколько бы ни было строк."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, Max, Min, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

import access as scoping
from accounts.models import User
from schools.models import CuratorAssignment, RiskProfileLevel, School
from schoolwork.models import (
    SINGLE_KINDS,
    DocumentKind,
    DocumentStatus,
    DocumentVersion,
    SchoolDocument,
    Visit,
    VisitAttachment,
    VisitStatus,
)

NOT_UPLOADED = "none"
STATE_LABELS = {NOT_UPLOADED: "не загружен", **dict(DocumentStatus.choices)}


@dataclass(frozen=True)
class Place:
    """Где смотреть: регион и муниципалитет из фильтра (в пределах видимого человеку)."""

    region_id: int | None = None
    municipality_id: int | None = None

    def apply(self, qs: QuerySet, school_path: str = "") -> QuerySet:
        prefix = f"{school_path}__" if school_path else ""
        if self.region_id:
            qs = qs.filter(**{f"{prefix}municipality__region_id": self.region_id})
        if self.municipality_id:
            qs = qs.filter(**{f"{prefix}municipality_id": self.municipality_id})
        return qs


@dataclass(frozen=True)
class VisitFilters:
    place: Place = field(default_factory=Place)
    school_id: int | None = None
    status: str = ""
    kind: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def curator_schools(*, user: User, year: int) -> QuerySet[School]:
    """Школы, закреплённые за куратором в году, — для выбора школы в формах куратора."""
    assigned = CuratorAssignment.objects.filter(curator=user, year=year).values("school_id")
    return scoping.visible(user, School).filter(pk__in=assigned).select_related("municipality__region")


def _attachment_count() -> Coalesce:
    attachments = (
        VisitAttachment.objects.filter(visit=OuterRef("pk"))
        .values("visit")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(attachments, output_field=IntegerField()), 0)


def visit_list(*, user: User, filters: VisitFilters) -> QuerySet[Visit]:
    qs = filters.place.apply(scoping.visible(user, Visit), "school")
    if filters.school_id:
        qs = qs.filter(school_id=filters.school_id)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.date_from:
        qs = qs.filter(date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(date__lte=filters.date_to)
    return (
        qs.select_related("school__municipality__region", "curator")
        .annotate(attachment_count=_attachment_count())  # подзапрос: только для строк страницы
        .order_by("-date", "-pk")
    )


def _school_visits(year: int, status: str) -> QuerySet[Visit]:
    return (
        Visit.objects.filter(school=OuterRef("pk"), date__year=year, status=status)
        .order_by()
        .values("school")
    )


def visit_counts_by_school(
    *, user: User, year: int, place: Place, unvisited_only: bool = False
) -> QuerySet[School]:
    """Школы программы года с числом посещений за год; «ещё не посещены» — без проведённых посещений.
    Числа — подзапросами на строку: считаются для строк страницы, а счёт страниц идёт по школам, без
    соединения со всеми посещениями."""
    done, planned = _school_visits(year, VisitStatus.DONE), _school_visits(year, VisitStatus.PLANNED)

    def count(visits: QuerySet[Visit]) -> Coalesce:
        return Coalesce(Subquery(visits.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0)

    qs = place.apply(scoping.visible(user, School).filter(participations__year=year))
    if unvisited_only:
        qs = qs.filter(~Exists(done))
    qs = qs.annotate(
        done_count=count(done),
        planned_count=count(planned),
        last_visit=Subquery(done.annotate(d=Max("date")).values("d")),
        next_planned=Subquery(planned.annotate(d=Min("date")).values("d")),
    )
    return (
        qs.select_related("municipality__region")
        .prefetch_related(
            Prefetch(
                "curator_assignments",
                queryset=CuratorAssignment.objects.filter(year=year).select_related("curator"),
                to_attr="year_assignments",
            )
        )
        .order_by("municipality__name", "short_name")
    )


def visit_card(*, user: User, visit_id: int) -> Visit:
    qs = Visit.objects.select_related("school__municipality__region", "curator").prefetch_related(
        "attachments__uploaded_by"
    )
    return scoping.get_visible_or_404(user, Visit, visit_id, queryset=qs)


def school_visits(*, school: School) -> QuerySet[Visit]:
    """Посещения уже проверенной через scoping школы."""
    return (
        school.visits.select_related("curator")
        .annotate(attachment_count=_attachment_count())  # подзапрос на строку: COUNT страниц — по посещениям
        .order_by("-date", "-pk")
    )


# --- Документы ---------------------------------------------------------------------------------


@dataclass
class Slot:
    """Строка таблицы документов школы: ожидаемый документ (может ещё не быть загружен)."""

    kind: str
    label: str
    document: SchoolDocument | None = None
    direction: RiskProfileLevel | None = None

    @property
    def state(self) -> str:
        return self.document.status if self.document else NOT_UPLOADED

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


def active_directions(*, school: School, year: int) -> list[RiskProfileLevel]:
    return list(
        RiskProfileLevel.objects.filter(profile__school=school, profile__year=year, is_active_direction=True)
        .select_related("factor")
        .order_by("factor__number")
    )


def school_documents(
    *, school: School, year: int, directions: list[RiskProfileLevel] | None = None
) -> list[Slot]:
    """Места документов школы за год. ``directions`` — уже загруженные направления профиля этого
    года (карточка школы читает профиль сама — второй запрос за теми же строками не нужен)."""
    documents = list(
        school.documents.filter(year=year)
        .select_related("direction__factor", "reviewed_by")
        .prefetch_related(Prefetch("versions", queryset=DocumentVersion.objects.order_by("-number")))
    )
    by_kind = {d.kind: d for d in documents if d.kind in SINGLE_KINDS}
    by_direction = {d.direction_id: d for d in documents if d.direction_id}
    slots = [Slot(k, DocumentKind(k).label.capitalize(), by_kind.get(k)) for k in SINGLE_KINDS[:2]]
    if directions is None:
        directions = active_directions(school=school, year=year)
    for direction in directions:
        slots.append(
            Slot(
                DocumentKind.ANTIRISK,
                f"Антирисковая программа: {direction.factor.number}. {direction.factor.title}",
                by_direction.pop(direction.pk, None),
                direction,
            )
        )
    for document in by_direction.values():  # направление сняли, а программа осталась
        slots.append(Slot(DocumentKind.ANTIRISK, document.label, document, document.direction))
    slots += [Slot(k, DocumentKind(k).label.capitalize(), by_kind.get(k)) for k in SINGLE_KINDS[2:]]
    slots += [Slot(DocumentKind.OTHER, d.title, d) for d in documents if d.kind == DocumentKind.OTHER]
    return slots


def document_card(*, user: User, document_id: int) -> SchoolDocument:
    qs = SchoolDocument.objects.select_related(
        "school__municipality__region",
        "direction__factor",
        "reviewed_by",
        "confirmed_version",
    ).prefetch_related(
        Prefetch(
            "versions", queryset=DocumentVersion.objects.select_related("uploaded_by").order_by("-number")
        )
    )
    return scoping.get_visible_or_404(user, SchoolDocument, document_id, queryset=qs)


MATRIX_COLUMNS = [
    (DocumentKind.CONCEPT, "Концепция"),
    (DocumentKind.MIDTERM, "Среднесрочная программа"),
    (DocumentKind.ANTIRISK, "Антирисковые программы"),
    (DocumentKind.MONITORING_1, "Мониторинг, этап 1"),
    (DocumentKind.MONITORING_2, "Мониторинг, этап 2"),
]


@dataclass
class MatrixCell:
    state: str
    label: str


def active_direction_count(year: int) -> Coalesce:
    """Число активных рисковых направлений школы за год — подзапросом на строку: страница считает
    только свои строки, а COUNT пагинатора идёт по школам без него (JOIN всех уровней всех профилей
    стоил сотни миллисекунд на 78 тысячах строк)."""
    directions = (
        RiskProfileLevel.objects.filter(
            profile__school=OuterRef("pk"), profile__year=year, is_active_direction=True
        )
        .values("profile__school")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(directions, output_field=IntegerField()), 0)


def document_matrix_schools(*, user: User, year: int, place: Place) -> QuerySet[School]:
    return (
        place.apply(scoping.visible(user, School).filter(participations__year=year))
        .select_related("municipality")
        .annotate(direction_count=active_direction_count(year))
        .order_by("municipality__name", "short_name", "pk")
    )


def document_matrix_rows(*, schools: list[School], year: int) -> list[tuple[School, list[MatrixCell]]]:
    """Состояние документов по видам для уже выбранной страницы школ — одним запросом на всю страницу."""
    docs: dict[int, list[SchoolDocument]] = {s.pk: [] for s in schools}
    for doc in SchoolDocument.objects.filter(school__in=schools, year=year).only(
        "school_id", "kind", "status"
    ):
        docs[doc.school_id].append(doc)
    rows = []
    for school in schools:
        cells = []
        for kind, _ in MATRIX_COLUMNS:
            mine = [d for d in docs[school.pk] if d.kind == kind]
            if kind != DocumentKind.ANTIRISK:
                state = mine[0].status if mine else NOT_UPLOADED
                cells.append(MatrixCell(state, STATE_LABELS[state]))
                continue
            confirmed = sum(d.status == DocumentStatus.CONFIRMED for d in mine)
            returned = sum(d.status == DocumentStatus.RETURNED for d in mine)
            need = school.direction_count
            if not need and not mine:
                cells.append(MatrixCell(NOT_UPLOADED, "направления не выбраны"))
                continue
            state = (
                DocumentStatus.RETURNED
                if returned
                else DocumentStatus.CONFIRMED
                if confirmed >= need
                else DocumentStatus.UPLOADED
                if mine
                else NOT_UPLOADED
            )
            cells.append(MatrixCell(state, f"подтверждено {confirmed} из {need}, загружено {len(mine)}"))
        rows.append((school, cells))
    return rows
