"""Замер страниц поиска и сверки муниципальных карт: p50/p95/max времени ответа и число запросов.

Страницы запрашиваются целиком через тестовый клиент Django (URL → middleware → представление →
шаблон), от имени настоящих людей базы: федерального сотрудника и регионального координатора региона,
где больше всего муниципалитетов. Данные не меняются. Национальный масштаб готовит
``generate_demo --regions 85 --municipalities-total 2500 --schools-total 6000 --seed 500``.

    python manage.py benchmark_search [--runs 30] [--warmup 3] [--query наставничество --query ВКС]

Страницы поиска и сверки входят и в общий замер ``benchmark_pages`` (для каждой роли, с «полом» и
бюджетами); эта команда — подробный замер по нескольким словам поиска.
"""

from __future__ import annotations

import os
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from accounts.models import Role, RoleMembership, User
from config.plural import MUNICIPALITIES, ru_count
from roadmaps.models import Item, Level, RoadMap
from schools.models import Region

DEFAULT_QUERIES = ("наставничество", "ВКС", "педсовет", "куратор", "совещание муниципальных координаторов")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


class Command(BaseCommand):
    help = "Замер страниц поиска и сверки муниципальных карт (p50/p95, запросы к базе)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--warmup", type=int, default=3)
        parser.add_argument("--query", action="append", dest="queries")

    def handle(self, *args, runs: int, warmup: int, queries: list[str] | None, **options):
        federal = User.objects.filter(is_active=True, memberships__role=Role.FEDERAL_STAFF).first()
        federal = federal or User.objects.filter(is_active=True, is_superuser=True).first()
        if federal is None:
            raise CommandError("В базе нет федерального сотрудника: сначала load_demo и generate_demo.")
        with_regional_map = RoadMap.objects.filter(level=Level.REGIONAL).values("region_id")
        region = (
            Region.objects.filter(pk__in=with_regional_map)
            .annotate(municipality_count=Count("municipalities", distinct=True))
            .order_by("-municipality_count", "pk")
            .first()
        )
        if region is None:
            raise CommandError("В базе нет региональных карт.")
        year = RoadMap.objects.filter(region=region, level=Level.REGIONAL).order_by("-year").first().year
        membership = RoleMembership.objects.filter(
            region=region, role=Role.REGIONAL_COORDINATOR, is_active=True, user__is_active=True
        ).first()
        coordinator = membership.user if membership else None

        self.stdout.write(
            f"База: {connection.vendor}; мероприятий: {Item.objects.count()}; "
            f"карт: {RoadMap.objects.count()}; "
            f"регион сверки: {region.name} "
            f"({ru_count(region.municipalities.count(), *MUNICIPALITIES)}), {year} год"
        )
        self.stdout.write(
            f"Прогонов на страницу: {runs} (+{warmup} на прогрев); нагрузка: {_load_average()}\n"
        )
        self.stdout.write("| страница | кто | p50, мс | p95, мс | max, мс | запросов | найдено/строк |")
        self.stdout.write("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
        # База отсчёта: та же страница без запроса — шапка, форма, сессия, области человека.
        scenarios = [("страница поиска без запроса", federal, reverse("search:search"), {})]
        for query in queries or DEFAULT_QUERIES:
            scenarios.append((f"поиск «{query}»", federal, reverse("search:search"), {"q": query}))
        first = (queries or DEFAULT_QUERIES)[0]
        scenarios.append(
            (f"поиск «{first}», стр. 3", federal, reverse("search:search"), {"q": first, "page": 3})
        )
        scenarios.append(
            (
                f"поиск «{first}», выполнено, {year}",
                federal,
                reverse("search:search"),
                {"q": first, "state": "done", "year": year},
            )
        )
        alignment_url = reverse("alignment:region", args=[region.pk])
        scenarios.append(("сверка региона", federal, alignment_url, {"year": year}))
        scenarios.append(
            ("сверка региона, только пробелы", federal, alignment_url, {"year": year, "gaps": "1"})
        )
        if coordinator is not None:
            scenarios.append(("страница поиска без запроса", coordinator, reverse("search:search"), {}))
            for query in queries or DEFAULT_QUERIES:
                scenarios.append((f"поиск «{query}»", coordinator, reverse("search:search"), {"q": query}))
            scenarios.append(("сверка региона", coordinator, alignment_url, {"year": year}))
            municipal_map = (
                RoadMap.objects.filter(level=Level.MUNICIPAL, region=region, year=year).order_by("pk").first()
            )
            if municipal_map is not None:
                map_url = reverse("alignment:map", args=[municipal_map.pk])
                scenarios.append(("сверка муниципальной карты", coordinator, map_url, {}))
        with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False):
            for title, user, url, params in scenarios:
                self._measure(title, user, url, params, runs=runs, warmup=warmup)
        self.stdout.write(f"\nНагрузка машины после замера: {_load_average()}")

    def _measure(self, title, user, url, params, *, runs, warmup):
        client = Client()
        client.force_login(user)
        for _ in range(warmup):
            client.get(url, params)
        timings, counts = [], []
        response = None
        for _ in range(runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url, params)
                timings.append((time.perf_counter() - started) * 1000)
            counts.append(len(captured))
            if response.status_code != 200:
                raise CommandError(f"{title}: ответ {response.status_code}")
        body = response.content.decode()
        found = ""
        if "search-total" in body:
            found = body.split('id="search-total">', 1)[1].split(".", 1)[0].replace("Найдено: ", "")
        elif "alignment-table" in body:
            found = str(body.count("<tr>") - 1)
        who = (
            "федеральный"
            if user.memberships.filter(role=Role.FEDERAL_STAFF).exists() or user.is_superuser
            else "рег. координатор"
        )
        self.stdout.write(
            f"| {title} | {who} | {statistics.median(timings):.1f} | {percentile(timings, 0.95):.1f} | "
            f"{max(timings):.1f} | {max(counts)} | {found} |"
        )


def _load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "неизвестна"
