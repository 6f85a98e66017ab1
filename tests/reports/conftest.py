import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from monitoring import services as monitoring_services
from roadmaps import services as roadmap_services
from roadmaps.models import ItemStatus
from tests.factories import OrganisationFactory
from tests.monitoring.conftest import figures_world  # noqa: F401 — фикстура показателей региона А

THIS_YEAR = timezone.localdate().year
# Описание с символами, которые ломают XML, и строкой, похожей на формулу Excel.
TRICKY = "=СУММ(A1:A2) <b>тег</b> & «кавычки»"


@pytest.fixture
def official_map(world):
    """Региональная карта региона А, как в распоряжении: утверждающий документ, мероприятие без раздела,
    два раздела, разобранные и неразобранные сроки, ответственные, ссылки, выполненное мероприятие."""
    a = world["a"]
    roadmap = roadmap_services.roadmap_create(
        actor=None,
        level="regional",
        year=THIS_YEAR,
        region=a["region"],
        title="Региональная дорожная карта проекта 500+",
        approval_document=f"распоряжение № 269 от 22.03.{THIS_YEAR}",
    )
    do = OrganisationFactory(region=a["region"], short_name="ДО", full_name="Департамент образования")
    riacoko = OrganisationFactory(region=a["region"], short_name="РИАЦОКО", full_name="Центр оценки")
    roadmap_services.item_create(
        actor=None,
        roadmap=roadmap,
        description="Назначение муниципальных координаторов",
        period_text=f"25.01.{THIS_YEAR}",
        indicator="Документ утверждён",
        organisations=[do],
    )
    first = roadmap_services.section_create(
        roadmap=roadmap, title="Подготовительный этап", period_text=f"Январь-март {THIS_YEAR}"
    )
    second = roadmap_services.section_create(roadmap=roadmap, title="Информационное сопровождение")
    roadmap_services.item_create(
        actor=None,
        roadmap=roadmap,
        section=first,
        description="Анкетирование участников образовательных отношений",
        period_text=f"25-29.01.{THIS_YEAR}",
        indicator="Доля ОО, принявших участие в анкетировании",
        target_kind="share",
        target_value=100,
        organisations=[riacoko],
        users=[a[Role.REGIONAL_COORDINATOR]],
        responsible_text="РИАЦОКО ВИРО",
        status=ItemStatus.DONE,
        completed_on=datetime.date(THIS_YEAR, 1, 29),
        status_comment="Анкетирование завершено",
    )
    roadmap_services.item_create(
        actor=None,
        roadmap=roadmap,
        section=first,
        description=TRICKY,
        period_text="с момента запуска информационной системы",
        indicator="",
    )
    roadmap_services.item_create(
        actor=None,
        roadmap=roadmap,
        section=second,
        description="Информационное сопровождение реализации проекта",
        period_text="постоянно",
        indicator="Вкладка на официальном сайте",
        links="https://example.ru/500plus",
        organisations=[do],
    )
    return roadmap


@pytest.fixture
def stage_snapshots(figures_world):  # noqa: F811
    """Регион А: два этапа, оба сняты; второй сравнивается с первым."""
    region = figures_world["region"]
    today = timezone.localdate()
    earlier = max(today - datetime.timedelta(days=2), today.replace(month=1, day=1))
    first = monitoring_services.stage_save(
        actor=None, region=region, year=today.year, title="1-й этап", date=earlier
    )
    second = monitoring_services.stage_save(
        actor=None, region=region, year=today.year, title="2-й этап", date=today
    )
    return (
        monitoring_services.snapshot_take(stage=first, region=region),
        monitoring_services.snapshot_take(stage=second, region=region),
    )
