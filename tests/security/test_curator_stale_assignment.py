"""Назначение куратора школы — тоже правка, которую нельзя молча перезаписать: два координатора открыли
форму, первый назначил куратора, второй сохраняет свой выбор со старой страницы — отказ с тем, кто
и кого назначил, выбор второго остаётся в форме, повторное «Сохранить» записывает его осознанно."""

from django.test import Client
from django.urls import reverse

from accounts.models import Role
from schools.models import CuratorAssignment
from tests.factories import make_member
from tests.security.test_stale_saves import _post_data


def test_stale_curator_assignment_is_refused_and_keeps_the_choice(world):
    a = world["a"]
    school = a["s2"]
    year = school.participations.get().year
    first = make_member(Role.CURATOR, region=a["region"], last_name="Первая")
    second = make_member(Role.CURATOR, region=a["region"], last_name="Вторая")
    url = reverse("schools:school_curator", kwargs={"school_id": school.pk})
    alice, bob = Client(), Client()
    alice.force_login(a[Role.REGIONAL_COORDINATOR])
    bob.force_login(make_member(Role.REGIONAL_COORDINATOR, region=a["region"]))
    original = _post_data(alice.get(url).context["form"])
    _post_data(bob.get(url).context["form"])

    assert alice.post(url, {**original, "curator": first.pk}).status_code == 302
    refused = bob.post(url, {**original, "curator": second.pk})
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Пока вы" in html and "Первая" in html  # кто теперь назначен
    assert refused.context["form"]["curator"].value() == str(second.pk)  # выбор не потерян
    assert CuratorAssignment.objects.get(school=school, year=year).curator == first

    again = bob.post(url, _post_data(refused.context["form"]))
    assert again.status_code == 302
    assert CuratorAssignment.objects.get(school=school, year=year).curator == second


def test_fresh_curator_assignment_is_saved(world, client_for):
    a = world["a"]
    school = a["s2"]
    curator = make_member(Role.CURATOR, region=a["region"])
    client = client_for(a[Role.REGIONAL_COORDINATOR])
    url = reverse("schools:school_curator", kwargs={"school_id": school.pk})
    data = _post_data(client.get(url).context["form"])
    assert client.post(url, {**data, "curator": curator.pk}).status_code == 302
    assert CuratorAssignment.objects.get(school=school).curator == curator
