"""Хранимые подсказки сверки: после каждой правки хранимое равно эталонному расчёту, страница читает
хранимое (и считает сама, пока регион устарел), отклонённая подсказка не возвращается, пока её не вернут."""

import pytest
from django.urls import reverse

from accounts.models import Role
from alignment import selectors, suggestions
from alignment.models import AlignmentSuggestion, SuggestionRefresh, SuggestionRejection
from alignment.tasks import recompute_suggestions
from roadmaps import services as roadmap_services
from tests.factories import make_member, make_roadmap


def _item(roadmap, description, **kwargs):
    return roadmap_services.item_create(actor=None, roadmap=roadmap, description=description, **kwargs)


@pytest.fixture
def region_maps(world):
    a = world["a"]
    regional = make_roadmap(region=a["region"], title="Региональная карта А")
    appoint = _item(regional, "Назначение муниципальных координаторов проекта 500+", responsible_text="МОУО")
    councils = _item(
        regional, "Педагогические советы по результатам диагностики школ", responsible_text="МОУО, ОО"
    )
    m1 = make_roadmap("municipal", region=a["region"], municipality=a["m1"], year=regional.year)
    m2 = make_roadmap("municipal", region=a["region"], municipality=a["m2"], year=regional.year)
    items = {
        "m1_appoint": _item(m1, "Назначение муниципального координатора проекта 500+ приказом"),
        "m1_appoint_again": _item(m1, "Назначение координаторов проекта 500+ в школах"),
        "m1_councils": _item(m1, "Педагогические советы по результатам диагностики"),
        "m2_councils": _item(m2, "Педсоветы: педагогические советы в школах по результатам диагностики"),
        "m2_other": _item(m2, "Закупка мебели"),
    }
    return {
        "a": a,
        "regional": regional,
        "appoint": appoint,
        "councils": councils,
        "m1": m1,
        "m2": m2,
        **items,
    }


def _recompute(data):
    return suggestions.suggestions_recompute(region_id=data["a"]["region"].pk, year=data["regional"].year)


def _stored_equals_reference(data):
    region_id, year = data["a"]["region"].pk, data["regional"].year
    stored = sorted(suggestions.stored_suggestions(region_id=region_id, year=year))
    reference = sorted(suggestions.suggestions_compute(region_id=region_id, year=year))
    assert stored == reference
    return stored


def _cells(alignment):
    return {
        (row.item.pk, cell.municipality.pk): (
            [a.item.pk for a in cell.answers],
            [(a.item.pk, round(a.score, 6), a.state) for a in cell.suggestions],
        )
        for row in alignment.rows
        for cell in row.cells
    }


def _matrix(user, data, **kwargs):
    return selectors.alignment_matrix(
        user=user, region=data["a"]["region"], year=data["regional"].year, **kwargs
    )


def test_stored_suggestions_equal_the_reference_computation_after_each_change(
    world, region_maps, django_capture_on_commit_callbacks
):
    data = region_maps
    federal = world[Role.FEDERAL_STAFF]
    coordinator = data["a"][Role.REGIONAL_COORDINATOR]
    assert _recompute(data)
    first = _stored_equals_reference(data)
    assert (data["appoint"].pk, data["m1_appoint"].pk, data["m1"].pk) in {
        (r.regional_item_id, r.municipal_item_id, r.municipal_map_id) for r in first
    }

    def change_and_check(action):
        with django_capture_on_commit_callbacks(execute=True):  # после коммита — задача пересчёта (eager)
            action()
        assert selectors.suggestions_fresh(region=data["a"]["region"], year=data["regional"].year)
        _stored_equals_reference(data)
        assert _cells(_matrix(coordinator, data, stored=True)) == _cells(
            _matrix(coordinator, data, stored=False)
        )
        assert _cells(_matrix(federal, data)) == _cells(_matrix(federal, data, stored=False))

    m1_appoint = data["m1_appoint"]
    change_and_check(
        lambda: roadmap_services.item_update(
            actor=None,
            item=m1_appoint,
            expected_version=m1_appoint.version,
            description="Закупка мебели в школы",
        )
    )
    change_and_check(lambda: _item(data["m2"], "Назначение муниципального координатора проекта 500+"))
    change_and_check(lambda: roadmap_services.item_delete(item=data["m2_councils"]))
    change_and_check(
        lambda: _item(data["regional"], "МОУО организуют закупку мебели в школы", responsible_text="МОУО")
    )
    change_and_check(
        lambda: suggestions.suggestion_reject(
            actor=coordinator, regional_item=data["councils"], municipal_item=data["m1_councils"]
        )
    )
    rejection = SuggestionRejection.objects.get()
    change_and_check(lambda: suggestions.suggestion_rejection_undo(actor=coordinator, rejection=rejection))


