from celery import shared_task

from accounts.services import invitation_send
from jobs.celery_options import MAIL, task_options

_OPTIONS = task_options(MAIL, max_retries=5)
_OPTIONS["autoretry_for"] = (*_OPTIONS["autoretry_for"], OSError)


@shared_task(**_OPTIONS)
def send_invitation(invitation_id: int) -> bool:
    return invitation_send(invitation_id=invitation_id)
