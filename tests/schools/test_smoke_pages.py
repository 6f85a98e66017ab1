import pytest
from django.urls import reverse

from accounts.models import Role

PAGES = [
    "home",
    "schools:regions",
    "schools:municipalities",
    "schools:schools",
    "schools:organisations",
    "accounts:profile",
]


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("page", PAGES)
def test_every_role_opens_every_directory_page(world, client_for, role, page):
    user = world[Role.FEDERAL_STAFF] if role == Role.FEDERAL_STAFF else world["a"][role]
    response = client_for(user).get(reverse(page))
    assert response.status_code == 200
    assert "Дорожная карта" in response.content.decode()