def test_page_reads_stored_rows_and_computes_live_while_stale(world, region_maps):
    data = region_maps
    federal = world[Role.FEDERAL_STAFF]
    region, year = data["a"]["region"], data["regional"].year
    assert not selectors.suggestions_fresh(region=region, year=year)  # ещё не считали — считает страница
    assert _recompute(data)
    assert selectors.suggestions_fresh(region=region, year=year)
    stored_view = _cells(_matrix(federal, data))
    # Подмена хранимого доказывает, что страница читает именно его, а не считает заново.
    AlignmentSuggestion.objects.filter(municipal_item=data["m1_appoint"]).delete()
    cell = _cells(_matrix(federal, data))[(data["appoint"].pk, data["a"]["m1"].pk)]
    assert data["m1_appoint"].pk not in [pk for pk, _s, _st in cell[1]]
    # Правка без пересчёта (задача ещё в очереди): регион устарел — страница считает сама и видит правку.
    new_item = _item(data["m1"], "Назначение муниципального координатора проекта 500+ и его заместителя")
    assert SuggestionRefresh.objects.get(region=region, year=year).stale_since is not None
    live = _cells(_matrix(federal, data))
    assert new_item.pk in [pk for pk, _s, _st in live[(data["appoint"].pk, data["a"]["m1"].pk)][1]]
    assert set(live) == set(stored_view)


def test_recompute_task_is_idempotent(world, region_maps):
    data = region_maps
    region_id, year = data["a"]["region"].pk, data["regional"].year
    assert recompute_suggestions.delay(region_id, year).get()
    first = sorted(suggestions.stored_suggestions(region_id=region_id, year=year))
    assert recompute_suggestions.delay(region_id, year).get()
    assert sorted(suggestions.stored_suggestions(region_id=region_id, year=year)) == first
    assert AlignmentSuggestion.objects.count() == len(first) > 0
    assert suggestions.suggestions_recompute_stale() == 0  # нечего пересчитывать


def test_item_change_marks_the_region_stale_in_the_same_transaction(world, region_maps):
    data = region_maps
    _recompute(data)
    refresh = SuggestionRefresh.objects.get(region=data["a"]["region"], year=data["regional"].year)
    assert refresh.is_fresh
    _item(data["m2"], "Ещё одно мероприятие")  # колбэки после коммита в этом тесте не выполняются
    refresh.refresh_from_db()
    assert not refresh.is_fresh and refresh.computed_at is not None
    assert suggestions.suggestions_recompute_stale() == 1
    refresh.refresh_from_db()
    assert refresh.is_fresh


def _reject(client, data, regional, municipal_item, roadmap):
    return client.post(
        reverse("alignment:suggestion_reject", args=[roadmap.pk]),
        {"regional_item": regional.pk, "municipal_item": municipal_item.pk},
    )


