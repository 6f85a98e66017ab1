"""Чтение рисковых профилей: профиль школы с историей, распределение уровней по школам, кто не проверил."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

import access as scoping
from accounts.models import User
from schools.models import Region, RiskFactor, RiskLevel, RiskProfile, RiskProfileLevel, School
from schoolwork.selectors import Place, active_direction_count

HISTORY_LIMIT = 200
LEVEL_LABELS = dict(RiskLevel.choices)
STATUS_CHOICES = [
    ("", "все школы"),
    ("no_profile", "нет профиля"),
    ("not_verified", "профиль не проверен"),
    ("no_directions", "проверен, направлений меньше двух"),
    ("done", "проверен, направления выбраны"),
]


def import_error_rows(errors: list[dict]) -> int:
    """Строк файла с ошибками. Когда в базе не все ошибки (services.risk_import._capped), число по всему
    файлу — в последней строке-итоге (error_rows); иначе считается по самим ошибкам."""
    total = errors[-1].get("error_rows") if errors else None
    return total if total is not None else len({error["row"] for error in errors if error["row"] is not None})


def catalogue_years() -> list[int]:
    """Годы, за которые ведутся профили: от первого каталога рисков до текущего года программы
    (новее первого). Каталог года, на который свой не загружен, — последний загруженный до него."""
    loaded = set(RiskFactor.objects.values_list("year", flat=True))
    if not loaded:
        return []
    this_year = scoping.current_year()
    return sorted(set(range(min(loaded), max(this_year, max(loaded)) + 1)), reverse=True)


def default_year(years: list[int]) -> int:
    """Год программы (текущий) — один для всех страниц; вне списка — ближайший из списка."""
    this_year = scoping.current_year()
    if this_year in years or not years:
        return this_year
    past = [y for y in years if y <= this_year]
    return past[0] if past else years[-1]


def catalogue_year(year: int) -> int | None:
    """Год каталога, по которому ведётся профиль года: свой или последний загруженный до него."""
    loaded = sorted(set(RiskFactor.objects.values_list("year", flat=True)))
    earlier = [y for y in loaded if y <= year]
    return earlier[-1] if earlier else (loaded[0] if loaded else None)


def catalogue_factors(year: int) -> QuerySet[RiskFactor]:
    """Факторы каталога года (свой или последний загруженный до него) — одним запросом."""
    up_to = RiskFactor.objects.filter(year__lte=year).order_by("-year").values("year")[:1]
    first = RiskFactor.objects.order_by("year").values("year")[:1]
    return RiskFactor.objects.filter(year=Coalesce(Subquery(up_to), Subquery(first))).order_by("number")


def factors_of(year: int) -> list[RiskFactor]:
    return list(catalogue_factors(year))


def _levels() -> Prefetch:
    return Prefetch(
        "levels", queryset=RiskProfileLevel.objects.select_related("factor").order_by("factor__number")
    )


def profile_of(*, school: School, year: int) -> RiskProfile | None:
    return (
        RiskProfile.objects.filter(school=school, year=year)
        .select_related("verified_by")
        .prefetch_related(_levels())
        .first()
    )


def profile_card(*, user: User, profile_id: int) -> RiskProfile:
    qs = RiskProfile.objects.select_related("school__municipality__region", "verified_by").prefetch_related(
        _levels()
    )
    return scoping.get_visible_or_404(user, RiskProfile, profile_id, queryset=qs)


@dataclass
class HistoryEntry:
    when: object
    who: object
    text: str


def profile_history(*, profile: RiskProfile) -> list[HistoryEntry]:
    """Каждое изменение профиля и его уровней — словами, от новых к старым."""
    entries = []
    for record in profile.history.select_related("history_user").order_by("history_date"):
        if record.history_type == "+":
            entries.append(HistoryEntry(record.history_date, record.history_user, "Профиль создан"))
        elif record.verified_at:
            entries.append(
                HistoryEntry(record.history_date, record.history_user, "Профиль проверен куратором")
            )
    previous: dict[int, object] = {}
    records = (
        RiskProfileLevel.history.filter(profile_id=profile.pk)
        .select_related("history_user", "factor")
        .order_by("history_date", "history_id")
    )
    for record in records:
        number = record.factor.number if record.factor else "?"
        before = previous.get(record.id)
        level = LEVEL_LABELS.get(record.level, record.level)
        if record.history_type == "+" or before is None:
            text = f"Фактор {number}: уровень «{level}»"
        elif record.history_type == "-":
            text = f"Фактор {number}: уровень удалён"
        else:
            parts = []
            if before.level != record.level:
                parts.append(
                    f"уровень «{LEVEL_LABELS.get(before.level)}» → «{level}»"
                    + (f"; причина: {record.change_reason}" if record.change_reason else "")
                )
            if before.is_active_direction != record.is_active_direction:
                parts.append(
                    "направление активировано" if record.is_active_direction else "направление снято"
                )
            if not parts:
                previous[record.id] = record
                continue
            text = f"Фактор {number}: " + ", ".join(parts)
        if record.history_change_reason and record.history_change_reason.startswith("Загрузка"):
            text += f" ({record.history_change_reason})"
        entries.append(HistoryEntry(record.history_date, record.history_user, text))
        previous[record.id] = record
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:HISTORY_LIMIT]


@dataclass
class FactorBar:
    factor: RiskFactor
    high: int
    medium: int
    low: int
    directions: int

    @property
    def total(self) -> int:
        return self.high + self.medium + self.low

    def share(self, count: int) -> float:
        return round(100 * count / self.total, 1) if self.total else 0

    @property
    def parts(self) -> list[tuple[str, str, int, float]]:
        return [
            (code, LEVEL_LABELS[code], n, self.share(n))
            for code, n in (
                (RiskLevel.HIGH, self.high),
                (RiskLevel.MEDIUM, self.medium),
                (RiskLevel.LOW, self.low),
            )
        ]


def _schools(user: User, year: int, place: Place) -> QuerySet[School]:
    return place.apply(scoping.visible(user, School).filter(participations__year=year))


def distribution(*, user: User, year: int, place: Place) -> list[FactorBar]:
    """Сколько школ на каждом уровне по каждому фактору — одним запросом на все факторы."""
    counts = {
        row["factor_id"]: row
        for row in RiskProfileLevel.objects.filter(
            profile__year=year, profile__school__in=_schools(user, year, place)
        )
        .values("factor_id")
        .annotate(
            high=Count("pk", filter=Q(level=RiskLevel.HIGH)),
            medium=Count("pk", filter=Q(level=RiskLevel.MEDIUM)),
            low=Count("pk", filter=Q(level=RiskLevel.LOW)),
            directions=Count("pk", filter=Q(is_active_direction=True)),
        )
    }
    empty = {"high": 0, "medium": 0, "low": 0, "directions": 0}
    return [FactorBar(f, **{k: counts.get(f.pk, empty)[k] for k in empty}) for f in factors_of(year)]


def school_statuses(*, user: User, year: int, place: Place, status: str = "") -> QuerySet[School]:
    """Школы года с состоянием профиля: есть ли, проверен ли, сколько направлений активировано."""
    profiles = RiskProfile.objects.filter(school=OuterRef("pk"), year=year)
    qs = _schools(user, year, place).annotate(
        has_profile=Exists(profiles),
        is_verified=Exists(profiles.filter(verified_at__isnull=False)),
        direction_count=active_direction_count(year),  # подзапрос на строку, не JOIN всех уровней
    )
    if status == "no_profile":
        qs = qs.filter(has_profile=False)
    elif status == "not_verified":
        qs = qs.filter(has_profile=True, is_verified=False)
    elif status == "no_directions":
        qs = qs.filter(is_verified=True, direction_count__lt=2)
    elif status == "done":
        qs = qs.filter(is_verified=True, direction_count__gte=2)
    return qs.select_related("municipality").order_by("municipality__name", "short_name")


def status_counts(*, user: User, year: int, place: Place) -> dict[str, int]:
    counts = school_statuses(user=user, year=year, place=place).aggregate(  # один проход вместо четырёх
        schools=Count("pk"),
        with_profile=Count("pk", filter=Q(has_profile=True)),
        verified=Count("pk", filter=Q(is_verified=True)),
        activated=Count("pk", filter=Q(is_verified=True, direction_count__gte=2)),
    )
    return {**counts, "as_of": timezone.localdate()}


def import_template_rows(*, region: Region, year: int) -> tuple[list[School], dict[tuple[int, int], str]]:
    """Школы региона в программе года и их уровни рисков — для шаблона загрузки профилей. Регион уже
    проверен вызывающим (access: только свой регион координатора)."""
    schools = list(
        School.objects.filter(municipality__region=region, participations__year=year)
        .select_related("municipality")
        .order_by("municipality__name", "short_name")
    )
    levels = {
        (level.profile.school_id, level.factor_id): level.level
        for level in RiskProfileLevel.objects.filter(
            profile__year=year, profile__school__in=schools
        ).select_related("profile")
    }
    return schools, levels
