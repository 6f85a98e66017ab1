"""Справочник программы: регионы, муниципалитеты, школы (ОО), организации, кураторы, риски."""

import datetime
import zoneinfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from config.urls_safety import validate_http_url
from config.versioning import VersionedModel

PROGRAMME_FIRST_YEAR = 2021


def search_key(*parts: str) -> str:
    """Ключ поиска: нижний регистр и «ё» → «е». SQLite не умеет регистронезависимо искать кириллицу,
    поэтому ключ считается в Python и хранится рядом с названием."""
    return " ".join(p for p in parts if p).casefold().replace("ё", "е")


year_validators = [MinValueValidator(PROGRAMME_FIRST_YEAR), MaxValueValidator(2100)]


class RegionTimeZone(models.TextChoices):
    KALININGRAD = "Europe/Kaliningrad", "UTC+2 (Калининград)"
    MOSCOW = "Europe/Moscow", "UTC+3 (Москва)"
    SAMARA = "Europe/Samara", "UTC+4 (Самара)"
    YEKATERINBURG = "Asia/Yekaterinburg", "UTC+5 (Екатеринбург, Пермь)"
    OMSK = "Asia/Omsk", "UTC+6 (Омск)"
    KRASNOYARSK = "Asia/Krasnoyarsk", "UTC+7 (Красноярск)"
    IRKUTSK = "Asia/Irkutsk", "UTC+8 (Иркутск)"
    YAKUTSK = "Asia/Yakutsk", "UTC+9 (Якутск)"
    VLADIVOSTOK = "Asia/Vladivostok", "UTC+10 (Владивосток)"
    MAGADAN = "Asia/Magadan", "UTC+11 (Магадан)"
    KAMCHATKA = "Asia/Kamchatka", "UTC+12 (Камчатка)"


class Region(VersionedModel):
    """Субъект РФ. Его часовой пояс определяет «сегодня» для сроков и ежедневных напоминаний."""

    code = models.CharField(
        "код субъекта",
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^\d{2}$", "Код субъекта — две цифры, например 59.")],
    )
    name = models.CharField("название", max_length=255, unique=True)
    timezone = models.CharField(
        "часовой пояс", max_length=64, choices=RegionTimeZone.choices, default=RegionTimeZone.MOSCOW
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "регион"
        verbose_name_plural = "регионы"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def local_today(self, now: datetime.datetime | None = None) -> datetime.date:
        """Сегодняшняя дата в часовом поясе региона (в Перми день начинается на 2 часа раньше Москвы)."""
        return timezone.localtime(now or timezone.now(), zoneinfo.ZoneInfo(self.timezone)).date()


class MunicipalityKind(models.TextChoices):
    DISTRICT = "district", "муниципальный район"
    MUNICIPAL_OKRUG = "municipal_okrug", "муниципальный округ"
    CITY_OKRUG = "city_okrug", "городской округ"


class Municipality(VersionedModel):
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name="регион"
    )
    name = models.CharField("название", max_length=255)
    kind = models.CharField(
        "вид", max_length=32, choices=MunicipalityKind.choices, default=MunicipalityKind.DISTRICT
    )
    search_text = models.CharField("ключ поиска", max_length=255, editable=False, default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "муниципалитет"
        verbose_name_plural = "муниципалитеты"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="municipality_unique_name_in_region"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = search_key(self.name)
        super().save(*args, **kwargs)


class School(VersionedModel):
    """Общеобразовательная организация (ОО)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="schools", verbose_name="муниципалитет"
    )
    full_name = models.CharField("полное наименование", max_length=500)
    short_name = models.CharField("краткое наименование", max_length=255)
    inn = models.CharField(
        "ИНН",
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        validators=[RegexValidator(r"^(\d{10}|\d{12})$", "ИНН — 10 или 12 цифр.")],
    )
    address = models.CharField("адрес", max_length=500, blank=True)
    director = models.CharField("директор", max_length=255, blank=True)
    phone = models.CharField("телефон", max_length=50, blank=True)
    email = models.EmailField("эл. почта", blank=True)
    website = models.URLField("сайт", blank=True, validators=[validate_http_url])
    search_text = models.CharField("ключ поиска", max_length=800, editable=False, default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "школа (ОО)"
        verbose_name_plural = "школы (ОО)"
        ordering = ["short_name"]
        indexes = [
            models.Index(fields=["municipality", "short_name"], name="school_municipality_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(name="school_inn_not_empty", condition=~Q(inn="")),
        ]

    def __str__(self) -> str:
        return self.short_name

    def save(self, *args, **kwargs):
        self.search_text = search_key(self.short_name, self.full_name, self.inn or "")
        super().save(*args, **kwargs)


class Participation(models.Model):
    """Участие школы в программе в данном году."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="participations", verbose_name="школа"
    )
    year = models.PositiveSmallIntegerField("год участия", validators=year_validators)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "участие в программе"
        verbose_name_plural = "участие в программе"
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["school", "year"], name="participation_unique_year")]
        indexes = [models.Index(fields=["year", "school"], name="participation_year_idx")]

    def __str__(self) -> str:
        return f"{self.school} — {self.year}"


