"""Правила доступа: сверка муниципальных карт с региональной. Часть пакета access."""

from __future__ import annotations

from django.db.models import QuerySet

from access.core import register_visible, scope_of
from access.roadmaps import can_edit_roadmap, can_review_roadmap, is_roadmap_owner, roadmaps_visible
from accounts.models import User


def item_links_visible(user: User) -> QuerySet:
    """Связь видна тому, кому видна муниципальная карта, к которой она относится."""
    from alignment.models import ItemLink

    return ItemLink.objects.filter(municipal_item__roadmap__in=roadmaps_visible(user))


def alignment_suggestions_visible(user: User) -> QuerySet:
    """Хранимая подсказка видна тому, кому видна муниципальная карта, к которой она относится."""
    from alignment.models import AlignmentSuggestion

    return AlignmentSuggestion.objects.filter(municipal_map__in=roadmaps_visible(user))


def suggestion_rejections_visible(user: User) -> QuerySet:
    from alignment.models import SuggestionRejection

    return SuggestionRejection.objects.filter(municipal_map__in=roadmaps_visible(user))


def can_view_alignment(user: User, region) -> bool:
    """Сводная сверка региона — министерству и ролям всего региона (сотрудники, координатор)."""
    scope = scope_of(user)
    return scope.is_federal or region.pk in scope.region_ids


def can_link_items(user: User, municipal_map) -> bool:
    """Связывать пункты своей карты с региональной — тому, кто правит муниципальную карту."""
    return can_edit_roadmap(user, municipal_map)


def can_accept_suggestions(user: User, municipal_map) -> bool:
    """Принимать подсказки сверки — проверяющему (региональному координатору) и автору карты."""
    return can_review_roadmap(user, municipal_map) or can_edit_roadmap(user, municipal_map)


def can_reject_suggestions(user: User, municipal_map) -> bool:
    """Отклонить подсказку («это не ответ») и вернуть отклонённую — проверяющему (региональному
    координатору) и хозяину муниципальной карты (муниципальному координатору) в любом состоянии карты:
    отклонение не меняет план, оно только убирает неверную подсказку из сверки."""
    return can_review_roadmap(user, municipal_map) or is_roadmap_owner(user, municipal_map)


def _register_alignment() -> None:
    from alignment.models import AlignmentSuggestion, ItemLink, SuggestionRejection

    register_visible(ItemLink, item_links_visible)
    register_visible(AlignmentSuggestion, alignment_suggestions_visible)
    register_visible(SuggestionRejection, suggestion_rejections_visible)
