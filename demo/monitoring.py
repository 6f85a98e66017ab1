"""Демо для мониторинга: исполнение карт прошлых лет, карты текущего года (копии документов),
этапы мониторинга и снимки по наступившим этапам — чтобы панели и отчёты демо были живыми.

Запускается в конце ``demo.directory.load_demo``. Повторный запуск ничего не меняет: карта, у которой
уже отмечено исполнение, или этап, который уже есть, не трогаются.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from catalog.figures import suggest_figure
from demo.directory import DEMO_REGION_CODES
from monitoring import services as monitoring_services
from monitoring.models import MonitoringStage, Snapshot
from roadmaps import services as roadmap_services
from roadmaps.models import Item, ItemStatus, Level, RoadMap
from schools.models import Region

STAGES = (("1-й этап", 6, 26), ("2-й этап", 9, 20))  # как в образцах: 26.06 и 20.09


def _execute(roadmap: RoadMap, *, until: datetime.date, actor: User | None) -> int:
    """Отмечает исполнение мероприятий со сроком до until: каждое девятое не выполнено, остальные
    выполнены в срок; без даты (постоянно, по событию) — «в работе». Через сервис — с историей."""
    changed = 0
    for index, item in enumerate(roadmap.items.order_by("section__position", "position")):
        if item.status != ItemStatus.NOT_STARTED:
            continue
        if item.period_end is None:
            status, completed, comment = ItemStatus.IN_PROGRESS, None, ""
        elif item.period_end > until:
            continue
        elif index % 9 == 8:
            status, completed, comment = ItemStatus.FAILED, None, "Перенесено: не хватило кураторов."
        else:
            status, completed, comment = ItemStatus.DONE, item.period_end, ""
        roadmap_services.item_execution_update(  # исполнение, а не план: разделы и порядок не трогаются
            actor=actor,
            item=item,
            expected_version=item.version,
            status=status,
            completed_on=completed,
            status_comment=comment,
        )
        changed += 1
    return changed


def _link_indicators(roadmap: RoadMap) -> None:
    """Показатели, которые узнаются по тексту, связываем с мониторингом — их факт считается сам."""
    for item in roadmap.items.filter(indicator_figure=""):
        figure = suggest_figure(item.indicator)
        if figure is not None:
            Item.objects.filter(pk=item.pk).update(
                indicator_figure=figure.value, target_kind="share", target_value=100
            )


@transaction.atomic
def load_monitoring_demo(*, stdout=None) -> None:
    today = timezone.localdate()
    year = today.year
    say = stdout.write if stdout is not None else (lambda text: None)
    regions = list(Region.objects.filter(code__in=DEMO_REGION_CODES))
    for roadmap in RoadMap.objects.filter(region__in=regions, year__lt=year).select_related("region"):
        if not roadmap.items.exclude(status=ItemStatus.NOT_STARTED).exists():
            done = _execute(roadmap, until=datetime.date(roadmap.year, 12, 31), actor=roadmap.created_by)
            say(f"Исполнение отмечено: {roadmap.owner}, {roadmap.year} — мероприятий {done}.")

    for source in RoadMap.objects.filter(region__in=regions, year__lt=year).exclude(level=Level.SCHOOL):
        exists = RoadMap.objects.filter(
            level=source.level, region=source.region, municipality=source.municipality, year=year
        ).exists()
        newer = RoadMap.objects.filter(
            level=source.level,
            region=source.region,
            municipality=source.municipality,
            year__gt=source.year,
            year__lt=year,
        ).exists()
        if exists or newer:
            continue
        copy = roadmap_services.roadmap_copy(actor=source.created_by, source=source, year=year)
        if copy.level == Level.REGIONAL:
            RoadMap.objects.filter(pk=copy.pk).update(municipal_deadline=datetime.date(year, 4, 2))
        _link_indicators(copy)
        done = _execute(copy, until=today - datetime.timedelta(days=1), actor=source.created_by)
        say(f"Карта на {year} год по образцу {source.year}: {copy.owner} — исполнено/отмечено {done}.")

    for region in regions:
        for title, month, day in STAGES:
            stage, _ = MonitoringStage.objects.get_or_create(
                region=region, year=year, title=title, defaults={"date": datetime.date(year, month, day)}
            )
            if stage.date <= today and not Snapshot.objects.filter(stage=stage, region=region).exists():
                monitoring_services.snapshot_take(stage=stage, region=region)
                say(f"Снимок мониторинга: {region}, {title} на {stage.date:%d.%m.%Y}.")
