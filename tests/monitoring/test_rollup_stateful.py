"""Случайные последовательности вызовов сервисов (hypothesis, stateful) на PostgreSQL: после каждого шага
и пересчёта по отметкам хранимые показатели равны эталону figures.compute. Сервис, который забыл
отметить регион, здесь ловится сразу: его изменение не попадёт в хранимые строки."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from accounts.models import Role
from monitoring import rollup
from roadmaps import services as roadmap_services
from roadmaps.models import Item, ItemStatus, MapStatus, RoadMap
from schools import services as school_services
from schoolwork import services as schoolwork_services
from schoolwork.models import Visit, VisitKind, VisitStatus
from tests.factories import assign_curator, make_roadmap
from tests.monitoring.test_rollups import reference, stored

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR = TODAY.year


class RollupMachine(RuleBasedStateMachine):
    world: dict = {}

    def __init__(self):
        super().__init__()
        # Каждый пример начинается с одного и того же состояния базы: точка сохранения и откат в teardown.
        self._savepoint = transaction.atomic()
        self._savepoint.__enter__()
        a = self.world["a"]
        self.region = a["region"]
        self.schools = [a["s1"], a["s2"], a["s3"], self.world["b"]["s1"]]
        self.curator = a[Role.CURATOR]
        self.maps = list(RoadMap.objects.filter(region__in=[self.region, self.world["b"]["region"]]))

    def _item(self, index: int) -> Item | None:
        items = list(Item.objects.filter(roadmap__in=self.maps).order_by("pk"))
        return items[index % len(items)] if items else None

    def _editable(self, item: Item) -> bool:
        return not RoadMap.objects.get(pk=item.roadmap_id).is_locked

    @rule(map_index=st.integers(0, 10))
    def create_item(self, map_index):
        # Свежая строка из базы: правило review_municipal_map меняет состояние карты (утверждённая закрыта).
        roadmap = RoadMap.objects.get(pk=self.maps[map_index % len(self.maps)].pk)
        if not roadmap.is_locked:
            roadmap_services.item_create(
                actor=None, roadmap=roadmap, description="Новое", status="not_started"
            )

    @rule(index=st.integers(0, 50), status=st.sampled_from(ItemStatus.values), days_ago=st.integers(-3, 3))
    def set_item_status(self, index, status, days_ago):
        item = self._item(index)
        if item is None or not self._editable(item):
            return
        done_on = TODAY - datetime.timedelta(days=days_ago) if status == ItemStatus.DONE else None
        roadmap_services.item_update(
            actor=None,
            item=item,
            expected_version=item.version,
            description=item.description,
            status=status,
            completed_on=done_on,
        )

    @rule(index=st.integers(0, 50))
    def delete_item(self, index):
        item = self._item(index)
        if item is not None and self._editable(item):
            roadmap_services.item_delete(item=item)

    @rule(index=st.integers(0, 10))
    def review_municipal_map(self, index):
        municipal = [m for m in self.maps if m.level == "municipal"]
        roadmap = RoadMap.objects.get(pk=municipal[index % len(municipal)].pk)
        if roadmap.status in (MapStatus.DRAFT, MapStatus.RETURNED) and roadmap.items.exists():
            roadmap_services.roadmap_submit(roadmap=roadmap, actor=None)
        elif roadmap.status == MapStatus.SUBMITTED:
            roadmap_services.roadmap_approve(roadmap=roadmap, actor=None)
        elif roadmap.status == MapStatus.APPROVED:
            roadmap_services.roadmap_reopen(roadmap=roadmap, actor=None)

    @rule(index=st.integers(0, 10), days_ago=st.integers(0, 5))
    def log_visit(self, index, days_ago):
        school = self.schools[index % 3]  # школы региона А: куратор назначен на все три
        when = TODAY - datetime.timedelta(days=days_ago)
        if when.year != YEAR or Visit.objects.filter(school=school, date=when).exists():
            return
        schoolwork_services.visit_log(
            actor=self.curator,
            school=school,
            kind=VisitKind.values[0],
            date=when,
            purpose="Цель",
            findings="Итоги",
        )

    @rule(index=st.integers(0, 10))
    def delete_planned_visit(self, index):
        planned = list(Visit.objects.filter(status=VisitStatus.PLANNED).order_by("pk"))
        if planned:
            schoolwork_services.visit_delete(actor=self.curator, visit=planned[index % len(planned)])

    @rule(index=st.integers(0, 10), in_programme=st.booleans())
    def toggle_participation(self, index, in_programme):
        school = self.schools[index % len(self.schools)]
        school_services.school_set_years(school=school, years=[YEAR] if in_programme else [])

    def teardown(self):
        transaction.set_rollback(True)
        self._savepoint.__exit__(None, None, None)

    @invariant()
    def rollup_equals_reference(self):
        rollup.rollup_recompute_dirty()  # то, что сделала бы задача после коммита
        assert stored() == reference()


def test_rollup_equals_compute_after_random_service_calls(require_postgres, world):
    a = world["a"]
    for school in (a["s2"], a["s3"]):  # s1 назначена в world
        assign_curator(a[Role.CURATOR], school)
    make_roadmap("regional", region=a["region"], items=3)
    make_roadmap("municipal", municipality=a["m1"], items=2)
    make_roadmap("municipal", municipality=a["m2"], items=0)
    make_roadmap("school", school=a["s1"], items=2)
    make_roadmap("regional", region=world["b"]["region"], items=2)
    rollup.rollup_recompute_all(years=[YEAR])
    RollupMachine.world = world
    run_state_machine_as_test(
        RollupMachine,
        settings=settings(
            max_examples=10,
            stateful_step_count=10,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
