"""Этапы generate_demo для работы программы: дорожные карты с мероприятиями, посещения, рисковые
профили и документы школ — чтобы снимки, панели и выгрузки мерились на национальном объёме
(85 регионов, 6 000 школ, ~150 000 мероприятий). Всё — bulk_create пачками, без истории."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from demo.synthetic import BATCH_SIZE, SyntheticRun
from roadmaps.models import Item, ItemStatus, Level, MapStatus, RoadMap, Section, Transition
from roadmaps.periods import parse_period
from schools.models import RiskFactor, RiskLevel, RiskProfile, RiskProfileLevel
from schoolwork.models import (
    DocumentKind,
    DocumentStatus,
    DocumentVersion,
    SchoolDocument,
    Visit,
    VisitKind,
    VisitStatus,
)

REGIONAL_ITEMS = 60
MUNICIPAL_ITEMS = 58  # 85 × 60 + 2 500 × 58 ≈ 150 000 мероприятий на национальном объёме
SECTIONS = (
    "Организационное сопровождение",
    "Информационное сопровождение",
    "Работа с кураторами",
    "Методическая поддержка школ",
    "Мониторинг",
    "Подведение итогов",
)
ACTIONS = (
    "Совещание муниципальных координаторов",
    "Вебинар для школ-участниц проекта",
    "Посещение школ кураторами",
    "Анкетирование участников образовательных отношений",
    "Экспертиза документов школ",
    "Размещение информации на сайте",
    "Курсы повышения квалификации",
    "Отчёт о реализации дорожной карты",
)
PERIODS = (
    "до 28.01.{y}",
    "25-29.01.{y}",
    "февраль {y}",
    "март-апрель {y}",
    "до 15.04.{y}",
    "май {y}",
    "II квартал {y}",
    "до 30.06.{y}",
    "сентябрь {y}",
    "до 20.09.{y}",
    "октябрь-ноябрь {y}",
    "до 15.12.{y}",
    "в течение {y} года",
    "постоянно",
    "ежемесячно",
)
INDICATORS = (
    "Доля ОО из числа включенных в проект, посещенных кураторами",
    "Мероприятие проведено",
    "Доля ОО, верифицировавших рисковый профиль",
    "Документ размещён",
)
CATALOGUE_SOURCE_YEAR = 2022


def _bulk(model, rows: list, batch_size: int = BATCH_SIZE) -> list:
    return model.objects.bulk_create(rows, batch_size=batch_size)


def create_roadmaps(run: SyntheticRun) -> int:
    """Региональная карта на регион и муниципальная на муниципалитет; часть муниципальных утверждена."""
    year, rng, now = run.plan.year, run.rng, timezone.now()
    maps = []
    for region in run.regions:
        maps.append(
            RoadMap(
                level=Level.REGIONAL,
                region=region,
                year=year,
                status=MapStatus.APPROVED,
                title=f"Региональная дорожная карта на {year} год",
                approval_document=f"распоряжение № {rng.randint(100, 999)} от 22.03.{year}",
                municipal_deadline=datetime.date(year, 4, 2),
                created_by=run.regional_coordinators[region.pk],
            )
        )
        for municipality in run.municipalities[region.pk]:
            status = rng.choices([MapStatus.APPROVED, MapStatus.SUBMITTED, MapStatus.DRAFT], (6, 2, 2))[0]
            maps.append(
                RoadMap(
                    level=Level.MUNICIPAL,
                    region=region,
                    municipality=municipality,
                    year=year,
                    status=status,
                    title=f"Муниципальная дорожная карта на {year} год",
                    created_by=run.municipal_coordinators[municipality.pk],
                )
            )
    maps = _bulk(RoadMap, maps)
    transitions = [
        Transition(
            roadmap=m,
            from_status=MapStatus.SUBMITTED,
            to_status=MapStatus.APPROVED,
            actor=run.regional_coordinators[m.region_id],
            comment="",
        )
        for m in maps
        if m.level == Level.MUNICIPAL and m.status == MapStatus.APPROVED
    ]
    _bulk(Transition, transitions)
    Transition.objects.filter(pk__in=[t.pk for t in transitions if t.pk]).update(
        created_at=now.replace(month=4, day=10) if now.month > 4 else now
    )
    run.roadmaps = maps
    return len(maps) + len(transitions)


def create_items(run: SyntheticRun) -> int:
    year, rng = run.plan.year, run.rng
    today = timezone.localdate()
    parsed = {text: parse_period(text.format(y=year), year) for text in PERIODS}  # разбор — по разу на текст
    sections = _bulk(
        Section,
        [
            Section(roadmap=roadmap, position=n, title=title)
            for roadmap in run.roadmaps
            for n, title in enumerate(SECTIONS, 1)
        ],
    )
    by_map: dict[int, list[Section]] = {}
    for section in sections:
        by_map.setdefault(section.roadmap_id, []).append(section)
    created = 0
    batch: list[Item] = []
    for roadmap in run.roadmaps:
        count = REGIONAL_ITEMS if roadmap.level == Level.REGIONAL else MUNICIPAL_ITEMS
        for number in range(count):
            section = by_map[roadmap.pk][number * len(SECTIONS) // count]
            template = PERIODS[number % len(PERIODS)]
            period = parsed[template]
            end = period.end
            status, completed = ItemStatus.NOT_STARTED, None
            if end is not None and end < today:
                status = rng.choices(
                    [ItemStatus.DONE, ItemStatus.IN_PROGRESS, ItemStatus.NOT_STARTED], (75, 10, 15)
                )[0]
                completed = end if status == ItemStatus.DONE else None
            indicator = INDICATORS[number % len(INDICATORS)]
            batch.append(
                Item(
                    roadmap=roadmap,
                    section=section,
                    position=number + 1,
                    source_number="",
                    description=f"{ACTIONS[number % len(ACTIONS)]} ({number + 1})",
                    period_text=template.format(y=year),
                    period_start=period.start,
                    period_end=end,
                    period_kind=period.kind.value,
                    period_flagged=period.needs_attention,
                    indicator=indicator,
                    indicator_figure="schools_visited" if number % len(INDICATORS) == 0 else "",
                    target_kind="share" if number % len(INDICATORS) == 0 else "",
                    target_value=Decimal(100) if number % len(INDICATORS) == 0 else None,
                    status=status,
                    completed_on=completed,
                )
            )
        if len(batch) >= 20 * BATCH_SIZE:  # память ровная: пачка в 20 000 мероприятий за раз
            created += len(_bulk(Item, batch, batch_size=5000))
            batch = []
    created += len(_bulk(Item, batch, batch_size=5000))
    return created + len(sections)


def create_visits(run: SyntheticRun) -> int:
    """Три четверти школ посещены куратором (проведённое посещение), остальным посещение запланировано."""
    year, rng = run.plan.year, run.rng
    rows = []
    for region in run.regions:
        curators, schools = run.curators[region.pk], run.schools[region.pk]
        for index, school in enumerate(schools):
            curator_id = curators[index * len(curators) // len(schools)].pk  # тот же, что назначен школе
            done = rng.random() < 0.75
            rows.append(
                Visit(
                    school=school,
                    curator_id=curator_id,
                    kind=VisitKind.FIRST,
                    status=VisitStatus.DONE if done else VisitStatus.PLANNED,
                    date=datetime.date(year, rng.randint(2, 5), rng.randint(1, 28)),
                    purpose="Первичное посещение, верификация рискового профиля",
                    findings="Проведены беседы с администрацией и педагогами" if done else "",
                )
            )
    return len(_bulk(Visit, rows))


def _catalogue(year: int) -> list[RiskFactor]:
    factors = list(RiskFactor.objects.filter(year=year).order_by("number"))
    if not factors:  # каталога года нет — берём формулировки последнего известного (2021–2022)
        source = RiskFactor.objects.filter(year=CATALOGUE_SOURCE_YEAR).order_by("number")
        factors = _bulk(RiskFactor, [RiskFactor(year=year, number=f.number, title=f.title) for f in source])
    return factors


def create_risk_profiles(run: SyntheticRun) -> int:
    """Профиль года у каждой школы (60 % проверены с двумя направлениями) и прошлогодний — у ветеранов."""
    year, rng, now = run.plan.year, run.rng, timezone.now()
    factors = {y: _catalogue(y) for y in (year, year - 1)}
    schools = [school for region in run.regions for school in run.schools[region.pk]]
    veterans = set(rng.sample(range(len(schools)), round(len(schools) * run.plan.previous_year_share)))
    profiles, plans = [], []
    for index, school in enumerate(schools):
        for profile_year in (year, year - 1) if index in veterans else (year,):
            verified = profile_year == year and rng.random() < 0.6
            profiles.append(
                RiskProfile(school=school, year=profile_year, verified_at=now if verified else None)
            )
            plans.append((profile_year, verified))
    profiles = _bulk(RiskProfile, profiles)
    levels = []
    weights = {year: (2, 4, 4), year - 1: (4, 4, 2)}  # в прошлом году рисков было больше
    for profile, (profile_year, verified) in zip(profiles, plans, strict=True):
        chosen = rng.choices(
            [RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW],
            weights[profile_year],
            k=len(factors[profile_year]),
        )
        active = [i for i, level in enumerate(chosen) if level != RiskLevel.LOW][:2] if verified else []
        levels += [
            RiskProfileLevel(
                profile=profile,
                factor=factor,
                level=level,
                survey_level=level,
                is_active_direction=i in active,
            )
            for i, (factor, level) in enumerate(zip(factors[profile_year], chosen, strict=True))
        ]
    run.directions = [lv for lv in _bulk(RiskProfileLevel, levels) if lv.is_active_direction]
    return len(profiles) + len(levels)


def create_documents(run: SyntheticRun) -> int:
    """Документы школ: концепции и программы (часть подтверждена), документы 1 этапа мониторинга."""
    year, rng, now = run.plan.year, run.rng, timezone.now()
    docs = []
    for region in run.regions:
        for school in run.schools[region.pk]:
            for kind, chance in (
                (DocumentKind.CONCEPT, 0.7),
                (DocumentKind.MIDTERM, 0.6),
                (DocumentKind.MONITORING_1, 0.5),
            ):
                if rng.random() < chance:
                    docs.append(SchoolDocument(school=school, year=year, kind=kind))
    docs += [
        SchoolDocument(
            school_id=direction.profile.school_id, year=year, kind=DocumentKind.ANTIRISK, direction=direction
        )
        for direction in run.directions
        if rng.random() < 0.7
    ]
    docs = _bulk(SchoolDocument, docs)
    versions = _bulk(
        DocumentVersion,
        [
            DocumentVersion(
                document=doc,
                number=1,
                file=f"synthetic/documents/{doc.pk}.pdf",
                original_name="Документ.pdf",
                content_type="application/pdf",
                size=1024,
            )
            for doc in docs
        ],
    )
    confirmed = []
    for doc, version in zip(docs, versions, strict=True):
        if rng.random() < 0.7:
            doc.status, doc.confirmed_version, doc.reviewed_at = DocumentStatus.CONFIRMED, version, now
            confirmed.append(doc)
    SchoolDocument.objects.bulk_update(
        confirmed, ["status", "confirmed_version", "reviewed_at"], batch_size=BATCH_SIZE
    )
    return len(docs) + len(versions)


STAGES = [
    ("дорожные карты", create_roadmaps),
    ("разделы и мероприятия", create_items),
    ("посещения кураторов", create_visits),
    ("рисковые профили", create_risk_profiles),
    ("документы школ", create_documents),
]


def detach_before_clear(regions) -> None:
    """Перед прямым удалением синтетики: подтверждённый документ ссылается на свою версию, и удаление
    версии обнулило бы ссылку у ещё подтверждённого документа (это запрещено ограничением базы)."""
    SchoolDocument.objects.filter(school__municipality__region__in=regions).update(
        status=DocumentStatus.UPLOADED, confirmed_version=None
    )
