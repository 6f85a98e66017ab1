"""Рисковый профиль школы: ввод результатов анкетирования, проверка куратором, рисковые направления."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from config.versioning import ensure_expected_version
from hooks import events
from hooks.figures import rollup_mark_school
from schools.models import RiskFactor, RiskLevel, RiskProfile, RiskProfileLevel, School
from schoolwork.models import SchoolDocument, Visit, VisitStatus

MIN_DIRECTIONS = 2
WORKABLE = (RiskLevel.HIGH, RiskLevel.MEDIUM)


def catalogue(year: int) -> list[RiskFactor]:
    """Каталог рисков года; если на год свой не загружен — последний загруженный до него (факторы
    программы с 2022 года не менялись, а профиль 2026 года вести нужно)."""
    from schoolwork.risk_selectors import catalogue_factors

    factors = list(catalogue_factors(year))
    if not factors:
        raise ValidationError(
            f"Каталог рисковых факторов на {year} год не заполнен — обратитесь к федеральному администратору."
        )
    return factors


def _check_levels(factors: list[RiskFactor], levels: Mapping[int, str], prefix: str = "level_") -> None:
    errors = {}
    for factor in factors:
        value = levels.get(factor.pk, "")
        if not value:
            errors[f"{prefix}{factor.pk}"] = f"Укажите уровень риска по фактору {factor.number}."
        elif value not in RiskLevel.values:
            errors[f"{prefix}{factor.pk}"] = "Уровень — высокий, средний или низкий."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def risk_profile_enter(*, actor: User, school: School, year: int, levels: Mapping[int, str]) -> RiskProfile:
    """Результаты анкетирования по всем факторам каталога года. После проверки куратором уровни меняет
    только куратор (с причиной), поэтому проверенный профиль здесь не переписывается."""
    factors = catalogue(year)
    _check_levels(factors, levels)
    profile, _ = RiskProfile.objects.select_for_update().get_or_create(school=school, year=year)
    ensure_expected_version(profile)
    if profile.verified_at is not None:
        raise ValidationError(
            "Профиль уже проверен куратором: уровни теперь меняет куратор при проверке, с указанием причины."
        )
    existing = {row.factor_id: row for row in profile.levels.all()}
    for factor in factors:
        level = levels[factor.pk]
        row = existing.get(factor.pk)
        if row is None:
            RiskProfileLevel.objects.create(profile=profile, factor=factor, level=level, survey_level=level)
        elif row.level != level or row.survey_level != level:
            row.level = row.survey_level = level
            row.change_reason, row.is_active_direction = "", False
            row.save()
    profile.save()  # уровни — в своих строках; версия профиля растёт при каждой правке (issue 12)
    # Снижение рисков сравнивает год с предыдущим: профиль года влияет и на следующий год.
    rollup_mark_school(school_id=profile.school_id, years=[profile.year, profile.year + 1])
    return profile


def _check_first_visit(profile: RiskProfile) -> None:
    done = Visit.objects.filter(school_id=profile.school_id, status=VisitStatus.DONE, date__year=profile.year)
    if not done.exists():
        raise ValidationError(
            f"Профиль проверяется после первого посещения: сначала запишите проведённое "
            f"посещение школы в {profile.year} году."
        )


@transaction.atomic
def risk_profile_verify(
    *, actor: User, profile: RiskProfile, levels: Mapping[int, str], reasons: Mapping[int, str]
) -> RiskProfile:
    """Куратор подтверждает профиль; уровень, отличный от анкетирования, — только с причиной."""
    profile = RiskProfile.objects.select_for_update().get(pk=profile.pk)
    ensure_expected_version(profile)
    _check_first_visit(profile)
    rows = list(profile.levels.select_related("factor").order_by("factor__number"))
    if not rows:
        raise ValidationError("В профиле ещё нет уровней — сначала внесите результаты анкетирования.")
    _check_levels([row.factor for row in rows], levels)
    errors = {}
    for row in rows:
        level, reason = levels[row.factor_id], (reasons.get(row.factor_id) or "").strip()
        if level != (row.survey_level or row.level) and not reason:
            errors[f"reason_{row.factor_id}"] = (
                f"Уровень по фактору {row.factor.number} отличается от анкетирования — укажите причину."
            )
        if level == RiskLevel.LOW and row.is_active_direction:
            errors[f"level_{row.factor_id}"] = (
                f"По фактору {row.factor.number} активировано рисковое направление"
                " — сначала снимите его, потом понижайте уровень до низкого."
            )
    if errors:
        raise ValidationError(errors)
    for row in rows:
        level, reason = levels[row.factor_id], (reasons.get(row.factor_id) or "").strip()
        survey = row.survey_level or row.level
        new_reason = reason if level != survey else ""
        if (row.level, row.survey_level, row.change_reason) != (level, survey, new_reason):
            row.level, row.survey_level, row.change_reason = level, survey, new_reason
            row._change_reason = new_reason or "Уровень возвращён к результату анкетирования"
            row._history_user = actor
            row.save()
    profile.verified_at, profile.verified_by = timezone.now(), actor
    profile._change_reason = "Профиль проверен куратором"
    profile._history_user = actor
    profile.save()
    rollup_mark_school(school_id=profile.school_id, years=[profile.year, profile.year + 1])
    events.risk_profile_verified_notify(profile=profile, actor=actor)
    return profile


@transaction.atomic
def risk_directions_activate(*, actor: User, profile: RiskProfile, factor_ids: Iterable[int]) -> RiskProfile:
    """Рисковые направления: не меньше двух, только среди высоких и средних рисков проверенного профиля."""
    profile = RiskProfile.objects.select_for_update().get(pk=profile.pk)
    ensure_expected_version(profile)
    if profile.verified_at is None:
        raise ValidationError("Сначала подтвердите рисковый профиль, потом активируйте направления.")
    rows = {row.factor_id: row for row in profile.levels.select_related("factor")}
    chosen = {int(pk) for pk in factor_ids}
    unknown = chosen - set(rows)
    if unknown:
        raise ValidationError("Среди выбранных есть фактор, которого нет в профиле школы.")
    workable = [row for row in rows.values() if row.level in WORKABLE]
    if len(workable) < MIN_DIRECTIONS:
        raise ValidationError(
            f"У школы меньше двух факторов с высоким или средним риском ({len(workable)}) — "
            "правило «не меньше двух направлений» выполнить нельзя. Проверьте уровни профиля."
        )
    low = sorted(rows[pk].factor.number for pk in chosen if rows[pk].level not in WORKABLE)
    if low:
        raise ValidationError(
            "Направления выбирают только среди высоких и средних рисков; у факторов "
            + ", ".join(map(str, low))
            + " риск низкий."
        )
    if len(chosen) < MIN_DIRECTIONS:
        raise ValidationError(
            f"Нужно активировать не меньше {MIN_DIRECTIONS} рисковых направлений (выбрано: {len(chosen)})."
        )
    dropped = [row for pk, row in rows.items() if row.is_active_direction and pk not in chosen]
    with_programme = SchoolDocument.objects.filter(direction__in=dropped).select_related("direction__factor")
    if with_programme:
        numbers = ", ".join(str(doc.direction.factor.number) for doc in with_programme)
        raise ValidationError(
            f"По направлениям {numbers} уже загружены антирисковые программы — снять их нельзя."
        )
    for pk, row in rows.items():
        wanted = pk in chosen
        if row.is_active_direction != wanted:
            row.is_active_direction = wanted
            row._change_reason = "Направление активировано" if wanted else "Направление снято"
            row._history_user = actor
            row.save()
    profile._history_user = actor
    profile.save()  # версия профиля: чужая устаревшая форма направлений получит конфликт
    # Снижение рисков сравнивает год с предыдущим: профиль года влияет и на следующий год.
    rollup_mark_school(school_id=profile.school_id, years=[profile.year, profile.year + 1])
    return profile
