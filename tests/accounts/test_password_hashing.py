"""Пароли хранятся в Argon2id с параметрами OWASP; пароль, сохранённый прежним PBKDF2, по-прежнему
подходит и при входе переписывается в Argon2id."""

import pytest
from django.contrib.auth.hashers import get_hasher, make_password
from django.urls import reverse

from config.settings import base
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_hashers(settings):
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS  # в тестах по умолчанию быстрый MD5


def test_new_passwords_are_argon2id_with_owasp_parameters(production_hashers):
    encoded = make_password("Длинный-пароль-2026")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert get_hasher("default").algorithm == "argon2"


def test_old_pbkdf2_password_still_logs_in_and_is_rewritten_to_argon2id(production_hashers, client):
    user = UserFactory()
    user.password = make_password("Длинный-пароль-2026", hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    response = client.post(reverse("login"), {"username": user.email, "password": "Длинный-пароль-2026"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
