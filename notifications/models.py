"""Напоминания о сроках: журнал напоминаний с уникальным ключом, ежедневные письма-сводки и центр
уведомлений в интерфейсе.

Повторный запуск ничего не дублирует: день региона отмечается строкой RegionDayRun, каждое
напоминание — строкой Reminder с уникальным ключом, письмо на человека и день — строкой DigestEmail,
у которой sent_at ставится в той же транзакции, что и отправка.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_7", "Срок через 7 дней"
    DUE_TOMORROW = "due_1", "Срок завтра"
    OVERDUE = "overdue", "Просрочено"
    COORDINATOR_OVERDUE = "coord_overdue", "Просроченное мероприятие в вашей области"
    MAP_NOT_SUBMITTED = "map_late", "Муниципальная карта не представлена в срок"


# Напоминания ответственным о собственных мероприятиях; остальное — сводка для координатора.
PERSONAL_KINDS = (ReminderKind.DUE_SOON, ReminderKind.DUE_TOMORROW, ReminderKind.OVERDUE)
COORDINATOR_KINDS = (ReminderKind.COORDINATOR_OVERDUE, ReminderKind.MAP_NOT_SUBMITTED)


class NotificationKind(models.TextChoices):
    """Личное напоминание — одно уведомление на мероприятие; сводка координатора — одно на день."""

    DUE_SOON = ReminderKind.DUE_SOON.value, ReminderKind.DUE_SOON.label
    DUE_TOMORROW = ReminderKind.DUE_TOMORROW.value, ReminderKind.DUE_TOMORROW.label
    OVERDUE = ReminderKind.OVERDUE.value, ReminderKind.OVERDUE.label
    COORDINATOR_DIGEST = "coordinator", "Сводка для координатора"
    # События работы (notifications.events): приходят сразу в центр уведомлений и раз в день — письмом.
    MAP_SUBMITTED = "map_submitted", "Карта отправлена на рассмотрение"
    MAP_RETURNED = "map_returned", "Карта возвращена на доработку"
    MAP_APPROVED = "map_approved", "Карта утверждена"
    MAP_REOPENED = "map_reopened", "План карты открыт для правки"
    DOC_UPLOADED = "doc_uploaded", "Школа загрузила документ"
    DOC_CONFIRMED = "doc_confirmed", "Документ подтверждён"
    DOC_RETURNED = "doc_returned", "Документ возвращён на доработку"
    VISIT_PLANNED = "visit_planned", "Запланировано посещение"
    VISIT_MOVED = "visit_moved", "Посещение перенесено"
    VISIT_DONE = "visit_done", "Посещение проведено"
    CURATOR_ASSIGNED = "curator_on", "Назначен куратор"
    CURATOR_REMOVED = "curator_off", "Куратор снят"
    PROFILE_VERIFIED = "profile_ok", "Рисковый профиль проверен"


class EventDigestEmail(models.Model):
    """Письмо за день о событиях работы одному человеку. Уникальность (человек, день) и sent_at,
    поставленный в одной транзакции с отправкой, не дают прислать его дважды при повторе задачи."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_digests", verbose_name="кому"
    )
    day = models.DateField("день")
    created_at = models.DateTimeField("создано", auto_now_add=True)
    enqueued_at = models.DateTimeField("поставлено в очередь", null=True, blank=True)
    sent_at = models.DateTimeField("обработано", null=True, blank=True)
    emailed = models.BooleanField("письмо отправлено", default=False)

    class Meta:
        verbose_name = "письмо о событиях за день"
        verbose_name_plural = "письма о событиях"
        ordering = ["-day", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="event_digest_unique_user_day")]
        indexes = [models.Index(fields=["sent_at", "enqueued_at"], name="event_digest_pending_idx")]

    def __str__(self) -> str:
        return f"{self.user} — {self.day:%d.%m.%Y}"


class RegionDayRun(models.Model):
    """Один день напоминаний одного региона (день — местный). Уникальность (регион, день) не даёт
    обработать день дважды, даже если почасовой диспетчер запустится в двух местах сразу."""

    region = models.ForeignKey(
        "schools.Region", on_delete=models.CASCADE, related_name="reminder_runs", verbose_name="регион"
    )
    day = models.DateField("день (местный)")
    created_at = models.DateTimeField("создан", auto_now_add=True)
    enqueued_at = models.DateTimeField("поставлен в очередь", null=True, blank=True)
    finished_at = models.DateTimeField("обработан", null=True, blank=True)
    reminders_created = models.PositiveIntegerField("новых напоминаний", default=0)

    class Meta:
        verbose_name = "день напоминаний региона"
        verbose_name_plural = "дни напоминаний регионов"
        ordering = ["-day", "pk"]
        constraints = [models.UniqueConstraint(fields=["region", "day"], name="reminder_run_unique_day")]
        indexes = [models.Index(fields=["finished_at", "day"], name="reminder_run_pending_idx")]

    def __str__(self) -> str:
        return f"{self.region} — {self.day:%d.%m.%Y}"