class OrganisationKind(models.TextChoices):
    AUTHORITY = "authority", "орган управления образованием (ОИВ, ДО)"
    INSTITUTE = "institute", "институт развития образования (ИРО)"
    ASSESSMENT = "assessment", "центр оценки качества образования"
    MUNICIPAL_AUTHORITY = "municipal_authority", "муниципальный орган управления образованием (МОУО)"
    SCHOOLS = "schools", "образовательные организации (ОО)"
    OTHER = "other", "другое"


class Organisation(VersionedModel):
    """Организация региона, которая бывает ответственной в дорожных картах.

    Сокращения (aliases) нужны импортёру: ячейка «РИАЦОКО ВИРО МОУО» — это три организации.
    """

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="organisations", verbose_name="регион"
    )
    kind = models.CharField(
        "вид", max_length=32, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )
    full_name = models.CharField("полное наименование", max_length=500)
    short_name = models.CharField("краткое наименование", max_length=100)
    aliases = models.TextField("другие сокращения (по одному в строке)", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "организация"
        verbose_name_plural = "организации"
        ordering = ["short_name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "short_name"], name="organisation_unique_short_name"),
        ]

    def __str__(self) -> str:
        return self.short_name

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class CuratorAssignment(models.Model):
    """Куратор школы на год. У школы в году один куратор."""

    curator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="curator_assignments",
        verbose_name="куратор",
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="curator_assignments", verbose_name="школа"
    )
    year = models.PositiveSmallIntegerField("год", validators=year_validators)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто назначил",
    )
    assigned_at = models.DateTimeField("назначен", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "назначение куратора"
        verbose_name_plural = "назначения кураторов"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year"], name="curator_assignment_unique_school_year"),
        ]
        indexes = [models.Index(fields=["curator", "year"], name="curator_assignment_curator_idx")]

    def __str__(self) -> str:
        return f"{self.curator} → {self.school} ({self.year})"


class RiskFactor(models.Model):
    """Рисковый фактор из каталога года. Формулировки менялись по годам, поэтому это данные, а не код."""

    year = models.PositiveSmallIntegerField("год программы", validators=year_validators)
    number = models.PositiveSmallIntegerField("№")
    title = models.CharField("формулировка", max_length=500)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "рисковый фактор"
        verbose_name_plural = "каталог рисковых факторов"
        ordering = ["year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="risk_factor_unique_number"),
            models.UniqueConstraint(fields=["year", "title"], name="risk_factor_unique_title"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class RiskLevel(models.TextChoices):
    HIGH = "high", "высокий"
    MEDIUM = "medium", "средний"
    LOW = "low", "низкий"


class RiskProfile(VersionedModel):
    """Рисковый профиль школы (РПШ) за год."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="risk_profiles", verbose_name="школа"
    )
    year = models.PositiveSmallIntegerField("год", validators=year_validators)
    verified_at = models.DateTimeField("проверен куратором", null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто проверил",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "рисковый профиль школы"
        verbose_name_plural = "рисковые профили школ"
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["school", "year"], name="risk_profile_unique_year")]
        indexes = [models.Index(fields=["year", "school"], name="risk_profile_year_idx")]

    def __str__(self) -> str:
        return f"РПШ {self.school} ({self.year})"


class RiskProfileLevel(models.Model):
    profile = models.ForeignKey(
        RiskProfile, on_delete=models.CASCADE, related_name="levels", verbose_name="профиль"
    )
    factor = models.ForeignKey(RiskFactor, on_delete=models.PROTECT, related_name="+", verbose_name="фактор")
    level = models.CharField("уровень", max_length=8, choices=RiskLevel.choices)
    is_active_direction = models.BooleanField("рисковое направление активировано", default=False)
    # Уровень по анкетированию (как ввели или загрузили до проверки) и причина, по которой куратор
    # его изменил: без причины изменённый уровень не сохраняется (ограничение ниже).
    survey_level = models.CharField(
        "уровень по анкетированию", max_length=8, choices=RiskLevel.choices, blank=True
    )
    change_reason = models.TextField("причина изменения уровня", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "уровень риска"
        verbose_name_plural = "уровни рисков"
        ordering = ["factor__number"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "factor"], name="risk_level_unique_factor"),
            # Рисковое направление выбирают только среди высоких и средних рисков.
            models.CheckConstraint(
                name="risk_level_direction_not_low",
                condition=~Q(is_active_direction=True, level=RiskLevel.LOW),
            ),
            models.CheckConstraint(
                name="risk_level_change_has_reason",
                condition=Q(survey_level="") | Q(level=models.F("survey_level")) | ~Q(change_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.factor}: {self.get_level_display()}"

    def save(self, *args, **kwargs):
        if self._state.adding and not self.survey_level:
            self.survey_level = self.level  # новый уровень — это и есть результат анкетирования
        super().save(*args, **kwargs)