def test_rejected_suggestion_never_comes_back_until_undone(
    world, region_maps, client_for, django_capture_on_commit_callbacks
):
    data = region_maps
    _recompute(data)
    coordinator = data["a"][Role.MUNICIPAL_COORDINATOR]  # муниципальный координатор первого района
    client = client_for(coordinator)
    map_url = reverse("alignment:map", args=[data["m1"].pk])
    page = client.get(map_url).content.decode()
    assert "Не то — отклонить" in page and f'value="{data["m1_appoint"].pk}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = _reject(client, data, data["appoint"], data["m1_appoint"], data["m1"])
    assert response.status_code == 302
    rejection = SuggestionRejection.objects.get()
    assert rejection.rejected_by == coordinator and rejection.rejected_at and rejection.is_active

    def suggested_for_appoint():
        alignment = _matrix(world[Role.FEDERAL_STAFF], data)
        row = next(r for r in alignment.rows if r.item.pk == data["appoint"].pk)
        cell = next(c for c in row.cells if c.municipality.pk == data["a"]["m1"].pk)
        return [s.item.pk for s in cell.suggestions]

    assert data["m1_appoint"].pk not in suggested_for_appoint()
    assert data["m1_appoint_again"].pk in suggested_for_appoint()  # следующая по сходству
    # Ни ночной пересчёт, ни правка пункта, ни повторное отклонение подсказку не возвращают.
    suggestions.suggestions_recompute_all()
    m1_appoint = data["m1_appoint"]
    with django_capture_on_commit_callbacks(execute=True):
        roadmap_services.item_update(
            actor=None,
            item=m1_appoint,
            expected_version=m1_appoint.version,
            description="Назначение муниципального координатора проекта 500+ (приказ № 5)",
        )
    _reject(client, data, data["appoint"], data["m1_appoint"], data["m1"])
    assert SuggestionRejection.objects.count() == 1
    assert data["m1_appoint"].pk not in suggested_for_appoint()
    assert selectors.suggestions_fresh(region=data["a"]["region"], year=data["regional"].year)

    # История: кто и когда отклонил; вернуть — и подсказка снова предлагается, строка остаётся в истории.
    page = client.get(map_url).content.decode()
    history = page.split('id="rejections-table"', 1)[1]
    assert coordinator.short_name in history and "Вернуть подсказку" in history
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("alignment:rejection_undo", args=[rejection.pk]))
    rejection.refresh_from_db()
    assert rejection.undone_by == coordinator and rejection.undone_at >= rejection.rejected_at
    assert data["m1_appoint"].pk in suggested_for_appoint()
    history = client.get(map_url).content.decode().split('id="rejections-table"', 1)[1]
    assert "Вернуть подсказку" not in history and history.count(coordinator.short_name) == 2


def test_who_may_reject_and_undo(world, region_maps, client_for):
    data = region_maps
    args = (data["appoint"], data["m1_appoint"], data["m1"])
    staff = client_for(data["a"][Role.REGIONAL_STAFF])  # сотрудник министерства региона только читает
    assert _reject(staff, data, *args).status_code == 403
    other_coordinator = client_for(world["b"][Role.REGIONAL_COORDINATOR])
    assert _reject(other_coordinator, data, *args).status_code == 404
    neighbour = client_for(make_member(Role.MUNICIPAL_COORDINATOR, municipality=data["a"]["m2"]))
    assert _reject(neighbour, data, *args).status_code in (403, 404)
    assert not SuggestionRejection.objects.exists()
    reviewer = client_for(data["a"][Role.REGIONAL_COORDINATOR])  # проверяющий может
    assert _reject(reviewer, data, *args).status_code == 302
    rejection = SuggestionRejection.objects.get()
    undo_url = reverse("alignment:rejection_undo", args=[rejection.pk])
    assert client_for(world["b"][Role.REGIONAL_COORDINATOR]).post(undo_url).status_code == 404
    assert client_for(data["a"][Role.REGIONAL_STAFF]).post(undo_url).status_code == 403
    rejection.refresh_from_db()
    assert rejection.is_active
    # Пара не из этой карты (пункт второго района по адресу карты первого) — 404, ничего не записано.
    reviewer = client_for(data["a"][Role.REGIONAL_COORDINATOR])  # клиент один: войти снова
    wrong = _reject(reviewer, data, data["councils"], data["m2_councils"], data["m1"])
    assert wrong.status_code == 404 and SuggestionRejection.objects.count() == 1


def test_rejecting_a_pair_that_is_not_a_suggestion_gets_a_russian_message(world, region_maps):
    from django.core.exceptions import ValidationError

    data = region_maps
    with pytest.raises(ValidationError, match="региональной"):
        suggestions.suggestion_reject(
            actor=None, regional_item=data["m1_appoint"], municipal_item=data["m2_other"]
        )
    assert not SuggestionRejection.objects.exists()
