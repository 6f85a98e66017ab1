"""Задачи учёта фоновой работы: подметальщик (beat, ежеминутно) и отправка писем (очередь «mail»)."""

from celery import shared_task

from jobs import mail, services
from jobs.celery_options import LIGHT, MAIL, task_options

MAIL_OPTIONS = task_options(MAIL, max_retries=6)
MAIL_OPTIONS["autoretry_for"] = (*MAIL_OPTIONS["autoretry_for"], mail.MailNotSent)


@shared_task(**task_options(LIGHT))
def sweep_stuck_jobs() -> dict:
    requeued = services.jobs_sweep()
    services.submitted_forms_purge()
    return requeued


@shared_task(bind=True, **MAIL_OPTIONS)
def send_outbound_mail(self, mail_id: int) -> bool:
    try:
        return mail.mail_deliver(mail_id=mail_id)
    except mail.MailNotSent:
        if self.request.retries >= self.max_retries:
            mail.mail_give_up(mail_id=mail_id, reason="Почтовый сервер не принял письмо после всех повторов")
        raise
