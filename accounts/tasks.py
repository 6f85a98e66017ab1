from celery import shared_task

from accounts.services import invitation_send
from jobs.celery_options import MAIL, task_options

_OPTIONS = task_options(MAIL, max_retries=5)
_OPTIONS["autoretry_for"] = (*_OPTIONS["autoretry_for"], OSError)


@shared_task(**_OPTIONS)
def send_invitation(invitation_id: int) -> bool:
    return invitation_send(invitation_id=invitation_id)


@shared_task(acks_late=True, autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def send_password_reset(email: str) -> int:
    from accounts.security.passwords import password_reset_send

    return password_reset_send(email=email)


@shared_task
def purge_security_events() -> int:
    from accounts.security.events import security_events_purge

    return security_events_purge()
