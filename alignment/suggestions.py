"""Хранимые подсказки сверки: расчёт, отметка «устарело», пересчёт, отклонение подсказок.

Запись. Любой сервис, меняющий пункты региональной или муниципальной карты (создание, правка, удаление,
перенос, загрузка из файла, новая карта), в своей транзакции вызывает ``roadmaps.services.common.
figures_changed`` → ``suggestions_changed(roadmap)``: строка ``SuggestionRefresh`` региона за год
получает «устарело с …», а после коммита терпимой постановкой (``jobs.enqueue.send_now``) ставится
``alignment.tasks.recompute_suggestions`` — не чаще раза в ALIGNMENT_DEBOUNCE_SECONDS на регион и год.
Задача заново считает все подсказки региона за год в одной транзакции под блокировкой строки состояния
(``select_for_update(skip_locked)``): два воркера не делят одну работу, прерванный пересчёт откатывается
и оставляет отметку. Повторный запуск ничего не портит. Брокер недоступен — отметки ждут beat
(``alignment-recompute-stale-suggestions``, раз в 5 минут); ночью — полный пересчёт.

Чтение (``alignment.selectors``). Регион за год посчитан и не устарел — страница берёт готовые строки;
иначе считает сама тем же ``rank_suggestions`` (человек сразу видит своё изменение).

Расчёт ``suggestions_compute`` — эталон: тот же отбор строк, кандидатов и порядок, что у живого расчёта;
тест сверяет хранимое с ним после цепочек правок."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from alignment.models import AlignmentSuggestion, SuggestionRefresh, SuggestionRejection
from alignment.selectors import addressed_rows
from alignment.similarity import candidates_of, rank_suggestions, stems_of
from jobs.enqueue import send_now, task_named
from roadmaps.models import Item, Level, RoadMap

logger = logging.getLogger(__name__)

SUGGESTION_LEVELS = (Level.REGIONAL, Level.MUNICIPAL)
RECOMPUTE_TASK = "alignment.tasks.recompute_suggestions"


@dataclass(frozen=True, order=True)
class SuggestionRow:
    regional_item_id: int
    municipal_item_id: int
    municipal_map_id: int
    score: float


def _debounce_key(region_id: int, year: int) -> str:
    return f"alignment:suggestions:enqueued:{region_id}:{year}"


# --- расчёт ---------------------------------------------------------------------------------------


def active_rejections(*, map_ids: list[int]) -> dict[int, set[int]]:
    """Действующие отклонения: пункт региональной карты → отклонённые для него муниципальные пункты."""
    rejected: dict[int, set[int]] = {}
    pairs = SuggestionRejection.objects.filter(municipal_map_id__in=map_ids, undone_at__isnull=True)
    for regional_id, municipal_id in pairs.values_list("regional_item_id", "municipal_item_id"):
        rejected.setdefault(regional_id, set()).add(municipal_id)
    return rejected


def suggestions_compute(*, region_id: int, year: int) -> list[SuggestionRow]:
    """Все подсказки региона за год: для каждого пункта региональной карты, адресованного
    муниципалитетам, и каждой муниципальной карты — до MAX_SUGGESTIONS самых похожих пунктов, кроме
    отклонённых. Связи не учитываются: подсказка видна, только пока ячейка пуста (это решает чтение)."""
    regional_map = RoadMap.objects.filter(level=Level.REGIONAL, region_id=region_id, year=year).first()
    if regional_map is None:
        return []
    rows = addressed_rows(regional_map)
    map_ids = list(
        RoadMap.objects.filter(level=Level.MUNICIPAL, region_id=region_id, year=year)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not rows or not map_ids:
        return []
    municipal = candidates_of(
        Item.objects.filter(roadmap_id__in=map_ids).order_by("roadmap_id", "position", "pk")
    )
    by_map: dict[int, list] = {}
    for candidate in municipal:
        by_map.setdefault(candidate.roadmap_id, []).append(candidate)
    regional_stems = {item.pk: stems_of(item) for _n, item in rows}  # прочитаны вместе с пунктами
    rejected = active_rejections(map_ids=map_ids)
    result = []
    for _number, item in rows:
        stems = regional_stems.get(item.pk, frozenset())
        for map_id in map_ids:
            for score, candidate in rank_suggestions(
                stems, by_map.get(map_id, []), rejected.get(item.pk, set())
            ):
                result.append(SuggestionRow(item.pk, candidate.pk, map_id, score))
    return result


def stored_suggestions(*, region_id: int, year: int) -> list[SuggestionRow]:
    rows = AlignmentSuggestion.objects.filter(region_id=region_id, year=year).values_list(
        "regional_item_id", "municipal_item_id", "municipal_map_id", "score"
    )
    return [SuggestionRow(*row) for row in rows]


# --- пересчёт -------------------------------------------------------------------------------------


def suggestions_recompute(*, region_id: int, year: int) -> bool:
    """Пересчитывает подсказки региона за год и снимает отметку «устарело». False — строку состояния
    держит другой воркер или пишущая транзакция (пересчитают они или следующая задача)."""
    SuggestionRefresh.objects.bulk_create(
        [SuggestionRefresh(region_id=region_id, year=year)], ignore_conflicts=True
    )
    with transaction.atomic():
        refresh = (
            SuggestionRefresh.objects.select_for_update(skip_locked=True)
            .filter(region_id=region_id, year=year)
            .first()
        )
        if refresh is None:
            return False
        rows = suggestions_compute(region_id=region_id, year=year)
        now = timezone.now()
        AlignmentSuggestion.objects.filter(region_id=region_id, year=year).delete()
        AlignmentSuggestion.objects.bulk_create(
            [
                AlignmentSuggestion(
                    regional_item_id=row.regional_item_id,
                    municipal_item_id=row.municipal_item_id,
                    municipal_map_id=row.municipal_map_id,
                    region_id=region_id,
                    year=year,
                    score=row.score,
                    computed_at=now,
                )
                for row in rows
            ],
            batch_size=1000,
        )
        # Отметки ставятся в пишущих транзакциях под этой же строкой: пока она захвачена, новых нет,
        # а поставленные раньше видны расчёту (READ COMMITTED) — отметку можно снять.
        refresh.computed_at, refresh.stale_since = now, None
        refresh.save(update_fields=["computed_at", "stale_since"])
    return True


def suggestions_recompute_stale(*, limit: int | None = None) -> int:
    """Все устаревшие регионы и годы (beat — на случай, если брокер не принял задачу)."""
    pending = list(
        SuggestionRefresh.objects.filter(stale_since__isnull=False)
        .order_by("stale_since")
        .values_list("region_id", "year")[:limit]
    )
    return sum(suggestions_recompute(region_id=region_id, year=year) for region_id, year in pending)


def suggestions_recompute_all(*, year: int | None = None) -> int:
    """Ночью, после generate_demo и по команде: все регионы с региональной картой за все (или один) годы."""
    pairs = RoadMap.objects.filter(level=Level.REGIONAL)
    if year is not None:
        pairs = pairs.filter(year=year)
    done = 0
    for region_id, map_year in pairs.order_by("region_id", "year").values_list("region_id", "year"):
        done += suggestions_recompute(region_id=region_id, year=map_year)
    return done


# --- отметка «устарело» ---------------------------------------------------------------------------


def suggestions_mark_stale(*, region_id: int, year: int) -> None:
    """В текущей транзакции: подсказки региона за год устарели; после коммита — пересчёт в очередь."""
    SuggestionRefresh.objects.bulk_create(
        [SuggestionRefresh(region_id=region_id, year=year, stale_since=timezone.now())],
        update_conflicts=True,
        unique_fields=["region", "year"],
        update_fields=["stale_since"],
    )

    def enqueue_recompute() -> None:
        enqueue_suggestions_recompute(region_id=region_id, year=year)

    transaction.on_commit(enqueue_recompute)


def suggestions_changed(*, roadmap: RoadMap) -> None:
    """Пункты карты изменились: подсказки её региона за её год устарели (школьные карты не сверяются)."""
    if roadmap.level in SUGGESTION_LEVELS and roadmap.region_id:
        suggestions_mark_stale(region_id=roadmap.region_id, year=roadmap.year)


def enqueue_suggestions_recompute(*, region_id: int, year: int) -> None:
    """Серия правок подряд пересчитывается одной задачей (задача снимает ключ в начале — ничего не
    теряется). Брокер или кэш недоступны — запрос не падает: отметка остаётся, её подберёт beat."""
    from config.celery import app

    recompute_suggestions = task_named(RECOMPUTE_TASK)  # по имени: сервисы не импортируют задачи
    if app.conf.task_always_eager:  # без брокера (демо, тесты) — сразу
        recompute_suggestions.delay(region_id, year)
        return
    delay = settings.ALIGNMENT_DEBOUNCE_SECONDS
    key = _debounce_key(region_id, year)
    if cache.add(key, 1, timeout=delay + 30) and not send_now(
        recompute_suggestions, (region_id, year), countdown=delay
    ):
        cache.delete(key)


def recompute_from_task(*, region_id: int, year: int) -> bool:
    cache.delete(_debounce_key(region_id, year))
    return suggestions_recompute(region_id=region_id, year=year)


# --- отклонение подсказки -------------------------------------------------------------------------


def _check_pair(regional_item: Item, municipal_item: Item) -> None:
    municipal_map, regional_map = municipal_item.roadmap, regional_item.roadmap
    if municipal_map.level != Level.MUNICIPAL or regional_map.level != Level.REGIONAL:
        raise ValidationError(
            "Отклонить можно только подсказку: пункт муниципальной карты к пункту региональной."
        )
    if (municipal_map.region_id, municipal_map.year) != (regional_map.region_id, regional_map.year):
        raise ValidationError("Пункт региональной карты другого региона или года.")


def suggestion_reject(
    *, actor: User | None, regional_item: Item, municipal_item: Item
) -> SuggestionRejection:
    """«Это не ответ»: подсказка пары больше не предлагается (до отмены). Повторное отклонение той же пары
    ничего не дублирует. Хранимая подсказка пары удаляется сразу, следующая по сходству появится после
    пересчёта (а до него страница считает сама)."""
    _check_pair(regional_item, municipal_item)
    existing = SuggestionRejection.objects.filter(
        regional_item=regional_item, municipal_item=municipal_item, undone_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    municipal_map = municipal_item.roadmap
    try:
        with transaction.atomic():
            rejection = SuggestionRejection.objects.create(
                regional_item=regional_item,
                municipal_item=municipal_item,
                municipal_map=municipal_map,
                rejected_by=actor,
                rejected_at=timezone.now(),
            )
            AlignmentSuggestion.objects.filter(
                regional_item=regional_item, municipal_item=municipal_item
            ).delete()
            suggestions_mark_stale(region_id=municipal_map.region_id, year=municipal_map.year)
    except IntegrityError:  # параллельный запрос успел раньше
        return SuggestionRejection.objects.get(
            regional_item=regional_item, municipal_item=municipal_item, undone_at__isnull=True
        )
    return rejection


def suggestion_rejection_undo(*, actor: User | None, rejection: SuggestionRejection) -> SuggestionRejection:
    """Вернуть отклонённую подсказку. Строка остаётся в истории: кто отклонил и кто вернул."""
    with transaction.atomic():
        current = (
            SuggestionRejection.objects.select_for_update()
            .select_related("municipal_map")
            .get(pk=rejection.pk)
        )
        if current.undone_at is not None:
            return current
        current.undone_by, current.undone_at = actor, timezone.now()
        current.save(update_fields=["undone_by", "undone_at"])
        suggestions_mark_stale(region_id=current.municipal_map.region_id, year=current.municipal_map.year)
    return current
