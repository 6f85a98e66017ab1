"""``python manage.py send_reminders`` — то же, что ежечасный запуск beat: регионы, где по местному
времени пора, получают напоминания за свой день. ``--region 59 [--day 23.11.2026]`` — обработать день
одного региона сразу (например, если beat не работал). Повтор безопасен: отправленное не повторится."""

from datetime import date, datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from notifications import services
from schools.models import Region


class Command(BaseCommand):
    help = "Напоминания о сроках мероприятий дорожных карт: ставит в очередь дни регионов и письма."

    def add_arguments(self, parser):
        parser.add_argument("--region", help="код субъекта РФ, например 59: обработать только этот регион")
        parser.add_argument(
            "--day", help="местный день региона ДД.ММ.ГГГГ (по умолчанию — сегодня в регионе)"
        )

    def handle(self, *args, **options):
        if not options["region"]:
            if options["day"]:
                raise CommandError("--day указывается вместе с --region.")
            with transaction.atomic():  # задачи уходят в очередь после коммита
                dispatched = services.region_days_dispatch()
            self.stdout.write(f"Поставлено в очередь дней регионов: {len(dispatched)}.")
            return
        region = Region.objects.filter(code=options["region"]).first()
        if region is None:
            raise CommandError(f"Нет региона с кодом {options['region']}.")
        day = self._day(options["day"]) if options["day"] else region.local_today()
        created = services.region_day_process(region_id=region.pk, day=day)
        self.stdout.write(f"{region}, {day:%d.%m.%Y}: новых напоминаний — {created}.")

    @staticmethod
    def _day(text: str) -> date:
        try:
            return datetime.strptime(text, "%d.%m.%Y").date()
        except ValueError as exc:
            raise CommandError("День — в виде ДД.ММ.ГГГГ, например 23.11.2026.") from exc
