"""Синтетические данные любого объёма для нагрузочных проверок (команда ``generate_demo``).

Всё создаётся через bulk_create пачками, поэтому django-simple-history этих строк не видит (истории
у синтетики нет — это нормально). Синтетика помечена: регионы называются «Синтетический регион NN»,
люди — адреса @synthetic.500plus.ru; ``clear_synthetic()`` удаляет только помеченное и всё, что на него
ссылается, а демо-данные (``demo.directory``) не трогает.

Генерация — цепочка этапов (``STAGES``): каждый получает общий ``SyntheticRun`` и возвращает число
созданных строк. Следующие задачи добавляют свои этапы (дорожные карты, мониторинг) в конец списка.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db.models import CASCADE, DO_NOTHING, PROTECT, RESTRICT, SET_NULL, QuerySet
from django.db.models.deletion import get_candidate_relations_to_delete

from accounts.models import Role, RoleMembership, User
from demo.directory import DEMO_PASSWORD, DEMO_REGION_CODES
from schools.models import (
    PROGRAMME_FIRST_YEAR,
    CuratorAssignment,
    Municipality,
    MunicipalityKind,
    Organisation,
    OrganisationKind,
    Participation,
    Region,
    RegionTimeZone,
    School,
    search_key,
)

REGION_PREFIX = "Синтетический регион"
EMAIL_DOMAIN = "synthetic.500plus.ru"
MAX_REGIONS = 99  # код субъекта — две цифры (01–99), а коды демо-регионов заняты всегда
BATCH_SIZE = 1000
SCHOOLS_PER_CURATOR = 3
DEFAULT_PREVIOUS_YEAR_SHARE = 0.3


class SyntheticPlanError(ValueError):
    """Параметры, с которыми генерировать нельзя; текст — для человека, по-русски."""


def _spread(total: int, parts: int, rng: random.Random) -> list[int]:
    """Делит total на parts почти поровну (разница не больше 1); кому достанется «лишнее» — решает rng."""
    base, extra = divmod(total, parts)
    lucky = set(rng.sample(range(parts), extra))
    return [base + (i in lucky) for i in range(parts)]


@dataclass(frozen=True)
class SyntheticPlan:
    """Сколько чего создать. Числа по регионам и муниципалитетам посчитаны заранее — прогон детерминирован."""

    year: int
    seed: int
    municipalities_by_region: tuple[int, ...]
    schools_by_municipality: tuple[int, ...]  # подряд по всем муниципалитетам всех регионов
    curators_per_region: int | None = None  # None — по одному на каждые три школы региона
    previous_year_share: float = DEFAULT_PREVIOUS_YEAR_SHARE

    @classmethod
    def build(
        cls,
        *,
        regions: int,
        year: int,
        seed: int,
        municipalities_per_region: int | None = None,
        schools_per_municipality: int | None = None,
        municipalities_total: int | None = None,
        schools_total: int | None = None,
        curators_per_region: int | None = None,
        previous_year_share: float = DEFAULT_PREVIOUS_YEAR_SHARE,
    ) -> SyntheticPlan:
        if not 1 <= regions <= MAX_REGIONS:
            raise SyntheticPlanError(
                f"Регионов может быть от 1 до {MAX_REGIONS}: код субъекта — две цифры. Указано: {regions}."
            )
        if not PROGRAMME_FIRST_YEAR <= year <= 2100:
            raise SyntheticPlanError(f"Год программы — от {PROGRAMME_FIRST_YEAR} до 2100. Указано: {year}.")
        if not 0 <= previous_year_share <= 1:
            raise SyntheticPlanError("Доля школ, участвовавших в прошлом году, — число от 0 до 1.")
        if curators_per_region is not None and curators_per_region < 1:
            raise SyntheticPlanError("Кураторов в регионе должно быть хотя бы 1.")
        rng = random.Random(seed)
        if municipalities_total is not None:
            if municipalities_total < regions:
                raise SyntheticPlanError("Муниципалитетов всего должно быть не меньше, чем регионов.")
            per_region = _spread(municipalities_total, regions, rng)
        else:
            per_region = [municipalities_per_region or 0] * regions
            if per_region[0] < 1:
                raise SyntheticPlanError("Муниципалитетов в регионе должно быть хотя бы 1.")
        municipality_count = sum(per_region)
        if schools_total is not None:
            if schools_total < municipality_count:
                raise SyntheticPlanError("Школ всего должно быть не меньше, чем муниципалитетов.")
            per_municipality = _spread(schools_total, municipality_count, rng)
        else:
            if not schools_per_municipality or schools_per_municipality < 1:
                raise SyntheticPlanError("Школ в муниципалитете должно быть хотя бы 1.")
            per_municipality = [schools_per_municipality] * municipality_count
        return cls(
            year=year,
            seed=seed,
            municipalities_by_region=tuple(per_region),
            schools_by_municipality=tuple(per_municipality),
            curators_per_region=curators_per_region,
            previous_year_share=previous_year_share,
        )

    @property
    def regions(self) -> int:
        return len(self.municipalities_by_region)


@dataclass
class SyntheticRun:
    """Общее состояние прогона: этапы складывают сюда созданное, следующие этапы берут отсюда."""

    plan: SyntheticPlan
    rng: random.Random
    password_hash: str
    regions: list[Region] = field(default_factory=list)
    municipalities: dict[int, list[Municipality]] = field(default_factory=dict)  # по id региона
    schools: dict[int, list[School]] = field(default_factory=dict)  # по id региона, муниципалитеты подряд
    regional_coordinators: dict[int, User] = field(default_factory=dict)
    municipal_coordinators: dict[int, User] = field(default_factory=dict)  # по id муниципалитета
    curators: dict[int, list[User]] = field(default_factory=dict)

    @classmethod
    def start(cls, plan: SyntheticPlan) -> SyntheticRun:
        # Один хэш на всех: PBKDF2 на каждого из тысяч людей занял бы минуты. Пароль — как у демо.
        return cls(plan=plan, rng=random.Random(plan.seed), password_hash=make_password(DEMO_PASSWORD))


# --- Словари для правдоподобных названий и ФИО -------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


PLACE_STEMS = _words(
    "Берёзов Соснов Озёр Камен Ключев Николь Покров Успен Воскресен Петров Иванов Ильин Горбатов Дубров "
    "Липов Ольхов Осинов Рябинов Калинин Вишнёв Яблонов Орехов Заречен Полян Белояр Краснояр Светлояр "
    "Гаврилов Боров Холмов Журавлёв Лебедев Медведев Ржев Ступин Тихвин Урюпин Шатров Ясенев Черемхов"
)
MUNICIPALITY_FORMS = (
    (MunicipalityKind.DISTRICT, "{}ский муниципальный район"),
    (MunicipalityKind.MUNICIPAL_OKRUG, "{}ский муниципальный округ"),
    (MunicipalityKind.CITY_OKRUG, "{}ский городской округ"),
)
SCHOOL_FORMS = (
    ("МБОУ", "Муниципальное бюджетное общеобразовательное учреждение"),
    ("МОУ", "Муниципальное общеобразовательное учреждение"),
    ("МАОУ", "Муниципальное автономное общеобразовательное учреждение"),
)
SCHOOL_LEVELS = (("СОШ", "средняя общеобразовательная школа"), ("ООШ", "основная общеобразовательная школа"))
SURNAMES = _words(
    "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов Волков "
    "Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин "
    "Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Сергеев Кудрявцев Белов"
)
MALE_NAMES = _words("Александр Алексей Андрей Дмитрий Евгений Игорь Михаил Николай Олег Павел Сергей Юрий")
FEMALE_NAMES = _words("Анна Валентина Галина Екатерина Елена Ирина Марина Наталья Ольга Светлана Татьяна")
FATHER_NAMES = (  # (мужское отчество, женское отчество)
    ("Александрович", "Александровна"),
    ("Викторович", "Викторовна"),
    ("Владимирович", "Владимировна"),
    ("Иванович", "Ивановна"),
    ("Николаевич", "Николаевна"),
    ("Петрович", "Петровна"),
    ("Сергеевич", "Сергеевна"),
    ("Юрьевич", "Юрьевна"),
)


def _person(run: SyntheticRun, email: str, position: str) -> User:
    rng = run.rng
    surname, is_female = rng.choice(SURNAMES), rng.random() < 0.7  # в школьных проектах больше женщин
    male_patronymic, female_patronymic = rng.choice(FATHER_NAMES)
    return User(
        email=email,
        password=run.password_hash,
        last_name=surname + "а" if is_female else surname,
        first_name=rng.choice(FEMALE_NAMES if is_female else MALE_NAMES),
        middle_name=female_patronymic if is_female else male_patronymic,
        position=position,
    )


def _bulk(model, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH_SIZE)


# --- Этапы генерации ---------------------------------------------------------------------------


def create_regions(run: SyntheticRun) -> int:
    taken = set(Region.objects.values_list("code", flat=True)) | set(DEMO_REGION_CODES)
    free = [code for code in (f"{n:02d}" for n in range(1, 100)) if code not in taken]
    if len(free) < run.plan.regions:
        raise SyntheticPlanError(
            f"Свободных кодов субъекта осталось {len(free)}, а нужно {run.plan.regions}. "
            "Удалите прежнюю синтетику (--clear) или уменьшите --regions."
        )
    zones = RegionTimeZone.values
    run.regions = _bulk(
        Region,
        [
            Region(code=code, name=f"{REGION_PREFIX} {code}", timezone=run.rng.choice(zones))
            for code in free[: run.plan.regions]
        ],
    )
    return len(run.regions)


def create_organisations(run: SyntheticRun) -> int:
    kinds = OrganisationKind
    rows = []
    for region in run.regions:
        rows += [
            Organisation(
                region=region,
                kind=kinds.AUTHORITY,
                short_name="ДО",
                full_name=f"Департамент образования ({region.name})",
                aliases="ОИВ\nДепартамент образования\nМинистерство образования",
            ),
            Organisation(
                region=region,
                kind=kinds.INSTITUTE,
                short_name="ИРО",
                full_name=f"Институт развития образования ({region.name})",
                aliases=f"ИРО {region.code}\nИПК\nДИРО",
            ),
            Organisation(
                region=region,
                kind=kinds.ASSESSMENT,
                short_name="РЦОКО",
                full_name=f"Региональный центр оценки качества образования ({region.name})",
                aliases="ЦОКО\nРИАЦОКО",
            ),
            Organisation(
                region=region,
                kind=kinds.MUNICIPAL_AUTHORITY,
                short_name="МОУО",
                full_name="Муниципальные органы, осуществляющие управление в сфере образования",
                aliases="Муниципальные органы управления образованием",
            ),
            Organisation(
                region=region,
                kind=kinds.SCHOOLS,
                short_name="ОО",
                full_name="Образовательные организации – участники проекта",
                aliases="Образовательные организации\nШНОР",
            ),
        ]
    return len(_bulk(Organisation, rows))


def create_municipalities(run: SyntheticRun) -> int:
    forms = [(stem, kind, pattern) for stem in PLACE_STEMS for kind, pattern in MUNICIPALITY_FORMS]
    rows = []
    for region, count in zip(run.regions, run.plan.municipalities_by_region, strict=True):
        run.rng.shuffle(forms)
        for index in range(count):
            stem, kind, pattern = forms[index % len(forms)]
            # Названий на регион хватает на 120 муниципалитетов; дальше — с номером, чтобы не повторяться.
            name = pattern.format(stem) + (f" № {index // len(forms) + 1}" if index >= len(forms) else "")
            rows.append(Municipality(region=region, name=name, kind=kind, search_text=search_key(name)))
    created = _bulk(Municipality, rows)
    for municipality in created:
        run.municipalities.setdefault(municipality.region_id, []).append(municipality)
    return len(created)


def create_schools(run: SyntheticRun) -> int:
    rng = run.rng
    counts = iter(run.plan.schools_by_municipality)
    rows = []
    for region in run.regions:
        for municipality in run.municipalities[region.pk]:
            count = next(counts)
            villages = rng.sample(PLACE_STEMS, min(count, len(PLACE_STEMS)))
            rows += [
                _school(rng, municipality, villages[number - 1] if number <= len(villages) else None, number)
                for number in range(1, count + 1)
            ]
    created = _bulk(School, rows)
    for school in created:
        run.schools.setdefault(school.municipality.region_id, []).append(school)
    return len(created)


def _school(rng: random.Random, municipality: Municipality, stem: str | None, number: int) -> School:
    (form, form_full), (level, level_full) = rng.choice(SCHOOL_FORMS), rng.choices(SCHOOL_LEVELS, (7, 3))[0]
    if stem is None:  # в муниципалитете больше школ, чем сёл в словаре — нумерованные, как в городах
        short_name, full_name = f"{form} {level} № {number}", f"{form_full} {level_full} № {number}"
    else:
        short_name, full_name = f'{form} "{stem}ская {level}"', f'{form_full} "{stem}ская {level_full}"'
    return School(
        municipality=municipality,
        short_name=short_name,
        full_name=full_name,
        search_text=search_key(short_name, full_name, ""),
    )


def create_participations(run: SyntheticRun) -> int:
    schools = [school for region in run.regions for school in run.schools[region.pk]]
    rows = [Participation(school=school, year=run.plan.year) for school in schools]
    previous_year = run.plan.year - 1
    if previous_year >= PROGRAMME_FIRST_YEAR:  # школы второго года — как в образцах 2021 → 2022
        veterans = run.rng.sample(schools, round(len(schools) * run.plan.previous_year_share))
        rows += [Participation(school=school, year=previous_year) for school in veterans]
    return len(_bulk(Participation, rows))


def create_people(run: SyntheticRun) -> int:
    """Региональный координатор на регион, муниципальный — на муниципалитет, кураторы — по ~3 школы."""
    people: list[tuple[str, int, User]] = []
    for region in run.regions:
        code = region.code
        people.append(
            (
                "region",
                region.pk,
                _person(run, f"coordinator.{code}@{EMAIL_DOMAIN}", "Региональный координатор"),
            )
        )
        for number, municipality in enumerate(run.municipalities[region.pk], 1):
            people.append(
                (
                    "municipality",
                    municipality.pk,
                    _person(run, f"mun.{code}.{number:03d}@{EMAIL_DOMAIN}", "Муниципальный координатор"),
                )
            )
        school_count = len(run.schools.get(region.pk, []))
        curators = run.plan.curators_per_region or math.ceil(school_count / SCHOOLS_PER_CURATOR)
        for number in range(1, curators + 1):
            people.append(
                (
                    "curator",
                    region.pk,
                    _person(run, f"curator.{code}.{number:03d}@{EMAIL_DOMAIN}", "Куратор проекта 500+"),
                )
            )
    created = _bulk(User, [user for _, _, user in people])
    for (kind, scope_id, _), user in zip(people, created, strict=True):
        if kind == "region":
            run.regional_coordinators[scope_id] = user
        elif kind == "municipality":
            run.municipal_coordinators[scope_id] = user
        else:
            run.curators.setdefault(scope_id, []).append(user)
    return len(created)


def create_memberships(run: SyntheticRun) -> int:
    rows = []
    for region in run.regions:
        rows.append(
            RoleMembership(
                user=run.regional_coordinators[region.pk], role=Role.REGIONAL_COORDINATOR, region=region
            )
        )
        rows += [
            RoleMembership(
                user=run.municipal_coordinators[municipality.pk],
                role=Role.MUNICIPAL_COORDINATOR,
                region=region,
                municipality=municipality,
            )
            for municipality in run.municipalities[region.pk]
        ]
        rows += [
            RoleMembership(user=curator, role=Role.CURATOR, region=region)
            for curator in run.curators.get(region.pk, [])
        ]
    return len(_bulk(RoleMembership, rows))


def create_curator_assignments(run: SyntheticRun) -> int:
    """Каждой школе года — куратор своего региона; соседние школы (один муниципалитет) — одному куратору."""
    rows = []
    for region in run.regions:
        schools, curators = run.schools[region.pk], run.curators[region.pk]
        coordinator = run.regional_coordinators[region.pk]
        rows += [
            CuratorAssignment(
                curator=curators[index * len(curators) // len(schools)],
                school=school,
                year=run.plan.year,
                assigned_by=coordinator,
            )
            for index, school in enumerate(schools)
        ]
    return len(_bulk(CuratorAssignment, rows))


Stage = Callable[[SyntheticRun], int]
STAGES: list[tuple[str, Stage]] = [
    ("регионы", create_regions),
    ("организации", create_organisations),
    ("муниципалитеты", create_municipalities),
    ("школы", create_schools),
    ("участие в программе", create_participations),
    ("люди", create_people),
    ("роли", create_memberships),
    ("назначения кураторов", create_curator_assignments),
]


# --- Удаление синтетики ------------------------------------------------------------------------


def synthetic_regions() -> QuerySet[Region]:
    return Region.objects.filter(name__startswith=REGION_PREFIX + " ")


def synthetic_users() -> QuerySet[User]:
    return User.objects.filter(email__endswith="@" + EMAIL_DOMAIN)


def _purge(queryset: QuerySet, deleted: Counter, *, being_purged: frozenset = frozenset()) -> None:
    """Удаляет строки queryset и всё, что на них ссылается, прямыми DELETE/UPDATE.

    Обычный .delete() здесь не годится: из-за сигналов истории Django загрузил бы в память каждую
    из десятков тысяч строк и записал бы на каждую строку истории «удалено». Зависимые модели
    находятся по связям, так что таблицы, которые добавят следующие задачи, очищаются сами.
    Связь назад, к модели, которую уже удаляют выше (документ ← версия ← «подтверждённая версия»
    документа), не обходится второй раз: те строки удалит вызов выше в той же транзакции, а внешние
    ключи PostgreSQL проверяет при COMMIT.
    """
    being_purged = being_purged | {queryset.model}
    for relation in get_candidate_relations_to_delete(queryset.model._meta):
        on_delete = relation.field.remote_field.on_delete
        dependents = relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": queryset})
        if on_delete is SET_NULL:  # например, «кто назначил» у чужой строки — просто забываем автора
            dependents.update(**{relation.field.name: None})
        elif on_delete is RESTRICT and relation.related_model in being_purged:
            continue
        elif on_delete in (CASCADE, PROTECT, RESTRICT):  # зависимое от синтетики — тоже синтетика
            _purge(dependents, deleted, being_purged=being_purged)
        elif on_delete is not DO_NOTHING:
            raise NotImplementedError(f"{relation.related_model.__name__}.{relation.field.name}: {on_delete}")
    count = queryset._raw_delete(queryset.db)
    if count:
        deleted[str(queryset.model._meta.verbose_name_plural)] += count
