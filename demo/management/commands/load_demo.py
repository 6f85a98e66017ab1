"""Демо-данные для показа и ручной проверки: ``python manage.py load_demo`` (повторный запуск безопасен)."""

from django.core.management.base import BaseCommand

from demo.directory import DEMO_PASSWORD, DEMO_REGION_CODES, DEMO_USERS
from demo.load import load_demo
from schools.models import Municipality, Region, School


class Command(BaseCommand):
    help = (
        "Загружает демо-данные: Пермский край, Владимирскую и Ярославскую области, их муниципалитеты, "
        "школы (в т. ч. три школы Мышкинского МР), организации, рисковые профили и демо-пользователей "
        f"всех ролей с паролем {DEMO_PASSWORD}. Повторный запуск ничего не дублирует."
    )

    def handle(self, *args, **options):
        load_demo(stdout=self.stdout)
        regions = Region.objects.filter(code__in=DEMO_REGION_CODES)
        self.stdout.write(
            self.style.SUCCESS(
                f"Демо-данные готовы: регионов {regions.count()}, "
                f"муниципалитетов {Municipality.objects.filter(region__in=regions).count()}, "
                f"школ {School.objects.filter(municipality__region__in=regions).count()}."
            )
        )
        self.stdout.write(f"Демо-пользователи (пароль у всех — {DEMO_PASSWORD}):")
        width = max(len(email) for email, _, _ in DEMO_USERS)
        for email, role, sees in DEMO_USERS:
            self.stdout.write(f"  {email:<{width}}  {role}. Видит: {sees}")
