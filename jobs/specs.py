"""Фоновые задания приложений проекта для подметальщика и админки (регистрирует JobsConfig.ready).
Новое задание (например, преобразование старых документов, пересчёт сводных показателей) регистрируется
так же — вызовом jobs.registry.register(JobSpec(...)) из своего приложения (в AppConfig.ready или здесь)."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from jobs.registry import JobSpec, register

NEVER = Q(pk__in=[])


def _status_job(kind: str, model_label: str, task_name: str) -> JobSpec:
    """Задание со статусом «в очереди» / «выполняется» / «ошибка», прогрессом и сообщением (выгрузки,
    снимки мониторинга): неудача и перезапуск у них одинаковые."""

    def fail(pks: list[int], reason: str) -> None:
        apps.get_model(model_label).objects.filter(pk__in=pks, status__in=["queued", "running"]).update(
            status="failed", finished_at=timezone.now(), message=reason[:500]
        )

    def restart(job) -> None:
        job.status, job.progress, job.message, job.finished_at = "queued", 0, "", None
        job.save(update_fields=["status", "progress", "message", "finished_at"])

    return register(
        JobSpec(
            kind=kind,
            model_label=model_label,
            task_name=task_name,
            queued=Q(status="queued"),
            running=Q(status="running"),
            fail=fail,
            restart=restart,
        )
    )


def _risk_import_fail(pks: list[int], reason: str) -> None:
    # Пакет возвращается человеку «ждёт подтверждения» с причиной: он может подтвердить его ещё раз.
    RiskImportBatch = apps.get_model("schoolwork", "RiskImportBatch")
    RiskImportBatch.objects.filter(pk__in=pks, status="applying").update(status="pending", apply_error=reason)


def _risk_import_restart(batch) -> None:
    batch.status, batch.apply_error = "applying", ""
    batch.save(update_fields=["status", "apply_error"])


def _invitation_fail(pks: list[int], reason: str) -> None:
    """Письмо не ушло: причина — в журнале постановок (админка), приглашение можно отправить снова."""


EXPORT = _status_job("reports.export", "reports.ExportJob", "reports.tasks.execute_export_job")
SNAPSHOT = _status_job(
    "monitoring.snapshot", "monitoring.SnapshotRun", "monitoring.tasks.execute_snapshot_run"
)
RISK_IMPORT = register(
    JobSpec(
        kind="schoolwork.risk_import",
        model_label="schoolwork.RiskImportBatch",
        task_name="schoolwork.tasks.apply_risk_import",
        queued=Q(status="applying"),
        running=NEVER,  # запись идёт одной транзакцией: «записывается» и есть «в очереди» до коммита
        args=lambda batch: (batch.pk, batch.created_by_id),
        fail=_risk_import_fail,
        restart=_risk_import_restart,
    )
)
INVITATION = register(
    JobSpec(
        kind="accounts.invitation",
        model_label="accounts.Invitation",
        task_name="accounts.tasks.send_invitation",
        queued=Q(sent_at__isnull=True),
        running=NEVER,
        fail=_invitation_fail,
        restart=lambda invitation: None,
    )
)


def _roadmap_import_fail(pks: list[int], reason: str) -> None:
    RoadMapImport = apps.get_model("roadmaps", "RoadMapImport")
    RoadMapImport.objects.filter(pk__in=pks, status="parsing").update(status="failed", error=reason)


def _roadmap_import_restart(batch) -> None:
    batch.status, batch.progress, batch.error = "parsing", 0, ""
    batch.save(update_fields=["status", "progress", "error"])


# Разбор загруженной дорожной карты в фоне (большой файл или преобразование .doc/.xls LibreOffice).
ROADMAP_IMPORT = register(
    JobSpec(
        kind="roadmaps.import_parse",
        model_label="roadmaps.RoadMapImport",
        task_name="roadmaps.tasks.parse_roadmap_import",
        queued=Q(status="parsing"),
        running=NEVER,  # разбор повторяем целиком: «разбирается» и есть «в очереди» до готовности
        fail=_roadmap_import_fail,
        restart=_roadmap_import_restart,
    )
)


def _mail_fail(pks: list[int], reason: str) -> None:
    OutboundMail = apps.get_model("jobs", "OutboundMail")
    OutboundMail.objects.filter(pk__in=pks, status="pending").update(status="failed", last_error=reason)


def _mail_restart(mail) -> None:
    if mail.status == "failed":
        mail.status, mail.last_error = "pending", ""
        mail.save(update_fields=["status", "last_error"])


# Письмо, постановка которого не дошла до брокера (или задача потерялась), ставится снова. «Передаётся
# серверу» сюда не входит: исход неизвестен, и повтор мог бы прислать письмо второй раз (jobs/mail.py).
MAIL = register(
    JobSpec(
        kind="jobs.mail",
        model_label="jobs.OutboundMail",
        task_name="jobs.tasks.send_outbound_mail",
        queued=Q(status="pending"),
        running=NEVER,
        fail=_mail_fail,
        restart=_mail_restart,
        max_attempts=8,
    )
)
