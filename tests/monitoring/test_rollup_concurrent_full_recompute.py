"""Полный (ночной) пересчёт и запись, которая идёт в то же время: запись отметила регион до начала
пересчёта, а зафиксировалась, когда пересчёт уже посчитал регион без неё. Её отметка не должна пропасть
вместе с отметками, которые пересчёт действительно учёл, — иначе регион до следующей ночи показывает
цифры без этой записи и без пометки «на ЧЧ:ММ»."""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from monitoring import rollup
from monitoring.models import RollupDirty
from roadmaps.models import Item, ItemStatus
from tests.monitoring.test_rollups import YEAR, reference, stored

pytestmark = pytest.mark.django_db(transaction=True)


def test_mark_of_a_write_committed_during_the_full_recompute_survives(
    require_postgres, figures_world, monkeypatch
):
    rollup.rollup_recompute_all(years=[YEAR, YEAR - 1])
    RollupDirty.objects.all().delete()
    assert stored() == reference()
    monkeypatch.setattr(rollup, "enqueue_recompute", lambda: None)  # очередь задерживается (debounce)
    item = Item.objects.filter(roadmap__region=figures_world["region"], status=ItemStatus.NOT_STARTED).first()
    marked, computed, committed = threading.Event(), threading.Event(), threading.Event()

    def writer() -> None:
        try:
            with transaction.atomic():
                Item.objects.filter(pk=item.pk).update(
                    status=ItemStatus.DONE, completed_on=timezone.localdate()
                )
                rollup.rollup_mark_dirty(region_ids=[figures_world["region"].pk], years=[YEAR])
                marked.set()
                computed.wait(30)  # фиксируется, когда пересчёт уже посчитал регион без неё
            committed.set()
        finally:
            connection.close()

    real_compute = rollup.compute

    def compute_then_let_the_writer_commit(**kwargs):
        table = real_compute(**kwargs)
        computed.set()
        committed.wait(30)
        return table

    thread = threading.Thread(target=writer)
    thread.start()
    assert marked.wait(30)
    monkeypatch.setattr(rollup, "compute", compute_then_let_the_writer_commit)
    rollup.rollup_recompute_all(years=[YEAR])
    thread.join(30)
    monkeypatch.setattr(rollup, "compute", real_compute)

    rollup.rollup_recompute_dirty()  # задача по отметке записи — из очереди
    assert stored() == reference()
