"""Учёт фоновой работы, общий для всех приложений.

JobDispatch — сколько раз и когда задание ставили в очередь и почему оно не удалось: по нему
подметальщик (services.jobs_sweep) находит зависшее. Само состояние задания (в очереди, выполняется,
готово) живёт в строке задания своего приложения и пишется в той же транзакции, что и запрос.

OutboundMail — письмо, которое отправит отдельная задача после коммита; ключ письма постоянный,
поэтому повтор задачи (после падения воркера) то же письмо второй раз не отправит.

SubmittedForm — одноразовый ключ отправки формы: второй одинаковый POST получает первый результат.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class JobDispatch(models.Model):
    kind = models.CharField("вид задания", max_length=64)
    object_id = models.BigIntegerField("номер задания")
    attempts = models.PositiveSmallIntegerField("постановок в очередь", default=0)
    enqueued_at = models.DateTimeField("последняя постановка", null=True, blank=True)
    send_failed = models.BooleanField(
        "брокер был недоступен", default=False, help_text="последняя постановка не дошла до брокера"
    )
    last_error = models.TextField("последняя ошибка", blank=True)
    gave_up_at = models.DateTimeField("признано неудавшимся", null=True, blank=True)
    created_at = models.DateTimeField("создано", auto_now_add=True)

    class Meta:
        verbose_name = "постановка задания в очередь"
        verbose_name_plural = "постановки заданий в очередь"
        ordering = ["-enqueued_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="jobdispatch_kind_object")]
        indexes = [models.Index(fields=["kind", "enqueued_at"], name="jobdispatch_kind_enq_idx")]

    def __str__(self) -> str:
        return f"{self.kind} №{self.object_id}: попыток {self.attempts}"


class MailStatus(models.TextChoices):
    PENDING = "pending", "ждёт отправки"
    SENDING = "sending", "передаётся почтовому серверу"
    SENT = "sent", "отправлено"
    FAILED = "failed", "не отправлено"


class OutboundMail(models.Model):
    key = models.CharField("ключ письма", max_length=200, unique=True)
    to = models.JSONField("кому", default=list)
    subject = models.CharField("тема", max_length=300)
    body = models.TextField("текст")
    status = models.CharField(
        "состояние", max_length=16, choices=MailStatus.choices, default=MailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("попыток", default=0)
    last_error = models.TextField("последняя ошибка", blank=True)
    created_at = models.DateTimeField("создано", auto_now_add=True)
    claimed_at = models.DateTimeField("передано серверу", null=True, blank=True)
    sent_at = models.DateTimeField("отправлено", null=True, blank=True)

    class Meta:
        verbose_name = "исходящее письмо"
        verbose_name_plural = "исходящие письма"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="outboundmail_status_valid", condition=Q(status__in=MailStatus.values)
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="outboundmail_status_idx")]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)} ({self.get_status_display()})"


class SubmittedForm(models.Model):
    token = models.CharField("ключ отправки", max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+", verbose_name="кто"
    )
    path = models.CharField("адрес формы", max_length=500)
    result_url = models.CharField("куда привела первая отправка", max_length=500, blank=True)
    created_at = models.DateTimeField("отправлено", auto_now_add=True)

    class Meta:
        verbose_name = "отправка формы"
        verbose_name_plural = "отправки форм"
        indexes = [models.Index(fields=["created_at"], name="submittedform_created_idx")]

    def __str__(self) -> str:
        return f"{self.path} ({self.created_at:%d.%m.%Y %H:%M})"
