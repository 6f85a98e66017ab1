"""Готовые строки карты в кэше: повторный показ не собирает строки заново, а любая запись, меняющая
видимое в строках, — служба, админка, переименование организации или человека, сдвиг номеров,
подтверждение — делает следующий показ свежим у того же человека."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.models import Role
from roadmaps import rows_cache, services
from roadmaps.models import ItemStatus
from schools import services as school_services
from tests.factories import OrganisationFactory, make_roadmap

pytestmark = pytest.mark.django_db


@pytest.fixture
def regional(world):
    a = world["a"]
    roadmap = make_roadmap("regional", region=a["region"], items=3, sections=1)
    return a, roadmap


def _page(client, roadmap) -> str:
    return client.get(reverse("roadmaps:detail", args=[roadmap.pk])).content.decode()


def _rows(client, roadmap) -> str:
    """Только строки таблицы: имена есть и в фильтрах над ней, а те строятся без кэша."""
    return _page(client, roadmap).split('id="map-rows"', 1)[1].split("</tbody>", 1)[0]


def _first(roadmap):
    return roadmap.items.order_by("position", "pk").first()


def _coordinator_has_seen_the_map(client, regional):
    """Координатор открыл карту (строки легли в кэш); возвращает его и первое мероприятие."""
    a, roadmap = regional
    coordinator = a[Role.REGIONAL_COORDINATOR]
    client.force_login(coordinator)
    _page(client, roadmap)
    return coordinator, _first(roadmap)


def _mark_done(actor, item) -> None:
    services.item_execution_update(
        actor=actor,
        item=item,
        expected_version=item.version,
        status=ItemStatus.DONE,
        completed_on=timezone.localdate(),
    )


def _built_from_cache(client, roadmap, monkeypatch) -> bool:
    """Собирались ли строки заново при этом показе (подменяем сборку счётчиком, поведение то же)."""
    calls = []
    original = rows_cache._build

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(rows_cache, "_build", counting)
    client.get(reverse("roadmaps:detail", args=[roadmap.pk]))
    monkeypatch.setattr(rows_cache, "_build", original)
    return not calls


def test_second_view_reuses_rows_and_renders_the_same_page(regional, fragment_cache, client, monkeypatch):
    a, roadmap = regional
    client.force_login(a[Role.REGIONAL_COORDINATOR])
    first = _rows(client, roadmap)
    assert _built_from_cache(client, roadmap, monkeypatch)
    second = _rows(client, roadmap)
    assert first == second
    assert "Мероприятие 1" in second


def test_cached_map_page_runs_fewer_queries_than_building_it(regional, fragment_cache, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    a, roadmap = regional
    client.force_login(a[Role.REGIONAL_COORDINATOR])
    with CaptureQueriesContext(connection) as building:
        _page(client, roadmap)
    with CaptureQueriesContext(connection) as cached:
        _page(client, roadmap)
    # Сборка читает разделы, мероприятия, ответственных (организации и людей) — из кэша этого нет.
    assert len(cached) <= len(building) - 4, (len(cached), len(building))
    assert len(cached) <= 11


def test_own_item_edit_shows_on_the_next_view(
    regional, fragment_cache, client, django_capture_on_commit_callbacks
):
    roadmap = regional[1]
    coordinator, item = _coordinator_has_seen_the_map(client, regional)
    with django_capture_on_commit_callbacks(execute=True):
        services.item_update(
            actor=coordinator, item=item, expected_version=item.version, description="Новый текст пункта"
        )
    assert "Новый текст пункта" in _page(client, roadmap)


def test_execution_mark_and_evidence_show_on_the_next_view(
    regional, fragment_cache, client, django_capture_on_commit_callbacks
):
    roadmap = regional[1]
    coordinator, item = _coordinator_has_seen_the_map(client, regional)
    with django_capture_on_commit_callbacks(execute=True):
        _mark_done(coordinator, item)
    assert f'id="item-{item.pk}" class="item-row status-done' in _page(client, roadmap)
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_add(actor=coordinator, item=item, url="https://example.org/report")
    assert "подтв.: 1" in _page(client, roadmap)


def test_section_rename_and_move_show_on_the_next_view(
    regional, fragment_cache, client, django_capture_on_commit_callbacks
):
    a, roadmap = regional
    client.force_login(a[Role.REGIONAL_COORDINATOR])
    _page(client, roadmap)
    section = roadmap.sections.first()
    with django_capture_on_commit_callbacks(execute=True):
        services.section_update(section=section, title="Переименованный раздел")
    assert "Переименованный раздел" in _page(client, roadmap)
    second = roadmap.items.order_by("position", "pk")[1]
    with django_capture_on_commit_callbacks(execute=True):
        services.item_move(item=second, step=-1)  # сдвиг номеров идёт UPDATE без сигналов
    html = _page(client, roadmap)
    assert html.index(f'id="item-{second.pk}"') < html.index(f'id="item-{_first_by_pk(roadmap).pk}"')


def _first_by_pk(roadmap):
    return roadmap.items.order_by("pk").first()


def test_save_outside_services_like_admin_shows_on_the_next_view(
    regional, fragment_cache, client, django_capture_on_commit_callbacks
):
    a, roadmap = regional
    client.force_login(a[Role.REGIONAL_COORDINATOR])
    _page(client, roadmap)
    item = _first(roadmap)
    item.description = "Исправлено в админке"
    with django_capture_on_commit_callbacks(execute=True):
        item.save()
    assert "Исправлено в админке" in _page(client, roadmap)


def test_renamed_organisation_and_person_show_on_the_next_view(
    regional, fragment_cache, client, django_capture_on_commit_callbacks
):
    a, roadmap = regional
    coordinator = a[Role.REGIONAL_COORDINATOR]
    organisation = OrganisationFactory(region=a["region"], short_name="ИРО")
    item = _first(roadmap)
    with django_capture_on_commit_callbacks(execute=True):
        item.responsible_organisations.add(organisation)
        item.responsible_users.add(coordinator)
    client.force_login(coordinator)
    assert "ИРО" in _rows(client, roadmap)
    with django_capture_on_commit_callbacks(execute=True):
        school_services.organisation_save(
            organisation=organisation,
            region=a["region"],
            kind=organisation.kind,
            full_name=organisation.full_name,
            short_name="Институт развития",
        )
    assert "Институт развития" in _rows(client, roadmap)
    with django_capture_on_commit_callbacks(execute=True):
        account_services.person_update(person=coordinator, last_name="Переименованная", first_name="Анна")
    assert "Переименованная А." in _rows(client, roadmap)


def test_login_does_not_throw_away_cached_rows(regional, fragment_cache, client, monkeypatch):
    a, roadmap = regional
    client.force_login(a[Role.REGIONAL_COORDINATOR])
    _page(client, roadmap)
    client.force_login(a[Role.REGIONAL_STAFF])  # вход пишет last_login, имён не меняет
    client.force_login(a[Role.REGIONAL_COORDINATOR])
    assert _built_from_cache(client, roadmap, monkeypatch)


def test_readers_get_their_own_rows_with_execution_links_only_on_their_items(
    regional, fragment_cache, client, django_capture_on_commit_callbacks
):
    a, roadmap = regional
    staff = a[Role.REGIONAL_STAFF]  # видит карту, но не правит и не владеет ею
    item = _first(roadmap)
    with django_capture_on_commit_callbacks(execute=True):
        item.responsible_users.add(staff)
    execution_link = reverse("roadmaps:item_execution", args=[item.pk])
    client.force_login(a[Role.CURATOR])
    assert execution_link not in _page(client, roadmap)  # строки куратора легли в кэш первыми
    client.force_login(staff)
    assert execution_link in _page(client, roadmap)
    client.force_login(a[Role.CURATOR])
    assert execution_link not in _page(client, roadmap)


def test_filters_are_cached_separately(regional, fragment_cache, client, django_capture_on_commit_callbacks):
    a, roadmap = regional
    coordinator = a[Role.REGIONAL_COORDINATOR]
    item = _first(roadmap)
    with django_capture_on_commit_callbacks(execute=True):
        _mark_done(coordinator, item)
    client.force_login(coordinator)
    url = reverse("roadmaps:detail", args=[roadmap.pk])
    everything = client.get(url).content.decode()
    done_only = client.get(url, {"status": ItemStatus.DONE}).content.decode()
    assert everything.count('class="item-row') == 3
    assert done_only.count('class="item-row') == 1
    assert client.get(url).content.decode().count('class="item-row') == 3


def test_rows_built_before_a_write_never_land_under_the_new_version(
    regional, fragment_cache, client, monkeypatch
):
    """Чужая правка коммитится, пока строки собираются из прежнего состояния базы: собранное остаётся
    под прежней версией (её читают до сборки), и следующий показ уже видит правку."""
    a, roadmap = regional
    client.force_login(a[Role.REGIONAL_COORDINATOR])
    item = _first(roadmap)
    original = rows_cache._build

    def build_then_someone_commits(*args, **kwargs):
        rows = original(*args, **kwargs)
        type(item).objects.filter(pk=item.pk).update(description="Правка соседа")
        rows_cache.fragments.bump_scopes([rows_cache.map_scope(roadmap.pk)])  # как после его коммита
        return rows

    monkeypatch.setattr(rows_cache, "_build", build_then_someone_commits)
    assert "Правка соседа" not in _rows(client, roadmap)
    monkeypatch.setattr(rows_cache, "_build", original)
    assert "Правка соседа" in _rows(client, roadmap)


def test_rows_built_inside_a_transaction_are_not_cached(regional, fragment_cache, rf):
    """Ответ после правки внутри транзакции (SubmitOnceMiddleware) может показать незакоммиченное."""
    from django.db import transaction

    a, roadmap = regional
    request = rf.get("/")
    request.user = a[Role.REGIONAL_COORDINATOR]
    filters = rows_cache.selectors.ItemFilters()

    def show():
        options = {"filters": filters, "can_edit": True, "can_execute": True}
        return rows_cache.rendered_rows(request, roadmap=roadmap, **options)

    with transaction.atomic():
        show()
    assert not show().from_cache
    assert show().from_cache


def test_saving_an_item_from_the_map_leaves_fresh_rows_for_the_next_view(
    transactional_db, regional, fragment_cache, client, monkeypatch
):
    """Настоящие коммиты: версия карты поднимается сразу после службы, до ответа со строками."""
    a, roadmap = regional
    client.force_login(a[Role.REGIONAL_COORDINATOR])
    item = _first(roadmap)
    url = reverse("roadmaps:item_edit", args=[item.pk])
    data = {
        "section": item.section_id or "",
        "description": "Сохранено из строки",
        "period_text": item.period_text,
        "indicator": item.indicator,
        "status": item.status,
        "version": item.version,
    }
    scope = [rows_cache.map_scope(roadmap.pk)]
    before = rows_cache.fragments.versions_of(scope)
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.headers["HX-Retarget"] == "#map-rows"  # сохранено: в ответе вся таблица
    assert rows_cache.fragments.versions_of(scope) != before
    assert "Сохранено из строки" in response.content.decode()
    assert _built_from_cache(client, roadmap, monkeypatch)
    assert "Сохранено из строки" in _rows(client, roadmap)
