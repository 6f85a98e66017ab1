"""Замер страниц в процессе: каждая ключевая страница каждой роли вперемешку с «полом» — пустым
представлением через те же middleware (/healthz/). Используют `benchmark_pages` и тесты числа запросов.

Пользователи выбираются по данным базы: федеральный сотрудник; региональный координатор самого большого
(по числу мероприятий) региона; муниципальный координатор одного из его муниципалитетов; куратор
региона; команда школы (если в базе её нет в этом регионе — любая). Страницы, которых у роли нет
(404/403/редирект), в замер не попадают и перечисляются отдельно."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import urlencode

from accounts.models import Role, RoleMembership, User
from roadmaps.models import Item, Level, RoadMap
from schools.models import Region
from schoolwork.models import SchoolDocument, Visit

FLOOR_URL = "/healthz/"
PREVIEW_ROWS = 60  # мероприятий в загружаемом файле — как в карте редактора из задачи 10


@dataclass
class PageResult:
    page: str
    url: str
    role: str
    p50_ms: float
    p95_ms: float
    floor_p95_ms: float
    queries: int
    bytes: int

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Target:
    role: str
    user: User
    pages: list[tuple[str, str]] = field(default_factory=list)  # (страница, адрес)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def largest_region() -> Region | None:
    row = (
        Item.objects.values("roadmap__region_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "roadmap__region_id")
        .first()
    )
    if row is None:
        return Region.objects.order_by("pk").first()
    return Region.objects.get(pk=row["roadmap__region_id"])


def _member(role: str, **scope) -> User | None:
    membership = (
        RoleMembership.objects.filter(role=role, is_active=True, user__is_active=True, **scope)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _map(**filters) -> RoadMap | None:
    return RoadMap.objects.filter(**filters).annotate(n=Count("items")).order_by("-year", "-n", "pk").first()


def _map_pages(prefix: str, roadmap: RoadMap | None) -> list[tuple[str, str]]:
    if roadmap is None:
        return []
    pages = [
        (f"{prefix} карта", reverse("roadmaps:detail", args=[roadmap.pk])),
        (f"{prefix} карта: шкала времени", reverse("roadmaps:timeline", args=[roadmap.pk])),
    ]
    item = roadmap.items.order_by("position", "pk").first()
    if item is not None:
        pages.append(
            (f"{prefix} карта: история мероприятия", reverse("roadmaps:item_history", args=[item.pk]))
        )
    return pages


def build_targets() -> list[Target]:
    """Роли и их страницы по данным базы (самый большой регион — по числу мероприятий)."""
    region = largest_region()
    if region is None:
        return []
    regional_map = _map(level=Level.REGIONAL, region=region)
    municipal_map = _map(level=Level.MUNICIPAL, region=region)
    municipality = (
        municipal_map.municipality if municipal_map else region.municipalities.order_by("pk").first()
    )
    school_map = _map(level=Level.SCHOOL, school__municipality=municipality) or _map(
        level=Level.SCHOOL, region=region
    )
    school = school_map.school if school_map else None
    if school is None and municipality is not None:
        school = municipality.schools.order_by("pk").first()

    common = [
        ("главная", reverse("home")),
        ("список карт", reverse("roadmaps:list")),
        *_map_pages("региональная", regional_map),
        *_map_pages("муниципальная", municipal_map),
        ("список школ", reverse("schools:schools")),
        ("регионы", reverse("schools:regions")),
        ("муниципалитеты", reverse("schools:municipalities")),
        ("люди", reverse("people:people")),
        ("посещения по школам", reverse("schoolwork:visit_schools")),
        ("рисковые профили", reverse("schoolwork:risk_overview")),
        ("посещения", reverse("schoolwork:visits")),
        ("документы", reverse("schoolwork:documents")),
        ("уведомления", reverse("notifications:list")),
        ("выгрузки", reverse("reports:jobs")),
        ("панель мониторинга", reverse("monitoring:home")),
        ("панель региона", reverse("monitoring:region", args=[region.pk])),
        *_search_pages(region, regional_map, municipal_map),
    ]
    if municipality is not None:
        common.append(("панель муниципалитета", reverse("monitoring:municipality", args=[municipality.pk])))
    school_team = (_member(Role.SCHOOL_TEAM, school=school) if school else None) or _member(Role.SCHOOL_TEAM)
    people = [
        ("федеральный", _member(Role.FEDERAL_STAFF) or User.objects.filter(is_superuser=True).first()),
        ("региональный координатор", _member(Role.REGIONAL_COORDINATOR, region=region)),
        (
            "муниципальный координатор",
            _member(Role.MUNICIPAL_COORDINATOR, municipality=municipality) if municipality else None,
        ),
        ("куратор", _member(Role.CURATOR, region=region)),
        ("команда школы", school_team),
    ]
    targets = []
    for role, user in people:
        if user is None:
            continue
        own_school = school
        if role == "команда школы":  # команда видит только свою школу
            membership = user.memberships.filter(role=Role.SCHOOL_TEAM, is_active=True).first()
            own_school = membership.school if membership else school
        targets.append(Target(role=role, user=user, pages=[*common, *_school_pages(own_school)]))
    return targets


SEARCH_WORD = "наставничество"  # слово из benchmark_search: редкое в синтетике, частое в демо-картах
FREQUENT_WORD = "куратор"  # больше 2 000 совпадений на национальном объёме


def _search_pages(region, regional_map, municipal_map) -> list[tuple[str, str]]:
    """Поиск и сверка (бывший benchmark_search): страница поиска, поиск по редкому и частому слову,
    сверка региона и сверка одной муниципальной карты с региональной."""
    search = reverse("search:search")
    pages = [
        ("поиск: пустая страница", search),
        (f"поиск «{SEARCH_WORD}»", f"{search}?{urlencode({'q': SEARCH_WORD})}"),
        (f"поиск «{FREQUENT_WORD}»", f"{search}?{urlencode({'q': FREQUENT_WORD})}"),
    ]
    if regional_map is not None:
        year = regional_map.year
        pages.append(("сверка региона", f"{reverse('alignment:region', args=[region.pk])}?year={year}"))
    if municipal_map is not None:
        pages.append(("сверка муниципальной карты", reverse("alignment:map", args=[municipal_map.pk])))
    return pages


def _school_pages(school) -> list[tuple[str, str]]:
    if school is None:
        return []
    pages = [
        *_map_pages("школьная", _map(level=Level.SCHOOL, school=school)),
        ("карточка школы", reverse("schools:school_detail", args=[school.pk])),
        ("посещения школы", reverse("schoolwork:school_visits", args=[school.pk])),
        ("документы школы", reverse("schoolwork:school_documents", args=[school.pk])),
        ("рисковый профиль школы", reverse("schoolwork:risk_profile", args=[school.pk])),
        ("панель школы", reverse("monitoring:school", args=[school.pk])),
    ]
    visit = Visit.objects.filter(school=school).order_by("pk").first()
    if visit is not None:
        pages.append(("посещение", reverse("schoolwork:visit_detail", args=[visit.pk])))
    document = SchoolDocument.objects.filter(school=school).order_by("pk").first()
    if document is not None:
        pages.append(("документ школы", reverse("schoolwork:document_detail", args=[document.pk])))
    return pages


@contextmanager
def import_previews(targets: list[Target]) -> Iterator[None]:
    """Предпросмотр загрузки карты из файла — у каждой роли, которая заводит карты: загрузка .docx на
    PREVIEW_ROWS мероприятий (как её делает страница «Загрузить из файла») создаётся перед замером
    и удаляется после него вместе с файлом — в базе ничего не остаётся."""
    from roadmaps.forms_import import owner_options
    from roadmaps.management.commands.benchmark_import import build_docx, synthetic_map
    from roadmaps.services.imports import roadmap_import_start

    data = build_docx(synthetic_map(PREVIEW_ROWS))
    made = []
    try:
        for target in targets:
            if not owner_options(target.user):
                continue
            try:
                batch = roadmap_import_start(actor=target.user, name="замер.docx", data=data)
            except ValidationError:
                continue
            made.append(batch)
            url = reverse("roadmaps:import_preview", args=[batch.pk])
            target.pages.append(("предпросмотр загрузки карты", url))
        yield
    finally:
        for batch in made:
            name = batch.file.name
            batch.delete()
            if name:
                default_storage.delete(name)


def _timed_get(client: Client, url: str) -> tuple[float, int, bytes]:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    body = response.content if not response.streaming else b"".join(response.streaming_content)
    return elapsed, response.status_code, body


def measure_target(target: Target, *, repeat: int, warmup: int = 2) -> tuple[list[PageResult], list[str]]:
    """Замер всех страниц одной роли. Вторым значением — страницы, которых у роли нет."""
    client = Client()
    client.force_login(target.user)
    results, skipped = [], []
    for page, url in target.pages:
        _, status, body = _timed_get(client, url)
        if status in (301, 302, 403, 404):
            skipped.append(f"{target.role}: {page} ({status})")
            continue
        if status != 200:
            raise RuntimeError(f"{target.role}: {page} {url} — ответ {status}")
        for _ in range(warmup):
            _timed_get(client, url)
        connection.queries_log.clear()  # request_started тоже чистит журнал: начинаем с нуля
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries = len(captured.captured_queries)  # сразу: следующий запрос чистит журнал
        timings, floor = [], []
        for _ in range(repeat):  # вперемешку со «полом»: шум машины касается обоих одинаково
            timings.append(_timed_get(client, url)[0])
            floor.append(_timed_get(client, FLOOR_URL)[0])
        results.append(
            PageResult(
                page=page,
                url=url,
                role=target.role,
                p50_ms=round(statistics.median(timings), 1),
                p95_ms=round(percentile(timings, 0.95), 1),
                floor_p95_ms=round(percentile(floor, 0.95), 1),
                queries=queries,
                bytes=len(body),
            )
        )
    return results, skipped


def measure_login_floor(*, repeat: int, warmup: int = 2) -> PageResult:
    """Страница входа без входа — «пол» из задачи: простейшая настоящая страница (шаблон, форма,
    сессия) рядом с тем же /healthz/."""
    client = Client()
    url = reverse("login")
    for _ in range(warmup):
        _timed_get(client, url)
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries = len(captured.captured_queries)
    timings, floor, body = [], [], b""
    for _ in range(repeat):
        elapsed, _, body = _timed_get(client, url)
        timings.append(elapsed)
        floor.append(_timed_get(client, FLOOR_URL)[0])
    return PageResult(
        page="вход (пол)",
        url=url,
        role="без входа",
        p50_ms=round(statistics.median(timings), 1),
        p95_ms=round(percentile(timings, 0.95), 1),
        floor_p95_ms=round(percentile(floor, 0.95), 1),
        queries=queries,
        bytes=len(body),
    )


def count_queries(target: Target) -> dict[str, int]:
    """Число запросов каждой страницы роли (для тестов: не растёт с числом строк). Нет доступа — нет ключа."""
    client = Client()
    client.force_login(target.user)
    counts = {}
    for page, url in target.pages:
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code in (301, 302, 403, 404):
            continue
        if response.status_code != 200:
            raise RuntimeError(f"{target.role}: {page} {url} — ответ {response.status_code}")
        counts[page] = len(captured.captured_queries)
    return counts