class DigestEmail(models.Model):
    """Письмо-сводка человеку за день по одному региону: собирает все напоминания этого дня.

    sent_at ставится в той же транзакции, где созданы уведомления и отправлено письмо, — повтор задачи
    после сбоя либо отправит всё, либо увидит, что уже отправлено."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_digests",
        verbose_name="кому",
    )
    region = models.ForeignKey(
        "schools.Region", on_delete=models.CASCADE, related_name="reminder_digests", verbose_name="регион"
    )
    day = models.DateField("день (местный)")
    created_at = models.DateTimeField("создано", auto_now_add=True)
    enqueued_at = models.DateTimeField("поставлено в очередь", null=True, blank=True)
    sent_at = models.DateTimeField("обработано", null=True, blank=True)
    emailed = models.BooleanField("письмо отправлено", default=False)

    class Meta:
        verbose_name = "письмо-сводка"
        verbose_name_plural = "письма-сводки"
        ordering = ["-day", "pk"]  # не по user: иначе каждый запрос тянул бы JOIN к пользователям
        constraints = [
            models.UniqueConstraint(fields=["user", "region", "day"], name="digest_unique_user_region_day"),
        ]
        indexes = [models.Index(fields=["sent_at", "enqueued_at"], name="digest_pending_idx")]

    def __str__(self) -> str:
        return f"{self.user} — {self.day:%d.%m.%Y}"


class Notification(models.Model):
    """Уведомление в центре уведомлений. Видно только своему адресату (access)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="кому",
    )
    digest = models.ForeignKey(
        DigestEmail,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name="сводка",
    )
    kind = models.CharField("вид", max_length=16, choices=NotificationKind.choices)
    title = models.CharField("заголовок", max_length=500)
    text = models.TextField("текст", blank=True)
    # Ссылка хранится готовой: список уведомлений строится одним запросом, без карт и мероприятий.
    link = models.CharField("ссылка", max_length=500, blank=True)
    # Ключ события «вид:объект:user:id» уникален: повтор сервиса или задачи второго уведомления не даст.
    event_key = models.CharField("ключ события", max_length=200, null=True, blank=True, unique=True)
    event_digest = models.ForeignKey(
        EventDigestEmail,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name="письмо о событиях",
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    is_read = models.BooleanField("прочитано", default=False)
    read_at = models.DateTimeField("когда прочитано", null=True, blank=True)

    class Meta:
        verbose_name = "уведомление"
        verbose_name_plural = "уведомления"
        ordering = ["is_read", "-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "is_read", "created_at"], name="notification_user_unread_idx")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("notifications:detail", kwargs={"notification_id": self.pk})

    @property
    def target_url(self) -> str:
        """Куда ведёт уведомление: к мероприятию на карте, а у сводки — на её страницу со списком."""
        return self.link or self.get_absolute_url()


class Reminder(models.Model):
    """Одно напоминание одному человеку. Ключ уникален: повторный запуск ничего не добавит.

    Ключи: «due_7:item:<id>:user:<id>:<срок>» (со сроком — перенос срока даст новое напоминание),
    «overdue:item:…», у сводок координатора — с днём: они приходят каждый день, пока есть что сообщить."""

    key = models.CharField("ключ", max_length=200, unique=True)
    kind = models.CharField("вид", max_length=16, choices=ReminderKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders", verbose_name="кому"
    )
    day = models.DateField("день (местный)")
    digest = models.ForeignKey(
        DigestEmail, on_delete=models.CASCADE, related_name="reminders", verbose_name="сводка"
    )
    # Журнал переживает удаление мероприятия или карты: ключ по-прежнему не даст прислать его снова.
    item = models.ForeignKey(
        "roadmaps.Item",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="мероприятие",
    )
    roadmap = models.ForeignKey(
        "roadmaps.RoadMap",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="дорожная карта",
    )
    municipality = models.ForeignKey(
        "schools.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="муниципалитет",
    )
    due_date = models.DateField("срок", null=True, blank=True)
    notification = models.ForeignKey(
        Notification,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name="уведомление",
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)

    class Meta:
        verbose_name = "напоминание"
        verbose_name_plural = "журнал напоминаний"
        ordering = ["-day", "kind", "due_date", "pk"]
        indexes = [models.Index(fields=["user", "day"], name="reminder_user_day_idx")]

    def __str__(self) -> str:
        return self.key
