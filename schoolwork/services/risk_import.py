"""Загрузка рисковых профилей региона из Excel: предпросмотр с ошибками по строкам, затем — по
подтверждению — запись всех строк одной транзакцией. До подтверждения в профили не пишется ничего."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from config.dbtools import analyze_after_commit
from config.echo import echo
from hooks.figures import rollup_mark_dirty
from jobs.services import job_dispatch
from schools.models import Participation, Region, RiskLevel, RiskProfile, RiskProfileLevel, School, search_key
from schoolwork import excel
from schoolwork import files as filecheck
from schoolwork.models import ImportStatus, RiskImportBatch
from schoolwork.risk_selectors import import_error_rows
from schoolwork.services.risk import catalogue

CREATE, UPDATE, SAME, VERIFIED = "create", "update", "same", "verified"
SYNC_APPLY_LIMIT = 500  # строк; измерено: 1 000 новых профилей — ~5 с, 6 000 — ~20 с (SQLite)


class _RegionSchools:
    """Школы региона, по которым узнаём строку: код в системе, затем ИНН, затем муниципалитет + название."""

    def __init__(self, region: Region, year: int):
        schools = list(School.objects.filter(municipality__region=region).select_related("municipality"))
        self.by_code = {str(s.pk): s for s in schools}
        self.by_inn = {s.inn: s for s in schools if s.inn}
        self.by_name = {(search_key(s.municipality.name), search_key(s.short_name)): s for s in schools}
        self.in_year = set(
            Participation.objects.filter(school__in=schools, year=year).values_list("school_id", flat=True)
        )

    def find(self, row: excel.RawRow) -> tuple[School | None, str]:
        label = echo(row.name or row.inn or row.code or "без названия")
        if row.code:
            school = self.by_code.get(row.code)
            missing = f"Неизвестная школа: кода {echo(row.code)} нет среди школ региона."
            return school, "" if school else missing
        school = self.by_inn.get(row.inn) if row.inn else None
        school = school or self.by_name.get((search_key(row.municipality), search_key(row.name)))
        return school, "" if school else f"Неизвестная школа «{label}»: её нет в списке школ региона."


# Сколько ошибок загрузки хранить и показывать: больше человеку всё равно не прочесть за раз.
MAX_STORED_ERRORS = 500


def _parse(batch_region: Region, year: int, raw_rows: list[excel.RawRow], factors):
    schools = _RegionSchools(batch_region, year)
    profiles = {
        p.school_id: p
        for p in RiskProfile.objects.filter(
            school__municipality__region=batch_region, year=year
        ).prefetch_related("levels")
    }
    numbers = {f.pk: f.number for f in factors}
    seen: dict[int, int] = {}
    rows, errors = [], []
    for raw in raw_rows:
        if not any(raw.cells.values()):
            continue  # школа без результатов анкетирования — пропускаем, как и обещает шаблон
        school, problem = schools.find(raw)
        row_errors = [problem] if problem else []
        if school is not None:
            if school.pk in seen:
                row_errors.append(f"Повтор: школа «{school}» уже есть в строке {seen[school.pk]}.")
            else:
                seen[school.pk] = raw.number
            if school.pk not in schools.in_year:
                row_errors.append(f"Школа «{school}» не участвует в программе в {year} году.")
        levels = {}
        for factor_id, text in raw.cells.items():
            level = excel.parse_level(text) if text else None
            if not text:
                row_errors.append(f"Не указан уровень по фактору {numbers[factor_id]}.")
            elif level is None:
                row_errors.append(
                    f"Неизвестный уровень «{echo(text, 40)}» по фактору {numbers[factor_id]}: "
                    "допустимы высокий, средний, низкий."
                )
            else:
                levels[str(factor_id)] = level
        if row_errors:
            errors.extend({"row": raw.number, "message": m} for m in row_errors)
            continue
        profile = profiles.get(school.pk)
        current = {str(level.factor_id): level.level for level in profile.levels.all()} if profile else {}
        action = CREATE if profile is None else (SAME if current == levels else UPDATE)
        if profile is not None and profile.verified_at is not None:
            # Шаблон подставляет и проверенные профили: их строку без изменений просто не трогаем.
            if action == UPDATE:
                errors.append(
                    {
                        "row": raw.number,
                        "message": f"Профиль школы «{school}» уже проверен куратором "
                        "— загрузка его не меняет; уровни меняет куратор при проверке.",
                    }
                )
                continue
            action = VERIFIED
        rows.append(
            {
                "row": raw.number,
                "school_id": school.pk,
                "school": school.short_name,
                "municipality": school.municipality.name,
                "levels": levels,
                "action": action,
            }
        )
    return rows, _capped(errors)


def _capped(errors: list[dict]) -> list[dict]:
    """Не больше MAX_STORED_ERRORS ошибок в базе: остальные — одной строкой-итогом (row=None), в ней же —
    сколько строк файла с ошибками всего (error_rows: предпросмотр называет настоящее число)."""
    if len(errors) <= MAX_STORED_ERRORS:
        return errors
    rest = len(errors) - MAX_STORED_ERRORS
    return [
        *errors[:MAX_STORED_ERRORS],
        {
            "row": None,
            "message": f"…и ещё ошибок: {rest}. Исправьте показанные и загрузите файл снова.",
            "error_rows": import_error_rows(errors),
        },
    ]


@transaction.atomic
def risk_profiles_import_preview(*, actor: User, region: Region, year: int, file) -> RiskImportBatch:
    """Разбирает файл и сохраняет предпросмотр. Негодный файл — ValidationError, ничего не сохранено."""
    if file is None:
        raise ValidationError({"file": "Выберите файл Excel."})
    factors = catalogue(year)
    try:
        filecheck.check_spreadsheet(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    try:
        raw_rows = excel.read_rows(file, factors)
    except excel.SheetError as error:
        raise ValidationError({"file": str(error)}) from error
    rows, errors = _parse(region, year, raw_rows, factors)
    if not rows and not errors:
        raise ValidationError({"file": "В файле нет ни одной заполненной строки с уровнями рисков."})
    return RiskImportBatch.objects.create(
        region=region,
        year=year,
        created_by=actor,
        original_name=filecheck.sanitise_name(file.name),
        rows=rows,
        errors=errors,
        row_count=len(raw_rows),
    )


def _check_can_apply(batch: RiskImportBatch, allowed=(ImportStatus.PENDING,)) -> None:
    if batch.status == ImportStatus.APPLYING and batch.status not in allowed:
        raise ValidationError("Эта загрузка уже записывается — дождитесь окончания.")
    if batch.status not in allowed:
        raise ValidationError("Эта загрузка уже применена или отменена — загрузите файл заново.")
    if batch.errors:
        raise ValidationError(
            "В файле есть ошибки — исправьте их и загрузите файл снова. Пока ошибки есть, "
            "не записывается ни одна строка."
        )


@transaction.atomic
def risk_profiles_import_confirm(*, actor: User, batch: RiskImportBatch) -> RiskImportBatch:
    """Человек подтвердил предпросмотр. Обычный регион (сотни школ) записывается сразу; очень большой
    файл — в фоне: 6 000 строк пишутся десятки секунд, дольше, чем живёт веб-запрос."""
    batch = RiskImportBatch.objects.select_for_update().get(pk=batch.pk)
    _check_can_apply(batch)
    if len(batch.rows) <= SYNC_APPLY_LIMIT:
        risk_profiles_import_apply(actor=actor, batch=batch)
    else:
        batch.status, batch.apply_error = ImportStatus.APPLYING, ""
        batch.save(update_fields=["status", "apply_error"])
        # Постановка пишется в этой же транзакции; брокер недоступен — пакет ждёт «записывается»,
        # его поставит подметальщик (jobs.services.jobs_sweep), ничего не теряется.
        job_dispatch(kind="schoolwork.risk_import", obj=batch)
    batch.refresh_from_db()
    return batch


def risk_profiles_import_run(*, batch_id: int, actor_id: int) -> int | None:
    """Запись в фоне (задача Celery). Повторный запуск той же задачи ничего не делает."""
    batch = RiskImportBatch.objects.filter(pk=batch_id, status=ImportStatus.APPLYING).first()
    actor = User.objects.filter(pk=actor_id).first()
    if batch is None or actor is None:
        return None
    try:
        return risk_profiles_import_apply(actor=actor, batch=batch, background=True)
    except ValidationError as error:  # данные изменились с предпросмотра: вернуть пакет человеку с причиной
        RiskImportBatch.objects.filter(pk=batch_id, status=ImportStatus.APPLYING).update(
            status=ImportStatus.PENDING, apply_error=" ".join(error.messages)
        )
        return None


@transaction.atomic
def risk_profiles_import_apply(*, actor: User, batch: RiskImportBatch, background: bool = False) -> int:
    """Записывает все строки предпросмотра одной транзакцией; любая проблема — не записано ничего."""
    batch = RiskImportBatch.objects.select_for_update().get(pk=batch.pk)
    _check_can_apply(batch, (ImportStatus.APPLYING,) if background else (ImportStatus.PENDING,))
    rows = [row for row in batch.rows if row["action"] != VERIFIED]
    school_ids = [row["school_id"] for row in rows]
    # Пока человек смотрел предпросмотр, куратор мог проверить профиль, а школу — перенести: проверяем снова.
    valid = set(
        School.objects.filter(pk__in=school_ids, municipality__region=batch.region).values_list(
            "pk", flat=True
        )
    )
    profiles = {
        p.school_id: p
        for p in RiskProfile.objects.select_for_update().filter(school_id__in=school_ids, year=batch.year)
    }
    stale = [
        row
        for row in rows
        if row["school_id"] not in valid
        or (row["school_id"] in profiles and profiles[row["school_id"]].verified_at is not None)
    ]
    if stale:
        raise ValidationError(
            "С момента предпросмотра изменились школы: "
            + ", ".join(f"«{row['school']}» (строка {row['row']})" for row in stale[:10])
            + ". Загрузите файл заново — ничего не записано."
        )
    factor_ids = {f.pk for f in catalogue(batch.year)}
    reason = f"Загрузка из Excel: {batch.original_name}"
    new_profiles = [RiskProfile(school_id=pk, year=batch.year) for pk in school_ids if pk not in profiles]
    for profile in bulk_create_with_history(
        new_profiles, RiskProfile, default_user=actor, default_change_reason=reason
    ):
        profiles[profile.school_id] = profile
    existing = {
        (level.profile_id, level.factor_id): level
        for level in RiskProfileLevel.objects.filter(profile__in=profiles.values())
    }
    to_create, to_update = [], []
    for row in rows:
        profile = profiles[row["school_id"]]
        for factor_id, value in row["levels"].items():
            if int(factor_id) not in factor_ids:
                raise ValidationError("Каталог рисков года изменился после загрузки — загрузите файл заново.")
            current = existing.get((profile.pk, int(factor_id)))
            if current is None:
                to_create.append(
                    RiskProfileLevel(
                        profile=profile, factor_id=int(factor_id), level=value, survey_level=value
                    )
                )
            elif (current.level, current.survey_level) != (value, value):
                current.level = current.survey_level = value
                current.change_reason = ""
                current.is_active_direction = current.is_active_direction and value != RiskLevel.LOW
                to_update.append(current)
    bulk_create_with_history(
        to_create, RiskProfileLevel, batch_size=2000, default_user=actor, default_change_reason=reason
    )
    _update_levels(to_update, actor=actor, reason=reason)
    # Уровни записаны мимо save() профиля: версия растёт здесь — форма уровней, открытая до загрузки,
    # получит конфликт, а не вернёт прежние уровни молча (config/versioning.py).
    touched = {level.profile_id for level in to_update} | {level.profile_id for level in to_create}
    RiskProfile.objects.filter(pk__in=touched - {p.pk for p in new_profiles}).update(version=F("version") + 1)
    batch.status, batch.applied_at, batch.applied_count = (
        ImportStatus.APPLIED,
        timezone.now(),
        len(rows),
    )
    batch.apply_error = ""
    batch.save(update_fields=["status", "applied_at", "applied_count", "apply_error"])
    # Большая загрузка: отметка региона (пересчёт после коммита; ANALYZE таблиц профилей — там же).
    rollup_mark_dirty(region_ids=[batch.region_id], years=[batch.year, batch.year + 1])
    # Переписанные уровни — тоже: меняются значения столбца, в истории — по строке на каждый.
    analyze_after_commit(
        [RiskProfile, RiskProfileLevel, RiskProfile.history.model, RiskProfileLevel.history.model],
        rows=len(to_create) + len(to_update),
    )
    return batch.applied_count


def _update_levels(levels: list[RiskProfileLevel], *, actor: User, reason: str) -> None:
    """Новые уровни одним UPDATE на каждое значение (их три), а не CASE на тысячи строк, как делает
    bulk_update: на 6 000 школ это секунды вместо минуты. История пишется пачкой с той же причиной."""
    by_value: dict[str, list[int]] = {}
    for level in levels:
        by_value.setdefault(level.level, []).append(level.pk)
    for value, pks in by_value.items():
        for start in range(0, len(pks), 2000):
            RiskProfileLevel.objects.filter(pk__in=pks[start : start + 2000]).update(
                level=value,
                survey_level=value,
                change_reason="",
                **({"is_active_direction": False} if value == RiskLevel.LOW else {}),
            )
    RiskProfileLevel.history.bulk_history_create(
        levels, batch_size=2000, default_user=actor, default_change_reason=reason
    )


@transaction.atomic
def risk_profiles_import_discard(*, actor: User, batch: RiskImportBatch) -> None:
    batch = RiskImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status == ImportStatus.PENDING:
        batch.status = ImportStatus.DISCARDED
        batch.save(update_fields=["status"])
