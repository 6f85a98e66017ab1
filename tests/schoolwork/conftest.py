import pytest
from django.test import Client

from accounts.models import Role
from tests.schoolwork.factories import make_catalogue


@pytest.fixture
def catalogue(db):
    """Каталог рисков текущего года (в миграциях — только 2021 и 2022)."""
    return make_catalogue()


@pytest.fixture
def a(world):
    return world["a"]


def _logged_in(user) -> Client:
    client = Client()  # свой клиент на человека: в одном тесте работают куратор и школа одновременно
    client.force_login(user)
    return client


@pytest.fixture
def curator(a):
    """Клиент куратора региона А (закреплён только за школой s1)."""
    return _logged_in(a[Role.CURATOR])


@pytest.fixture
def team(a):
    """Клиент команды школы s1 региона А."""
    return _logged_in(a[Role.SCHOOL_TEAM])
