from celery import shared_task

from accounts.services import invitation_send


@shared_task(acks_late=True, autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def send_invitation(invitation_id: int) -> bool:
    return invitation_send(invitation_id=invitation_id)
