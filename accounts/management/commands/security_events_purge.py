"""Удаляет записи журнала событий безопасности старше SECURITY_EVENT_RETENTION_DAYS."""

from django.core.management.base import BaseCommand

from accounts.security.events import security_events_purge


class Command(BaseCommand):
    help = "Удаляет записи журнала событий безопасности старше срока хранения."

    def handle(self, *args, **options):
        self.stdout.write(f"Удалено записей: {security_events_purge()}")
