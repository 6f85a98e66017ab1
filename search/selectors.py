"""Поиск по всему, что человеку видно: мероприятия, разделы, названия карт, записи о посещениях, названия
документов, школы и муниципалитеты. Каждый вид берётся из ``access.visible_resolved`` (те же
строки, что ``visible``, но область — списки id, посчитанные один раз за запрос: семь подзапросов видимости
в одном UNION планировались дольше, чем выполнялись) — поиск не видит больше, чем страницы. На PostgreSQL —
полнотекстовый поиск (конфигурация russian, GIN-индекс по генерируемой колонке), ранжирование ts_rank и
фрагменты ts_headline; на SQLite (демо) — ``icontains``.

Число запросов не зависит от числа совпадений: по одному на область видимости (карты, школы,
муниципалитеты — у министерства ни одного), один на число и страницу вместе (UNION ALL по видам в
MATERIALIZED CTE), по одному на каждый вид, попавший на страницу, и один на названия карт."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import BigIntegerField, CharField, F, FloatField, Q, QuerySet, Value
from django.db.models.expressions import Col, Expression, RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

import access as scoping
from accounts.models import User
from roadmaps.models import Item, ItemStatus, RoadMap, Section
from roadmaps.selectors import overdue_q
from schools.models import Municipality, School
from schoolwork.models import SchoolDocument, Visit
from search.describe import describe as _describe
from search.documents import CONFIG, SEARCHABLES, TSV_COLUMN

PAGE_SIZE = 20
# Ранжируются не все совпадения, а первые CANDIDATES_PER_KIND каждого вида: слово вроде «куратор» есть
# в десятках тысяч мероприятий страны, и ранг каждого — это чтение каждой строки. Больше — значит
# запрос слишком общий: страница говорит «больше N» и предлагает уточнить запрос или фильтры.
CANDIDATES_PER_KIND = 1000
MAX_QUERY_LENGTH = 200
OPEN_STATUSES = (ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS)
START, STOP = "\ue000", "\ue001"  # метки совпадений от ts_headline: в тексте их нет, в HTML их заменит <mark>
HEADLINE_OPTIONS = f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=12, MaxFragments=2"

MODELS = {
    "item": Item,
    "section": Section,
    "roadmap": RoadMap,
    "visit": Visit,
    "document": SchoolDocument,
    "school": School,
    "municipality": Municipality,
}
MAP_KINDS = ("item", "section", "roadmap")
KIND_GROUP_TITLES = {
    "visit": "Посещения школ",
    "document": "Документы школ",
    "school": "Школы",
    "municipality": "Муниципалитеты",
}
STATE_CHOICES = [
    ("", "любое"),
    ("planned", "запланировано"),
    ("done", "выполнено"),
    ("overdue", "просрочено"),
]
KIND_CHOICES = [("", "всё"), *[(kind, SEARCHABLES[kind].label) for kind in MODELS]]


def full_text_available() -> bool:
    return connection.vendor == "postgresql"


@dataclass(frozen=True)
class SearchFilters:
    query: str = ""
    kind: str = ""
    level: str = ""
    region_id: int | None = None
    year: int | None = None
    state: str = ""

    @property
    def only_map_content(self) -> bool:
        """Уровень и исполнение есть только у карт: с такими фильтрами школы и посещения не ищутся."""
        return bool(self.level or self.state)


@dataclass
class Hit:
    kind: str
    pk: int
    rank: float
    map_id: int | None = None
    title: str = ""
    snippet: str = ""  # безопасный HTML: текст экранирован, совпадения — <mark>
    url: str = ""
    meta: str = ""

    @property
    def kind_label(self) -> str:
        return SEARCHABLES[self.kind].label


@dataclass
class HitGroup:
    title: str
    url: str = ""
    hits: list[Hit] = field(default_factory=list)


@dataclass
class SearchResult:
    filters: SearchFilters
    total: int = 0
    capped: bool = False  # совпадений больше, чем ранжируется: total — нижняя граница
    page: int = 1
    pages: int = 0
    groups: list[HitGroup] = field(default_factory=list)
    full_text: bool = True

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


# --- совпадение и ранг ------------------------------------------------------------------------------


def _tsquery_sql() -> str:
    return f"websearch_to_tsquery('{CONFIG}'::regconfig, %s)"


class TsvColumn(Expression):
    """Колонка ``search_tsv`` таблицы запроса. Модели её не знают (её пишет база), поэтому она
    подставляется как обычная колонка Col с псевдонимом своей таблицы — и остаётся верной, когда
    запрос становится подзапросом (там у таблиц другие псевдонимы)."""

    output_field = SearchVectorField()

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        target = SearchVectorField()
        target.set_attributes_from_name(TSV_COLUMN)
        return Col(query.get_initial_alias(), target, output_field=SearchVectorField())


def _tsquery(query: str) -> SearchQuery:
    return SearchQuery(query, config=CONFIG, search_type="websearch")


def _matches(query: str) -> Q:
    return Q(hit_tsv=_tsquery(query))


def _rank(query: str) -> SearchRank:
    return SearchRank(TsvColumn(), _tsquery(query))


def _fallback_words(query: str) -> list[str]:
    """SQLite сравнивает без учёта регистра только латиницу, поэтому ищем слово как есть, строчными и
    с заглавной; без стемминга: «кураторами» найдёт «куратор» только на PostgreSQL."""
    return [word for word in re.split(r"\s+", query.strip()) if word][:8]


def _fallback_q(kind: str, query: str) -> Q:
    condition = Q()
    for word in _fallback_words(query):
        word_q = Q()
        for name in SEARCHABLES[kind].field_names:
            for variant in {word, word.lower(), word.capitalize()}:
                word_q |= Q(**{f"{name}__icontains": variant})
        condition &= word_q
    return condition


# --- что видно и что отфильтровано --------------------------------------------------------------------


def _today() -> date:
    return timezone.localdate()


def _scoped(user: User, kind: str, filters: SearchFilters) -> QuerySet | None:
    """Queryset вида из области человека с фильтрами; None — вид под этими фильтрами не ищется."""
    if filters.kind and filters.kind != kind:
        return None
    if filters.only_map_content and kind not in MAP_KINDS:
        return None
    if filters.state and kind != "item":
        return None
    qs = scoping.visible_resolved(user, MODELS[kind])
    map_prefix = {"item": "roadmap__", "section": "roadmap__", "roadmap": ""}.get(kind)
    if map_prefix is not None:
        if filters.level:
            qs = qs.filter(**{f"{map_prefix}level": filters.level})
        if filters.region_id:
            qs = qs.filter(**{f"{map_prefix}region_id": filters.region_id})
        if filters.year:
            qs = qs.filter(**{f"{map_prefix}year": filters.year})
    else:
        region_path = {
            "visit": "school__municipality__region_id",
            "document": "school__municipality__region_id",
            "school": "municipality__region_id",
            "municipality": "region_id",
        }[kind]
        if filters.region_id:
            qs = qs.filter(**{region_path: filters.region_id})
        if filters.year and kind == "visit":
            qs = qs.filter(date__year=filters.year)
        if filters.year and kind == "document":
            qs = qs.filter(year=filters.year)
    if filters.state:
        today = _today()
        if filters.state == "done":
            qs = qs.filter(status=ItemStatus.DONE)
        elif filters.state == "overdue":
            qs = qs.filter(overdue_q(today))
        elif filters.state == "planned":
            qs = qs.filter(status__in=OPEN_STATUSES).exclude(overdue_q(today))
    return qs


def _hits_parts(user: User, filters: SearchFilters, full_text: bool) -> list:
    """По запросу на вид: (вид, id, карта, ранг) первых CANDIDATES_PER_KIND совпадений вида.
    Ранг считается в том же проходе по совпавшим строкам, без повторного соединения по id."""
    parts = []
    for kind in MODELS:
        qs = _scoped(user, kind, filters)
        if qs is None:
            continue
        if full_text:
            qs = qs.alias(hit_tsv=TsvColumn()).filter(_matches(filters.query))
            qs = qs.annotate(hit_rank=_rank(filters.query))
        else:
            qs = qs.filter(_fallback_q(kind, filters.query)).annotate(
                hit_rank=Value(0.0, output_field=FloatField())
            )
        map_id = (
            F("roadmap_id")
            if kind in ("item", "section")
            else (F("pk") if kind == "roadmap" else Value(None, output_field=BigIntegerField()))
        )
        parts.append(
            qs.annotate(hit_kind=Value(kind, output_field=CharField()), hit_id=F("pk"), hit_map=map_id)
            .order_by()
            .values_list("hit_kind", "hit_id", "hit_map", "hit_rank")[:CANDIDATES_PER_KIND]
        )
    return parts


def _union(parts: list):
    query = parts[0]
    return query.union(*parts[1:], all=True) if len(parts) > 1 else query


def _counts_and_page_portable(parts: list, offset: int) -> tuple[dict[str, int], list[tuple]]:
    """То же, что _counts_and_page, без возможностей PostgreSQL (SQLite демо не умеет LIMIT в частях
    UNION): каждый вид отдельным запросом, счёт и сортировка — в Python. Строк не больше
    CANDIDATES_PER_KIND на вид, так что и здесь объём ограничен."""
    hits = [row for part in parts for row in part]
    counts: dict[str, int] = {}
    for kind, _pk, _map_id, _rank in hits:
        counts[kind] = counts.get(kind, 0) + 1
    hits.sort(key=lambda row: (-(row[3] or 0.0), row[0], row[1]))
    return counts, [tuple(row) for row in hits[offset : offset + PAGE_SIZE]]


# --- фрагменты ----------------------------------------------------------------------------------------


def _marked_html(headline: str) -> str:
    """Экранирует текст целиком и только потом превращает метки совпадений в <mark>."""
    html = escape(headline.replace("\n", " "))
    if html.count(START) != html.count(STOP):
        return html.replace(START, "").replace(STOP, "")
    return html.replace(START, "<mark>").replace(STOP, "</mark>")


def _fallback_snippet(text: str, query: str, width: int = 90) -> str:
    text = " ".join(text.split())
    words = _fallback_words(query)
    lowered = text.lower()
    first = min((pos for w in words if (pos := lowered.find(w.lower())) >= 0), default=0)
    start = max(0, first - width)
    piece = text[start : first + 2 * width]
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None
    marked = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", piece) if pattern else piece
    prefix = "… " if start else ""
    suffix = " …" if first + 2 * width < len(text) else ""
    return _marked_html(f"{prefix}{marked}{suffix}")


def _snippet_source(kind: str) -> str:
    names = SEARCHABLES[kind].field_names
    table = SEARCHABLES[kind].table
    return "concat_ws(' · ', " + ", ".join(f'"{table}"."{name}"' for name in names) + ")"


def _load(user: User, kind: str, ids: list[int], filters: SearchFilters, full_text: bool) -> dict[int, Hit]:
    """Объекты одного вида со страницы — одним запросом, из той же области видимости."""
    qs = scoping.visible_resolved(user, MODELS[kind]).filter(pk__in=ids)
    qs = {
        "item": lambda q: q.select_related("roadmap"),
        "section": lambda q: q.select_related("roadmap"),
        "visit": lambda q: q.select_related("school"),
        "document": lambda q: q.select_related("school"),
        "school": lambda q: q.select_related("municipality"),
        "municipality": lambda q: q.select_related("region"),
    }.get(kind, lambda q: q)(qs)
    if full_text:
        qs = qs.annotate(
            hit_headline=RawSQL(
                f"ts_headline('{CONFIG}'::regconfig, {_snippet_source(kind)}, {_tsquery_sql()}, %s)",
                (filters.query, HEADLINE_OPTIONS),
                output_field=CharField(),
            )
        )
    hits = {}
    for obj in qs:
        if full_text:
            snippet = _marked_html(obj.hit_headline)
        else:
            source = " · ".join(str(getattr(obj, name) or "") for name in SEARCHABLES[kind].field_names)
            snippet = _fallback_snippet(source, filters.query)
        hits[obj.pk] = Hit(kind=kind, pk=obj.pk, rank=0.0, snippet=snippet, **_describe(kind, obj))
    return hits


def _compiled(query) -> tuple[str, tuple]:
    """UNION ALL собирается в SQL один раз (сборка запроса с областями видимости стоит заметно больше,
    чем его выполнение)."""
    sql, params = query.query.get_compiler(connection=connection).as_sql()
    return sql, tuple(params)


def _counts_and_page(sql: str, params: tuple, offset: int) -> tuple[dict[str, int], list[tuple]]:
    """Одним запросом: число совпадений по видам и строки страницы. Совпадения считаются один раз
    (MATERIALIZED), страница — сортировкой по рангу не больше CANDIDATES_PER_KIND строк на вид."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH hits AS MATERIALIZED ({sql}) "
            "SELECT counts.by_kind, page.hit_kind, page.hit_id, page.hit_map, page.hit_rank FROM "
            "(SELECT coalesce(json_object_agg(hit_kind, n), '{}'::json) AS by_kind "
            " FROM (SELECT hit_kind, count(*) AS n FROM hits GROUP BY hit_kind) AS per_kind) AS counts "
            "LEFT JOIN LATERAL (SELECT hit_kind, hit_id, hit_map, hit_rank FROM hits "
            " ORDER BY hit_rank DESC, hit_kind, hit_id LIMIT %s OFFSET %s) AS page ON true",
            (*params, PAGE_SIZE, offset),
        )
        fetched = cursor.fetchall()
    by_kind = fetched[0][0] if fetched else {}
    if isinstance(by_kind, str):  # драйвер без разбора json
        import json

        by_kind = json.loads(by_kind)
    rows = [tuple(row[1:]) for row in fetched if row[1] is not None]
    return {kind: int(count) for kind, count in by_kind.items()}, rows


