"""Дорожные карты трёх уровней: разделы и мероприятия со сроками, показателями и ответственными."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from catalog.figures import Figure
from config.urls_safety import validate_http_url, validate_link_lines
from config.versioning import VersionedModel
from roadmaps.periods import PERIOD_KIND_LABELS, PeriodKind
from schools.models import Municipality, Organisation, Region, School, year_validators


class Level(models.TextChoices):
    REGIONAL = "regional", "региональная"
    MUNICIPAL = "municipal", "муниципальная"
    SCHOOL = "school", "школьная"


class MapStatus(models.TextChoices):
    DRAFT = "draft", "черновик"
    SUBMITTED = "submitted", "на рассмотрении"
    RETURNED = "returned", "возвращена на доработку"
    APPROVED = "approved", "утверждена"


class RoadMap(VersionedModel):
    """Дорожная карта (план-график) одного владельца на год."""

    level = models.CharField("уровень", max_length=16, choices=Level.choices)
    # Регион есть у каждой карты: по нему одним условием решается арендность.
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="roadmaps", verbose_name="регион"
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roadmaps",
        verbose_name="муниципалитет",
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="roadmaps", verbose_name="школа"
    )
    year = models.PositiveSmallIntegerField("год", validators=year_validators)
    title = models.CharField("заголовок", max_length=500)
    approval_document = models.CharField(
        "утверждающий документ",
        max_length=255,
        blank=True,
        help_text="Например: распоряжение № 269 от 22.03.2021",
    )
    approval_number = models.CharField("номер документа", max_length=50, blank=True)
    approval_date = models.DateField("дата документа", null=True, blank=True)
    status = models.CharField("состояние", max_length=16, choices=MapStatus.choices, default=MapStatus.DRAFT)
    municipal_deadline = models.DateField(
        "срок представления муниципальных карт",
        null=True,
        blank=True,
        help_text="Только для региональной карты: до какой даты муниципалитеты сдают свои карты.",
    )
    review_comment = models.TextField("комментарий проверяющего", blank=True)
    note = models.TextField(
        "примечание",
        blank=True,
        help_text="Например, текст приказа, который стоял в документе перед таблицей.",
    )
    # Выгрузка в Word — приложение к распоряжению: блок справа вверху и шрифт документа.
    appendix_text = models.TextField(
        "блок «Приложение» в Word",
        blank=True,
        help_text="Пусто — соберётся из утверждающего документа: «Приложение к распоряжению от … № …».",
    )
    document_font = models.CharField("шрифт документа Word", max_length=64, default="Times New Roman")
    document_font_size = models.PositiveSmallIntegerField(
        "размер шрифта Word, пт", default=12, validators=[MinValueValidator(8), MaxValueValidator(16)]
    )
    source_name = models.CharField("источник (файл)", max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="создал",
    )
    created_at = models.DateTimeField("создана", auto_now_add=True)
    updated_at = models.DateTimeField("изменена", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "дорожная карта"
        verbose_name_plural = "дорожные карты"
        ordering = ["-year", "level"]
        constraints = [
            models.CheckConstraint(
                name="roadmap_owner_matches_level",
                condition=(
                    Q(level=Level.REGIONAL, municipality__isnull=True, school__isnull=True)
                    | Q(level=Level.MUNICIPAL, municipality__isnull=False, school__isnull=True)
                    | Q(level=Level.SCHOOL, municipality__isnull=False, school__isnull=False)
                ),
            ),
            models.UniqueConstraint(
                fields=["region", "year"],
                condition=Q(level=Level.REGIONAL),
                name="roadmap_one_regional_per_year",
            ),
            models.UniqueConstraint(
                fields=["municipality", "year"],
                condition=Q(level=Level.MUNICIPAL),
                name="roadmap_one_municipal_per_year",
            ),
            models.UniqueConstraint(
                fields=["school", "year"], condition=Q(level=Level.SCHOOL), name="roadmap_one_school_per_year"
            ),
        ]
        indexes = [
            models.Index(fields=["region", "year", "level"], name="roadmap_region_year_idx"),
            models.Index(fields=["status"], name="roadmap_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    @property
    def owner(self):
        return self.school or self.municipality or self.region

    @property
    def is_locked(self) -> bool:
        """Утверждённая муниципальная или школьная карта закрыта, пока её не откроют заново."""
        return self.level != Level.REGIONAL and self.status == MapStatus.APPROVED


class Section(VersionedModel):
    roadmap = models.ForeignKey(
        RoadMap, on_delete=models.CASCADE, related_name="sections", verbose_name="дорожная карта"
    )
    position = models.PositiveIntegerField("порядок")
    title = models.CharField("название", max_length=500)
    period_text = models.CharField("срок раздела", max_length=255, blank=True)
    note = models.TextField("примечание", blank=True)
    source_number = models.CharField("номер в документе", max_length=20, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "раздел"
        verbose_name_plural = "разделы"
        ordering = ["position"]
        indexes = [models.Index(fields=["roadmap", "position"], name="section_roadmap_position_idx")]

    def __str__(self) -> str:
        return self.title


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", "не начато"
    IN_PROGRESS = "in_progress", "в работе"
    DONE = "done", "выполнено"
    FAILED = "failed", "не выполнено"
    CANCELLED = "cancelled", "отменено"


class TargetKind(models.TextChoices):
    NONE = "", "без измеримой цели"
    SHARE = "share", "доля, %"
    COUNT = "count", "количество"
    YES_NO = "yes_no", "да/нет"


class Item(models.Model):
    """Мероприятие дорожной карты. Номер («1.3») выводится из положения; номер из документа хранится."""

    roadmap = models.ForeignKey(
        RoadMap, on_delete=models.CASCADE, related_name="items", verbose_name="дорожная карта"
    )
    section = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="items", verbose_name="раздел"
    )
    position = models.PositiveIntegerField("порядок")
    source_number = models.CharField("номер в документе", max_length=20, blank=True)
    description = models.TextField("описание действий")
    period_text = models.CharField("срок (как написано)", max_length=500, blank=True)
    period_start = models.DateField("начало", null=True, blank=True)
    period_end = models.DateField("окончание", null=True, blank=True)
    period_kind = models.CharField(
        "вид срока",
        max_length=16,
        default=PeriodKind.UNPARSED,
        choices=[(k.value, PERIOD_KIND_LABELS[k]) for k in PeriodKind],
    )
    period_flagged = models.BooleanField("срок требует внимания", default=False)
    indicator = models.TextField("показатель", blank=True)
    # Показатель, который заполняется сам (доля посещённых школ и т.п.): факт считается по данным.
    indicator_figure = models.CharField(
        "связанный показатель мониторинга",
        max_length=32,
        blank=True,
        choices=[("", "— не связан —"), *Figure.choices],
    )
    target_kind = models.CharField(
        "вид цели", max_length=8, choices=TargetKind.choices, default="", blank=True
    )
    target_value = models.DecimalField(
        "целевое значение", max_digits=12, decimal_places=2, null=True, blank=True
    )
    actual_value = models.DecimalField(
        "фактическое значение", max_digits=12, decimal_places=2, null=True, blank=True
    )
    responsible_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="roadmap_items", verbose_name="ответственные организации"
    )
    responsible_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="responsible_items",
        verbose_name="ответственные люди",
    )
    responsible_text = models.CharField("ответственные (как написано)", max_length=1000, blank=True)
    links = models.TextField(
        "ссылки на публикации (по одной в строке)", blank=True, validators=[validate_link_lines]
    )
    status = models.CharField(
        "исполнение", max_length=16, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED
    )
    completed_on = models.DateField("дата выполнения", null=True, blank=True)
    status_comment = models.TextField("комментарий об исполнении", blank=True)
    # Оптимистическая блокировка: правка принимается, только если её начинали с этой версии.
    version = models.PositiveIntegerField("версия", default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто изменил",
    )
    updated_at = models.DateTimeField("изменено", auto_now=True)

    history = HistoricalRecords(m2m_fields=[responsible_organisations, responsible_users])

    class Meta:
        verbose_name = "мероприятие"
        verbose_name_plural = "мероприятия"
        ordering = ["position"]
        indexes = [
            models.Index(fields=["roadmap", "position"], name="item_roadmap_position_idx"),
            models.Index(fields=["roadmap", "status"], name="item_roadmap_status_idx"),
            models.Index(fields=["period_end", "status"], name="item_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="item_period_ordered",
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_start__lte=models.F("period_end")),
            ),
            models.CheckConstraint(
                name="item_done_has_date",
                condition=~Q(status=ItemStatus.DONE) | Q(completed_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        first_line = self.description.strip().splitlines()[0] if self.description.strip() else ""
        return first_line[:120]

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


class Evidence(models.Model):
    """Подтверждение исполнения: файл или ссылка."""

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="evidence", verbose_name="мероприятие"
    )
    title = models.CharField("название", max_length=255, blank=True)
    url = models.URLField("ссылка", max_length=1000, blank=True, validators=[validate_http_url])
    # Файл лежит в хранилище под сгенерированным именем; отдаётся только через представление с проверкой прав.
    file = models.FileField("файл", max_length=255, blank=True)
    original_name = models.CharField("имя файла", max_length=255, blank=True)
    content_type = models.CharField("тип файла", max_length=100, blank=True)
    size = models.PositiveBigIntegerField("размер, байт", null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто добавил",
    )
    added_at = models.DateTimeField("добавлено", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "подтверждение"
        verbose_name_plural = "подтверждения"
        ordering = ["added_at"]
        constraints = [
            models.CheckConstraint(name="evidence_file_or_url", condition=~Q(url="") | ~Q(file="")),
        ]

    def __str__(self) -> str:
        return self.title or self.original_name or self.url


class Transition(models.Model):
    """Журнал переходов карты: кто, когда, из какого состояния в какое и с каким комментарием."""

    roadmap = models.ForeignKey(
        RoadMap, on_delete=models.CASCADE, related_name="transitions", verbose_name="дорожная карта"
    )
    from_status = models.CharField("было", max_length=16, choices=MapStatus.choices)
    to_status = models.CharField("стало", max_length=16, choices=MapStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="кто"
    )
    comment = models.TextField("комментарий", blank=True)
    created_at = models.DateTimeField("когда", auto_now_add=True)

    class Meta:
        verbose_name = "переход состояния карты"
        verbose_name_plural = "журнал состояний карт"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["roadmap", "created_at"], name="transition_roadmap_idx")]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


from roadmaps.models_import import ImportStatus, RoadMapImport  # noqa: E402, F401  (загрузки из файлов)
