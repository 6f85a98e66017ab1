"""Демо-карты из трёх настоящих документов (fixtures/seeds): пермская и владимирская региональные
карты 2021 года и муниципальная карта Мышкинского МР на 2022 год.

Загружаются тем же импортёром, что и документы пользователей (``roadmaps.importers``), для регионов
и пользователей из ``demo.directory.load_demo`` — её и надо запустить сначала (она сама вызывает эту
функцию в конце). Повторный запуск ничего не пишет: карта, которая уже есть, не трогается, даже
если в демо её успели поправить руками.

Состояния — как в документах: владимирская карта утверждена распоряжением № 269 (региональную карту
утверждает распоряжение, а не система, поэтому без журнала переходов), у пермской утверждающего
документа нет — черновик; мышкинскую муниципальный координатор отправил на рассмотрение в регион.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from accounts.models import User
from demo.directory import MYSHKIN, PERM, VLADIMIR, YAROSLAVL
from roadmaps.importers.load import find_existing, import_draft
from roadmaps.importers.text_tables import read_seed
from roadmaps.models import MapStatus, RoadMap
from roadmaps.services import roadmap_submit
from schools.models import Municipality, Region

# Своя копия в репозитории — первой, чтобы демо не зависело от папки рядом с ним; вторая — общая
# папка проекта ../shared/seeds (в CI она лежит рядом с клоном).
SEED_DIRS = (
    Path(settings.BASE_DIR) / "fixtures" / "seeds",
    Path(settings.BASE_DIR).parent / "shared" / "seeds",
)


@dataclass(frozen=True)
class DemoMap:
    file_name: str
    region_code: str
    municipality: str | None  # None — региональная карта
    author: str  # эл. почта демо-пользователя, от чьего имени загружена карта
    status: str


DEMO_MAPS = (
    DemoMap("perm-regional-2021.txt", PERM, None, "coordinator.perm@demo.500plus.ru", MapStatus.DRAFT),
    DemoMap(
        "vladimir-regional-2021.txt",
        VLADIMIR,
        None,
        "coordinator.vladimir@demo.500plus.ru",
        MapStatus.APPROVED,
    ),
    DemoMap(
        "myshkin-municipal-2022.txt", YAROSLAVL, MYSHKIN, "mun.myshkin@demo.500plus.ru", MapStatus.SUBMITTED
    ),
)


def seed_path(file_name: str) -> Path:
    for folder in SEED_DIRS:
        if (folder / file_name).is_file():
            return folder / file_name
    searched = ", ".join(str(folder) for folder in SEED_DIRS)
    raise FileNotFoundError(f"Демо-документ «{file_name}» не найден (искали в: {searched}).")


def _set_demo_status(roadmap: RoadMap, status: str, author: User) -> RoadMap:
    if status == MapStatus.SUBMITTED:
        return roadmap_submit(roadmap=roadmap, actor=author)  # с записью в журнале переходов
    if status != roadmap.status:  # региональная карта: утверждена распоряжением, переход не пишется
        roadmap.status = status
        roadmap.save(update_fields=["status", "updated_at"])
    return roadmap


@transaction.atomic
def load_demo_roadmaps(*, stdout=None) -> list[RoadMap]:
    """Загружает недостающие демо-карты; возвращает все три (и загруженные раньше)."""
    roadmaps = []
    for spec in DEMO_MAPS:
        region = Region.objects.filter(code=spec.region_code).first()
        author = User.objects.filter(email=spec.author).first()
        if region is None or author is None:
            raise RuntimeError("Сначала загрузите демо-справочник: python manage.py load_demo.")
        municipality = (
            Municipality.objects.get(region=region, name=spec.municipality) if spec.municipality else None
        )
        draft = read_seed(seed_path(spec.file_name))
        owner = {"region": None if municipality else region, "municipality": municipality}
        existing = find_existing(draft, **owner)
        if existing is not None:
            roadmaps.append(existing)
            continue
        roadmap = import_draft(draft, actor=author, **owner)
        roadmap = _set_demo_status(roadmap, spec.status, author)
        roadmaps.append(roadmap)
        if stdout is not None:
            stdout.write(
                f"Дорожная карта загружена: {roadmap.owner}, {roadmap.year} — "
                f"мероприятий {roadmap.items.count()}, состояние «{roadmap.get_status_display()}»."
            )
    return roadmaps