def search(*, user: User, filters: SearchFilters, page: int = 1) -> SearchResult:
    full_text = full_text_available()
    result = SearchResult(filters=filters, full_text=full_text)
    if not filters.query.strip():
        return result
    parts = _hits_parts(user, filters, full_text)
    if not parts:
        return result
    if connection.vendor == "postgresql":
        sql, params = _compiled(_union(parts))

        def counts_and_page(offset: int) -> tuple[dict[str, int], list[tuple]]:
            return _counts_and_page(sql, params, offset)
    else:

        def counts_and_page(offset: int) -> tuple[dict[str, int], list[tuple]]:
            return _counts_and_page_portable(parts, offset)

    requested = max(page, 1)
    counts, rows = counts_and_page((requested - 1) * PAGE_SIZE)
    result.total = sum(counts.values())
    result.capped = any(count >= CANDIDATES_PER_KIND for count in counts.values())
    result.pages = max(1, -(-result.total // PAGE_SIZE))
    result.page = min(requested, result.pages)
    if result.page != requested:  # страница за концом (старая ссылка): показываем последнюю
        _counts, rows = counts_and_page((result.page - 1) * PAGE_SIZE)

    by_kind: dict[str, list[int]] = {}
    for kind, pk, _map_id, _rank in rows:
        by_kind.setdefault(kind, []).append(pk)
    loaded = {kind: _load(user, kind, ids, filters, full_text) for kind, ids in by_kind.items()}
    map_ids = {map_id for _kind, _pk, map_id, _rank in rows if map_id is not None}
    maps = {
        m.pk: m
        for m in scoping.visible_resolved(user, RoadMap)
        .filter(pk__in=map_ids)
        .select_related("region", "municipality", "school")
    }
    groups: dict[tuple[str, int | None], HitGroup] = {}
    for kind, pk, map_id, rank in rows:
        hit = loaded[kind].get(pk)
        if hit is None:  # строку удалили между запросами
            continue
        hit.rank, hit.map_id = rank or 0.0, map_id
        if map_id is not None:
            roadmap = maps.get(map_id)
            if roadmap is None:
                continue
            key = ("map", map_id)
            if key not in groups:
                groups[key] = HitGroup(
                    title=f"{roadmap.title} — {roadmap.owner}, {roadmap.year}",
                    url=reverse("roadmaps:detail", args=[map_id]),
                )
        else:
            key = (kind, None)
            groups.setdefault(key, HitGroup(title=KIND_GROUP_TITLES[kind]))
        groups[key].hits.append(hit)
    result.groups = list(groups.values())
    return result
