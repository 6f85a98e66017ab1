"""Почтовый бэкенд для имитации сбоя: письма на отмеченные адреса «падают» сетевой ошибкой SMTP."""

from smtplib import SMTPServerDisconnected

from django.core.mail.backends.locmem import EmailBackend

FAILING_ADDRESSES: set[str] = set()


class FailingForSomeAddressesBackend(EmailBackend):
    """Как locmem (письма — в mail.outbox), но адреса из FAILING_ADDRESSES получают SMTP-ошибку,
    как при обрыве связи с почтовым сервером посреди рассылки."""

    def send_messages(self, messages):
        for message in messages:
            if FAILING_ADDRESSES & set(message.to):
                raise SMTPServerDisconnected("Соединение с почтовым сервером разорвано")
        return super().send_messages(messages)
