"""Учётная запись: свои данные человека и письмо-приглашение (его ставит в очередь people.services).

Роли с областью и приглашение в регион — в people/ (слой над справочником): здесь о регионах, муниципалитетах
и школах не знают."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Invitation, User


def password_setup_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return settings.SITE_URL.rstrip("/") + path


def invitation_send(*, invitation_id: int) -> bool:
    """Заводит письмо-приглашение один раз. Само письмо уходит после коммита задачей почты (jobs.mail):
    у него постоянный ключ, поэтому повтор задачи или её перезапуск после падения воркера второго письма
    не шлёт, а медленный почтовый сервер не держит транзакцию. False — приглашение уже было заведено."""
    from jobs.mail import mail_queue

    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("user", "membership__region", "membership__municipality", "membership__school")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or invitation.sent_at is not None:
            return False
        context = {
            "user": invitation.user,
            "membership": invitation.membership,
            "url": password_setup_url(invitation.user),
            "site_url": settings.SITE_URL,
        }
        mail_queue(
            key=f"invitation:{invitation.pk}",
            to=[invitation.user.email],
            subject="Приглашение в «Дорожную карту 500+»",
            body=render_to_string("accounts/email/invitation.txt", context),
        )
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
        return True


@transaction.atomic
def person_update(
    *,
    person: User,
    last_name: str,
    first_name: str,
    middle_name: str = "",
    position: str = "",
    phone: str = "",
    email_notifications: bool | None = None,
) -> User:
    for name, value in {
        "last_name": last_name,
        "first_name": first_name,
        "middle_name": middle_name,
        "position": position,
        "phone": phone,
    }.items():
        setattr(person, name, value.strip())
    if email_notifications is not None:
        person.email_notifications = email_notifications
    person.full_clean(exclude=["password"])
    person.save()
    return person
