"""Запись в справочник. Каждая функция проверяет правила предметной области и пишет в одной транзакции."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import Role, RoleMembership, User
from config import fragments
from config.versioning import VersionConflict
from hooks import events
from schools.models import (
    CuratorAssignment,
    Municipality,
    Organisation,
    Participation,
    Region,
    School,
)


def _save(instance, **fields):
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def _figures_changed(*, region_ids, years=None) -> None:
    """Показатели регионов устарели (monitoring.rollup пересчитает после коммита)."""
    from hooks.figures import rollup_mark_dirty

    rollup_mark_dirty(region_ids=region_ids, years=years)


@transaction.atomic
def region_save(*, region: Region | None = None, code: str, name: str, timezone: str) -> Region:
    saved = _save(region or Region(), code=code.strip(), name=name.strip(), timezone=timezone)
    fragments.bump_after_commit(region_ids=[saved.pk])  # имя региона — в сводках панели в кэше
    return saved


@transaction.atomic
def municipality_save(
    *, municipality: Municipality | None = None, region: Region, name: str, kind: str
) -> Municipality:
    # Сравниваем с сохранённым в базе: форма уже переписала поля объекта в памяти.
    saved_region_id = (
        Municipality.objects.filter(pk=municipality.pk).values_list("region_id", flat=True).first()
        if municipality is not None and municipality.pk
        else None
    )
    if saved_region_id is not None and saved_region_id != region.pk and municipality.schools.exists():
        raise ValidationError({"region": "Муниципалитет со школами нельзя перенести в другой регион."})
    saved = _save(municipality or Municipality(), region=region, name=name.strip(), kind=kind)
    _figures_changed(region_ids=[region.pk, saved_region_id])
    return saved


@transaction.atomic
def school_save(
    *,
    school: School | None = None,
    municipality: Municipality,
    full_name: str,
    short_name: str,
    inn: str | None = None,
    address: str = "",
    director: str = "",
    phone: str = "",
    email: str = "",
    website: str = "",
    years: Iterable[int] | None = None,
) -> School:
    saved_region_id = (
        School.objects.filter(pk=school.pk).values_list("municipality__region_id", flat=True).first()
        if school is not None and school.pk
        else None
    )
    if saved_region_id is not None and saved_region_id != municipality.region_id:
        raise ValidationError({"municipality": "Муниципалитет должен быть в том же регионе, что и школа."})
    school = _save(
        school or School(),
        municipality=municipality,
        full_name=full_name.strip(),
        short_name=short_name.strip(),
        inn=(inn or "").strip() or None,
        address=address.strip(),
        director=director.strip(),
        phone=phone.strip(),
        email=email.strip(),
        website=website.strip(),
    )
    if years is not None:
        school_set_years(school=school, years=years)
    _figures_changed(region_ids=[municipality.region_id])
    return school


@transaction.atomic
def school_set_years(*, school: School, years: Iterable[int]) -> None:
    wanted = set(years)
    existing = set(school.participations.values_list("year", flat=True))
    for participation in school.participations.filter(year__in=existing - wanted):
        participation.delete()  # по одной, чтобы в истории остался след удаления
    for year in sorted(wanted - existing):
        _save(Participation(school=school), year=year)
    if wanted != existing:
        _figures_changed(region_ids=[school.municipality.region_id], years=wanted ^ existing)


@transaction.atomic
def organisation_save(
    *,
    organisation: Organisation | None = None,
    region: Region,
    kind: str,
    full_name: str,
    short_name: str,
    aliases: str = "",
) -> Organisation:
    cleaned_aliases = "\n".join(dict.fromkeys(a.strip() for a in aliases.splitlines() if a.strip()))
    return _save(
        organisation or Organisation(),
        region=region,
        kind=kind,
        full_name=full_name.strip(),
        short_name=short_name.strip(),
        aliases=cleaned_aliases,
    )


@transaction.atomic
class CuratorConflict(VersionConflict):
    """Куратора школы на этот год назначили или сняли после того, как человек открыл форму."""

    def __init__(self, *, current: CuratorAssignment | None, year: int):
        self.current, self.expected = current, None
        self.current_curator_id = current.curator_id if current is not None else 0
        self.changed_fields, self.changed_at = [], current.assigned_at if current is not None else None
        self.changed_by = str(current.assigned_by.short_name) if current and current.assigned_by else ""
        who = f" {self.changed_by}" if self.changed_by else " другой пользователь"
        now = f"«{current.curator.short_name}»" if current is not None else "не назначен"
        ValidationError.__init__(
            self,
            f"Пока вы выбирали, куратора школы на {year} год изменил{who}: сейчас — {now}. "
            "Ваш выбор не записан, но остался в форме: проверьте и нажмите «Сохранить» ещё раз.",
            code="version_conflict",
        )


def curator_assign(
    *,
    actor: User | None,
    school: School,
    curator: User | None,
    year: int,
    seen_curator_id: int | None = None,
) -> CuratorAssignment | None:
    """Назначает куратора школе на год (или снимает, если curator=None). Прежний куратор года заменяется.
    seen_curator_id — кто был куратором, когда человек открыл форму (0 — никто): если с тех пор куратора
    сменили, CuratorConflict вместо молчаливой перезаписи чужого назначения."""
    region_id = school.municipality.region_id
    if curator is not None:
        is_curator_here = RoleMembership.objects.filter(
            user=curator, role=Role.CURATOR, region_id=region_id, is_active=True, user__is_active=True
        ).exists()
        if not is_curator_here:
            raise ValidationError({"curator": "Этот человек не является куратором в регионе школы."})
    if not school.participations.filter(year=year).exists():
        raise ValidationError({"year": f"Школа не участвует в программе в {year} году."})
    current = CuratorAssignment.objects.select_for_update().filter(school=school, year=year).first()
    if current is not None and curator is not None and current.curator_id == curator.pk:
        return current
    # Куратора с тех пор сменили (сняли и он тоже снимает — спорить не о чем): отказ, а не перезапись.
    stale = seen_curator_id is not None and (current.curator_id if current else 0) != seen_curator_id
    if stale and (current is not None or curator is not None):
        raise CuratorConflict(current=current, year=year)
    if current is not None:  # снятие или замена: прежний куратор и школа узнают об этом
        events.curator_changed_notify(
            school=school,
            year=year,
            curator_id=current.curator_id,
            assignment_id=current.pk,
            assigned=False,
            actor=actor,
        )
    # Кураторы видят свои школы: их сводки в кэше (config.fragments) — под новой версией региона.
    fragments.bump_after_commit(region_ids=[region_id])
    if curator is None:
        if current is not None:
            current.delete()
        return None
    if current is None:
        current = CuratorAssignment(school=school, year=year)
    saved = _save(current, curator=curator, assigned_by=actor)
    events.curator_changed_notify(
        school=school, year=year, curator_id=curator.pk, assignment_id=saved.pk, assigned=True, actor=actor
    )
    return saved
