"""Блокировки входа (django-axes): показать и снять.

python manage.py security_locks                      # список действующих блокировок
python manage.py security_locks --clear --username a@b.ru [--ip 10.0.0.5]
python manage.py security_locks --clear --all
"""

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = "Показывает действующие блокировки входа (логин + IP) и снимает их."

    def add_arguments(self, parser):
        parser.add_argument("--clear", action="store_true", help="снять блокировки (с --username/--ip/--all)")
        parser.add_argument("--username", help="эл. почта, для которой снять блокировку")
        parser.add_argument("--ip", help="IP-адрес, для которого снять блокировку")
        parser.add_argument("--all", action="store_true", help="снять все блокировки и счётчики неудач")

    def handle(self, *args, **options):
        if options["clear"]:
            self._clear(options)
        else:
            self._list()

    def _list(self) -> None:
        since = timezone.now() - settings.AXES_COOLOFF_TIME
        locks = AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
        ).order_by("-attempt_time")
        if not locks:
            self.stdout.write("Действующих блокировок нет.")
            return
        self.stdout.write(f"Действующих блокировок: {len(locks)}")
        for lock in locks:
            until = timezone.localtime(lock.attempt_time + settings.AXES_COOLOFF_TIME)
            self.stdout.write(
                f"{lock.username}\t{lock.ip_address}\tнеудач: {lock.failures_since_start}\t"
                f"до {until:%d.%m.%Y %H:%M}"
            )

    def _clear(self, options) -> None:
        if options["all"]:
            count = reset()
        elif options["username"] or options["ip"]:
            count = reset(username=options["username"], ip=options["ip"])
        else:
            raise CommandError("Укажите --username, --ip или --all.")
        self.stdout.write(self.style.SUCCESS(f"Снято записей о неудачных входах: {count}"))
