"""benchmark_throughput входит без пароля — сессией, созданной прямо в базе. Сессия должна называть
бэкенд, который умеет загрузить человека: первым в списке стоит axes, и с ним каждый запрос был 500."""

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import Role
from monitoring.management.commands.benchmark_throughput import session_cookie

pytestmark = pytest.mark.django_db


def test_benchmark_session_opens_the_region_dashboard_for_its_coordinator(world, client):
    coordinator = world["a"][Role.REGIONAL_COORDINATOR]
    assert settings.AUTHENTICATION_BACKENDS[0].startswith("axes")  # поэтому не первый по списку
    name, value = session_cookie(coordinator).split("=", 1)
    client.cookies[name] = value
    response = client.get(reverse("monitoring:region", args=[world["a"]["region"].pk]))
    assert response.status_code == 200
    assert response.wsgi_request.user == coordinator
