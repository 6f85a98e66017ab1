"""Демо-данные: три региона из образцов дорожных карт (Пермский край, Владимирская и Ярославская области),
их муниципалитеты, школы, организации, демо-пользователи всех ролей и рисковые профили школ Мышкинского МР.

``load_demo()`` можно запускать сколько угодно раз: записи ищутся по естественным ключам (код региона,
название муниципалитета в регионе, краткое название школы в муниципалитете, эл. почта) и сохраняются,
только если чего-то не хватает или оно отличается от демо-значения. Повторный запуск не пишет ничего,
даже строк истории. Пишем через функции services, чтобы история изменений была такой же, как из интерфейса.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password, make_password
from django.utils import timezone

from accounts.models import Role, RoleMembership, User
from people.services import membership_grant
from schools.models import (
    Municipality,
    MunicipalityKind,
    Organisation,
    OrganisationKind,
    Region,
    RegionTimeZone,
    RiskFactor,
    RiskLevel,
    RiskProfile,
    RiskProfileLevel,
    School,
)
from schools.services import curator_assign, municipality_save, organisation_save, region_save, school_save

DEMO_PASSWORD = "demo500"
DEMO_EMAIL_DOMAIN = "demo.500plus.ru"
PERM, VLADIMIR, YAROSLAVL = "59", "33", "76"
DEMO_REGION_CODES = (PERM, VLADIMIR, YAROSLAVL)  # generate_demo эти коды не занимает
THIS_YEAR = "this_year"  # в назначениях кураторов: текущий год на момент запуска
MYSHKIN = "Мышкинский муниципальный район"
MYSHKIN_SCHOOLS = ("МОУ Мышкинская СОШ", "МОУ Крюковская ООШ", "МОУ Коптевская ООШ")
RISK_PROFILE_YEAR = 2022  # год муниципальной дорожной карты Мышкинского МР

REGIONS = {
    PERM: ("Пермский край", RegionTimeZone.YEKATERINBURG),
    VLADIMIR: ("Владимирская область", RegionTimeZone.MOSCOW),
    YAROSLAVL: ("Ярославская область", RegionTimeZone.MOSCOW),
}

MOU = "Муниципальное общеобразовательное учреждение"
MBOU = "Муниципальное бюджетное общеобразовательное учреждение"
SOSH, OOSH = "средняя общеобразовательная школа", "основная общеобразовательная школа"

# Муниципалитеты: (код региона, название, вид, первый год участия школ по образцам, [(краткое, полное)]).
MUNICIPALITIES = [
    (
        YAROSLAVL,
        MYSHKIN,
        MunicipalityKind.DISTRICT,
        2022,
        [
            ("МОУ Мышкинская СОШ", f"{MOU} Мышкинская {SOSH}"),
            ("МОУ Крюковская ООШ", f"{MOU} Крюковская {OOSH}"),
            ("МОУ Коптевская ООШ", f"{MOU} Коптевская {OOSH}"),
        ],
    ),
    (
        YAROSLAVL,
        "Угличский муниципальный район",
        MunicipalityKind.DISTRICT,
        2022,
        [
            ("МОУ Улейминская СОШ", f"{MOU} Улейминская {SOSH}"),
            ("МОУ Ильинская ООШ", f"{MOU} Ильинская {OOSH}"),
        ],
    ),
    (
        YAROSLAVL,
        "городской округ город Рыбинск",
        MunicipalityKind.CITY_OKRUG,
        2022,
        [
            ("МОУ СОШ № 26", f"{MOU} {SOSH} № 26"),
        ],
    ),
    (
        YAROSLAVL,
        "Пошехонский муниципальный район",
        MunicipalityKind.DISTRICT,
        2022,
        [
            ("МБОУ Белосельская СОШ", f"{MBOU} Белосельская {SOSH}"),
        ],
    ),
    (
        PERM,
        "Кудымкарский муниципальный округ",
        MunicipalityKind.MUNICIPAL_OKRUG,
        2021,
        [
            ("МБОУ «Верх-Иньвенская СОШ»", f"{MBOU} «Верх-Иньвенская {SOSH}»"),
            ("МБОУ «Пешнигортская СОШ»", f"{MBOU} «Пешнигортская {SOSH}»"),
        ],
    ),
    (
        PERM,
        "Чусовской городской округ",
        MunicipalityKind.CITY_OKRUG,
        2021,
        [
            (
                "МБОУ «СОШ п. Верхнечусовские Городки»",
                f"{MBOU} «{SOSH.capitalize()} п. Верхнечусовские Городки»",
            ),
        ],
    ),
    (
        PERM,
        "Гайнский муниципальный округ",
        MunicipalityKind.MUNICIPAL_OKRUG,
        2021,
        [
            ("МБОУ «Гайнская СОШ»", f"{MBOU} «Гайнская {SOSH}»"),
            ("МБОУ «Сергеевская ООШ»", f"{MBOU} «Сергеевская {OOSH}»"),
        ],
    ),
    (
        PERM,
        "Кунгурский муниципальный округ",
        MunicipalityKind.MUNICIPAL_OKRUG,
        2021,
        [
            ("МБОУ «Ергачинская СОШ»", f"{MBOU} «Ергачинская {SOSH}»"),
        ],
    ),
    (
        VLADIMIR,
        "Гусь-Хрустальный район",
        MunicipalityKind.DISTRICT,
        2021,
        [
            ("МБОУ «Курловская СОШ»", f"{MBOU} «Курловская {SOSH}»"),
            ("МБОУ «Великодворская СОШ»", f"{MBOU} «Великодворская {SOSH}»"),
        ],
    ),
    (
        VLADIMIR,
        "Муромский район",
        MunicipalityKind.DISTRICT,
        2021,
        [
            ("МБОУ «Ковардицкая СОШ»", f"{MBOU} «Ковардицкая {SOSH}»"),
            ("МБОУ «Зименковская ООШ»", f"{MBOU} «Зименковская {OOSH}»"),
        ],
    ),
    (
        VLADIMIR,
        "Судогодский район",
        MunicipalityKind.DISTRICT,
        2021,
        [
            ("МБОУ «Андреевская СОШ»", f"{MBOU} «Андреевская {SOSH}»"),
        ],
    ),
]

K = OrganisationKind
MOUO_FULL = "Муниципальные органы, осуществляющие управление в сфере образования"
OO_FULL = "Образовательные организации – участники проекта"
# Организации — ответственные в «Ответственных» образцов. В сокращения попали и написания из самих
# документов: «ГБУ ВО РИАЦОКО», опечатка «ВРО» вместо «ВИРО» (владимирская карта, п. 15–21),
# «ОИВ» и «ГАУ ДПО «ИРО ПК»» (пермская). Импортёр сравнивает без учёта регистра, так что «До» = «ДО».
ORGANISATIONS = {
    VLADIMIR: [
        (K.AUTHORITY, "ДО", "Департамент образования Владимирской области", ["ДО ВО", "ОИВ"]),
        (
            K.ASSESSMENT,
            "РИАЦОКО",
            "ГБУ ВО «Региональный информационно-аналитический центр оценки качества образования»",
            ["ГБУ ВО РИАЦОКО"],
        ),
        (
            K.INSTITUTE,
            "ВИРО",
            "ГАОУ ДПО ВО «Владимирский институт развития образования имени Л.И. Новиковой»",
            ["ВРО", "ГАОУ ДПО ВО ВИРО"],
        ),
        (K.MUNICIPAL_AUTHORITY, "МОУО", MOUO_FULL, []),
        (K.SCHOOLS, "ОО", OO_FULL, ["Образовательные организации"]),
        # Федеральный координатор стоит в «Ответственных» итогового пункта 33 владимирской карты.
        (K.OTHER, "ФИОКО", "ФГБУ «Федеральный институт оценки качества образования»", ["ФИС ОКО"]),
    ],
    PERM: [
        (
            K.AUTHORITY,
            "МОиН ПК",
            "Министерство образования и науки Пермского края",
            ["ОИВ", "Министерство образования и науки Пермского края", "Минобрнауки Пермского края"],
        ),
        (
            K.INSTITUTE,
            "ИРО ПК",
            "ГАУ ДПО «Институт развития образования Пермского края»",
            ["ГАУ ДПО «ИРО ПК»", "ИРО"],
        ),
        (K.MUNICIPAL_AUTHORITY, "МОУО", MOUO_FULL, []),
        (K.SCHOOLS, "ОО", OO_FULL, ["ШНОР"]),
    ],
    YAROSLAVL: [
        (K.AUTHORITY, "ДО ЯО", "Департамент образования Ярославской области", ["ДО", "ОИВ"]),
        (K.INSTITUTE, "ИРО", "ГАУ ДПО ЯО «Институт развития образования»", ["ГАУ ДПО ЯО ИРО", "ИРО ЯО"]),
        (
            K.MUNICIPAL_AUTHORITY,
            "МОУО Мышкинского МР",
            "Управление образования администрации Мышкинского муниципального района",
            ["МОУО", "Управление образования Администрации Мышкинского района"],
        ),
        (K.SCHOOLS, "ОО", OO_FULL, ["ОО-участницы Проекта 500+", "школы-участницы Проекта 500+"]),
    ],
}


@dataclass(frozen=True)
class DemoRole:
    role: str
    region: str | None = None  # код региона
    municipality: str | None = None
    school: str | None = None  # краткое название школы


@dataclass(frozen=True)
class DemoPerson:
    email: str
    fio: str  # «Фамилия Имя Отчество»
    position: str
    roles: tuple[DemoRole, ...]
    label: str  # роль словами — для README и сводки
    sees: str
    superuser: bool = False

    @property
    def names(self) -> dict[str, str]:
        last_name, first_name, *middle = self.fio.split()
        return {"last_name": last_name, "first_name": first_name, "middle_name": " ".join(middle)}


R = Role
ADMIN_EMAIL = "admin@demo.500plus.ru"
GUS = "Гусь-Хрустальный район"
PEOPLE = [
    DemoPerson(
        ADMIN_EMAIL,
        "Администратор Федеральный",
        "Администратор системы",
        (DemoRole(R.FEDERAL_STAFF),),
        "Администратор (федеральный, суперпользователь)",
        "Все регионы, справочники, людей и администрирование Django",
        superuser=True,
    ),
    DemoPerson(
        "federal@demo.500plus.ru",
        "Соколова Марина Андреевна",
        "Главный специалист",
        (DemoRole(R.FEDERAL_STAFF),),
        "Сотрудник федерального органа",
        "Все регионы, муниципалитеты и школы; сводки по стране",
    ),
    DemoPerson(
        "minobr.perm@demo.500plus.ru",
        "Пономарёв Игорь Викторович",
        "Консультант Министерства образования и науки Пермского края",
        (DemoRole(R.REGIONAL_STAFF, PERM),),
        "Сотрудник регионального органа (Пермский край)",
        "Весь Пермский край на чтение: школы, карты, отчёты",
    ),
    DemoPerson(
        "coordinator.perm@demo.500plus.ru",
        "Чудинова Светлана Александровна",
        "Региональный координатор, ИРО ПК",
        (DemoRole(R.REGIONAL_COORDINATOR, PERM),),
        "Региональный координатор (Пермский край)",
        "Весь Пермский край; правит региональную карту, назначает кураторов",
    ),
    DemoPerson(
        "coordinator.vladimir@demo.500plus.ru",
        "Лебедева Ольга Николаевна",
        "Региональный координатор, ВИРО",
        (DemoRole(R.REGIONAL_COORDINATOR, VLADIMIR),),
        "Региональный координатор (Владимирская область)",
        "Вся Владимирская область",
    ),
    DemoPerson(
        "coordinator.yar@demo.500plus.ru",
        "Смирнова Татьяна Ивановна",
        "Региональный координатор, ИРО",
        (DemoRole(R.REGIONAL_COORDINATOR, YAROSLAVL),),
        "Региональный координатор (Ярославская область)",
        "Вся Ярославская область",
    ),
    DemoPerson(
        "mun.myshkin@demo.500plus.ru",
        "Белова Наталья Сергеевна",
        "Специалист управления образования администрации Мышкинского МР",
        (DemoRole(R.MUNICIPAL_COORDINATOR, YAROSLAVL, MYSHKIN),),
        "Муниципальный координатор (Мышкинский МР)",
        "Три школы Мышкинского МР и муниципальную карту",
    ),
    DemoPerson(
        "curator.myshkin@demo.500plus.ru",
        "Кузнецов Андрей Павлович",
        "Куратор проекта 500+",
        (DemoRole(R.CURATOR, YAROSLAVL),),
        "Куратор (Ярославская область)",
        "Три школы Мышкинского МР, назначенные ему в этом году (и в 2022)",
    ),
    DemoPerson(
        "curator.perm@demo.500plus.ru",
        "Мехоношина Елена Геннадьевна",
        "Куратор проекта 500+",
        (DemoRole(R.CURATOR, PERM),),
        "Куратор (Пермский край)",
        "Две школы Кудымкарского муниципального округа",
    ),
    DemoPerson(
        "school.myshkin@demo.500plus.ru",
        "Волкова Ирина Олеговна",
        "Заместитель директора",
        (DemoRole(R.SCHOOL_TEAM, YAROSLAVL, MYSHKIN, "МОУ Мышкинская СОШ"),),
        "Команда школы (МОУ Мышкинская СОШ)",
        "Только свою школу",
    ),
    DemoPerson(
        "curator.vladimir@demo.500plus.ru",
        "Орлов Дмитрий Сергеевич",
        "Куратор проекта 500+, муниципальный координатор",
        (DemoRole(R.CURATOR, VLADIMIR), DemoRole(R.MUNICIPAL_COORDINATOR, VLADIMIR, GUS)),
        "Две роли: куратор и муниципальный координатор (Владимирская область)",
        "Школы Гусь-Хрустального района и две свои подшефные школы Муромского района",
    ),
]

# (куратор, регион, муниципалитет, школы, годы)
CURATOR_ASSIGNMENTS = [
    ("curator.myshkin@demo.500plus.ru", YAROSLAVL, MYSHKIN, MYSHKIN_SCHOOLS, (RISK_PROFILE_YEAR, THIS_YEAR)),
    (
        "curator.perm@demo.500plus.ru",
        PERM,
        "Кудымкарский муниципальный округ",
        ("МБОУ «Верх-Иньвенская СОШ»", "МБОУ «Пешнигортская СОШ»"),
        (THIS_YEAR,),
    ),
    (
        "curator.vladimir@demo.500plus.ru",
        VLADIMIR,
        "Муромский район",
        ("МБОУ «Ковардицкая СОШ»", "МБОУ «Зименковская ООШ»"),
        (THIS_YEAR,),
    ),
]

H, M, L = RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW
# Уровни по десяти факторам каталога 2022 года (в порядке номеров).
RISK_LEVELS_2022 = {
    "МОУ Мышкинская СОШ": (M, L, H, M, M, L, M, L, H, H),
    "МОУ Крюковская ООШ": (H, H, M, M, H, L, M, M, M, H),
    "МОУ Коптевская ООШ": (H, H, H, M, M, L, H, M, H, M),
}
VERIFIED_SCHOOL = "МОУ Мышкинская СОШ"
VERIFIED_DIRECTIONS = (3, 10)  # предметная компетентность педагогов; учебная мотивация
VERIFIED_AT = datetime.datetime(2022, 3, 10, 12, 0, tzinfo=datetime.UTC)

# Для README и тестов: (логин, роль, что видит). Пароль у всех — DEMO_PASSWORD.
DEMO_USERS = [(person.email, person.label, person.sees) for person in PEOPLE]


class _Report:
    """Что создано и что исправлено за запуск — для короткой сводки команды."""

    def __init__(self):
        self.created: Counter[str] = Counter()
        self.updated: Counter[str] = Counter()

    def note(self, what: str, *, created: bool) -> None:
        (self.created if created else self.updated)[what] += 1


def _differs(instance, values: dict) -> bool:
    return instance is None or any(getattr(instance, name) != value for name, value in values.items())


def _ensure_regions(report: _Report) -> dict[str, Region]:
    regions = {}
    for code, (name, tz) in REGIONS.items():
        region = Region.objects.filter(code=code).first() or Region.objects.filter(name=name).first()
        if _differs(region, {"code": code, "name": name, "timezone": tz}):
            report.note("регионы", created=region is None)
            region = region_save(region=region, code=code, name=name, timezone=tz)
        regions[code] = region
    return regions


def _ensure_schools(regions: dict[str, Region], this_year: int, report: _Report):
    municipalities: dict[tuple[str, str], Municipality] = {}
    schools: dict[tuple[str, str], School] = {}
    for code, name, kind, first_year, school_specs in MUNICIPALITIES:
        region = regions[code]
        municipality = Municipality.objects.filter(region=region, name=name).first()
        if _differs(municipality, {"kind": kind}):
            report.note("муниципалитеты", created=municipality is None)
            municipality = municipality_save(municipality=municipality, region=region, name=name, kind=kind)
        municipalities[code, name] = municipality
        for short_name, full_name in school_specs:
            school = School.objects.filter(municipality=municipality, short_name=short_name).first()
            # Годы только добавляем: участие, отмеченное в демо вручную, повторный запуск не снимает.
            existing_years = set(school.participations.values_list("year", flat=True)) if school else set()
            wanted_years = existing_years | {first_year, this_year}
            if _differs(school, {"full_name": full_name}) or wanted_years != existing_years:
                report.note("школы", created=school is None)
                school = school_save(
                    school=school,
                    municipality=municipality,
                    full_name=full_name,
                    short_name=short_name,
                    inn=school.inn if school else None,
                    years=wanted_years,
                )
            schools[name, short_name] = school
    return municipalities, schools


def _ensure_organisations(regions: dict[str, Region], report: _Report) -> None:
    for code, specs in ORGANISATIONS.items():
        for kind, short_name, full_name, aliases in specs:
            organisation = Organisation.objects.filter(region=regions[code], short_name=short_name).first()
            values = {"kind": kind, "full_name": full_name, "aliases": "\n".join(aliases)}
            if _differs(organisation, values):
                report.note("организации", created=organisation is None)
                organisation_save(
                    organisation=organisation, region=regions[code], short_name=short_name, **values
                )


class _DemoPasswords:
    """PBKDF2 медленный нарочно, поэтому хэш пароля считается один раз на запуск и общий для всех
    демо-пользователей, а проверка «пароль всё ещё demo500» — один раз на каждый разный хэш."""

    def __init__(self):
        self._hash: str | None = None
        self._checked: dict[str, bool] = {}

    def new_hash(self) -> str:
        if self._hash is None:
            self._hash = make_password(DEMO_PASSWORD)
        return self._hash

    def is_demo(self, encoded: str) -> bool:
        if encoded not in self._checked:
            self._checked[encoded] = check_password(DEMO_PASSWORD, encoded)
        return self._checked[encoded]


def _ensure_users(report: _Report) -> dict[str, User]:
    passwords = _DemoPasswords()
    users = {}
    for person in PEOPLE:
        values = {
            **person.names,
            "position": person.position,
            "is_active": True,
            "is_staff": person.superuser,
            "is_superuser": person.superuser,
        }
        user = User.objects.filter(email=person.email).first()
        password_ok = user is not None and passwords.is_demo(user.password)
        if _differs(user, values) or not password_ok:
            report.note("пользователи", created=user is None)
            user = user or User(email=person.email)
            for name, value in values.items():
                setattr(user, name, value)
            if not password_ok:
                user.password = passwords.new_hash()
            user.save()
        users[person.email] = user
    return users


def _ensure_roles(users, regions, municipalities, schools, report: _Report) -> None:
    actor = users[ADMIN_EMAIL]
    for person in PEOPLE:
        for spec in person.roles:
            region = regions[spec.region] if spec.region else None
            municipality = municipalities[spec.region, spec.municipality] if spec.municipality else None
            school = schools[spec.municipality, spec.school] if spec.school else None
            exists = RoleMembership.objects.filter(
                user=users[person.email],
                role=spec.role,
                region=region,
                municipality=municipality,
                school=school,
                is_active=True,
            ).exists()
            if not exists:
                report.note("роли", created=True)
                membership_grant(
                    actor=None if person.superuser else actor,
                    user=users[person.email],
                    role=spec.role,
                    region=region,
                    municipality=municipality,
                    school=school,
                )


def _ensure_curator_assignments(users, this_year: int, schools, report: _Report) -> None:
    # Назначает региональный координатор региона — так назначение выглядит в истории.
    coordinators = {
        person.roles[0].region: users[person.email]
        for person in PEOPLE
        if person.roles[0].role == R.REGIONAL_COORDINATOR
    }
    for email, region_code, municipality, school_names, years in CURATOR_ASSIGNMENTS:
        for short_name in school_names:
            school = schools[municipality, short_name]
            for year in {this_year if y == THIS_YEAR else y for y in years}:
                if not school.curator_assignments.filter(year=year, curator=users[email]).exists():
                    report.note("назначения кураторов", created=True)
                    curator_assign(
                        actor=coordinators[region_code], school=school, curator=users[email], year=year
                    )


def _ensure_risk_profiles(users, schools, report: _Report, stdout) -> None:
    factors = {f.number: f for f in RiskFactor.objects.filter(year=RISK_PROFILE_YEAR)}
    if set(factors) != set(range(1, 11)):
        if stdout:  # каталог — данные миграции; если его правили, профили не выдумываем
            stdout.write(f"Каталог рисков {RISK_PROFILE_YEAR} года неполный — рисковые профили пропущены.")
        return
    curator = users["curator.myshkin@demo.500plus.ru"]
    for short_name, levels in RISK_LEVELS_2022.items():
        school = schools[MYSHKIN, short_name]
        profile, created = RiskProfile.objects.get_or_create(school=school, year=RISK_PROFILE_YEAR)
        if created:
            report.note("рисковые профили", created=True)
        # Недостающие уровни дописываем, а то, что человек поменял в демо руками, не трогаем; кроме
        # профиля, на котором держится демо-сценарий: он проверен куратором, активированы два направления.
        existing = {row.factor_id: row for row in profile.levels.all()}
        for number, level in enumerate(levels, start=1):
            if factors[number].pk not in existing:
                existing[factors[number].pk] = RiskProfileLevel.objects.create(
                    profile=profile, factor=factors[number], level=level
                )
        if short_name != VERIFIED_SCHOOL:
            continue
        if _differs(profile, {"verified_at": VERIFIED_AT, "verified_by": curator}):
            if not created:
                report.note("рисковые профили", created=False)
            profile.verified_at, profile.verified_by = VERIFIED_AT, curator
            profile.save()
        for number, factor in factors.items():
            row = existing[factor.pk]
            wanted = {"level": levels[number - 1]} if number in VERIFIED_DIRECTIONS else {}
            wanted["is_active_direction"] = number in VERIFIED_DIRECTIONS
            if _differs(row, wanted):
                for name, value in wanted.items():
                    setattr(row, name, value)
                row.save()


def load_directory_demo(*, stdout=None) -> None:
    """Справочник, люди, роли, назначения и профили риска (общая транзакция — в demo.load.load_demo).
    Создаёт недостающие демо-данные и возвращает изменённые к демо-значениям. Повторный запуск — пустой."""
    this_year = timezone.localdate().year
    report = _Report()
    regions = _ensure_regions(report)
    municipalities, schools = _ensure_schools(regions, this_year, report)
    _ensure_organisations(regions, report)
    users = _ensure_users(report)
    _ensure_roles(users, regions, municipalities, schools, report)
    _ensure_curator_assignments(users, this_year, schools, report)
    _ensure_risk_profiles(users, schools, report, stdout)
    if stdout is not None:
        if not report.created and not report.updated:
            stdout.write("Демо-данные уже на месте, ничего не изменено.")
        for title, counter in (("Создано", report.created), ("Исправлено", report.updated)):
            if counter:
                stdout.write(f"{title}: " + ", ".join(f"{what} — {n}" for what, n in counter.items()) + ".")
