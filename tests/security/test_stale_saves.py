"""Ни одной потерянной правки: каждая форма правки существующего объекта в URLconf отказывает
второму сохранению со старой версией, показывает, что изменил другой, и не теряет введённое.

Тест порождается из URLconf: все адреса правки (по имени) обязаны быть в реестре EDIT_FORMS —
новая форма правки без проверки версии уронит test_every_edit_form_in_urlconf_is_covered.
"""

import re

import pytest
from django import forms
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Role
from roadmaps.models import RoadMap, Section
from schools.models import Municipality, Organisation, Region, School
from schoolwork.models import Visit
from tests.factories import OrganisationFactory, make_roadmap
from tests.schoolwork.factories import make_visit

# Имена адресов, которые правят уже существующий объект формой.
EDIT_URL = re.compile(r"(_edit|:settings|_complete|:profile|:person_detail)$")
# Адреса с этим именем — правка, но не формой с полями объекта (у мероприятий — своя проверка версии,
# tests/roadmaps; создание объектов — не правка).
NOT_OBJECT_FORMS = {"roadmaps:item_edit", "password_reset_complete"}


def _url_names(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = (
                f"{namespace}:{pattern.namespace}"
                if namespace and pattern.namespace
                else (pattern.namespace or namespace)
            )
            yield from _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def _federal(world):
    return world[Role.FEDERAL_STAFF]


def _coordinator(world):
    return world["a"][Role.REGIONAL_COORDINATOR]


def _curator(world):
    return world["a"][Role.CURATOR]


# Разовые действия: после конфликта повторить их нельзя (посещение уже проведено).
ONE_TIME_ACTIONS = {"schoolwork:visit_complete"}

# url name → (кто правит, как получить объект, kwargs адреса, модель)
EDIT_FORMS = {
    "schools:region_edit": (_federal, lambda w: w["a"]["region"], "region_id", Region),
    "schools:municipality_edit": (_coordinator, lambda w: w["a"]["m1"], "municipality_id", Municipality),
    "schools:school_edit": (_coordinator, lambda w: w["a"]["s1"], "school_id", School),
    "schools:organisation_edit": (
        _coordinator,
        lambda w: OrganisationFactory(region=w["a"]["region"]),
        "organisation_id",
        Organisation,
    ),
    "roadmaps:settings": (
        _coordinator,
        lambda w: make_roadmap("regional", region=w["a"]["region"], sections=1),
        "roadmap_id",
        RoadMap,
    ),
    "roadmaps:section_edit": (
        _coordinator,
        lambda w: make_roadmap("regional", region=w["a"]["region"], sections=1).sections.get(),
        "section_id",
        Section,
    ),
    "schoolwork:visit_edit": (_curator, lambda w: make_visit(w["a"]["s1"], _curator(w)), "visit_id", Visit),
    "schoolwork:visit_complete": (
        _curator,
        lambda w: make_visit(w["a"]["s1"], _curator(w), status="planned"),
        "visit_id",
        Visit,
    ),
    "people:person_detail": (_coordinator, lambda w: w["a"][Role.CURATOR], "person_id", None),
    "accounts:profile": (_curator, lambda w: _curator(w), None, None),
}


def test_every_edit_form_in_urlconf_is_covered():
    edit_urls = {name for name in _url_names() if EDIT_URL.search(name)} - NOT_OBJECT_FORMS
    assert edit_urls - set(EDIT_FORMS) == set(), "форма правки без проверки версии в тесте"
    assert len(edit_urls) >= 10


def _post_data(form) -> dict:
    data = {}
    for bound in form:
        field = bound.field
        if isinstance(field, forms.FileField):
            continue
        value = field.prepare_value(bound.value())
        if isinstance(field, forms.BooleanField):
            if value:
                data[bound.html_name] = "on"
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        else:
            data[bound.html_name] = "" if value is None else str(value)
    return data


def _text_field(form) -> str:
    for bound in form.visible_fields():
        field = bound.field
        widget = field.widget
        if (
            isinstance(field, forms.CharField)
            and not isinstance(widget, forms.PasswordInput | forms.EmailInput | forms.URLInput)
            and not getattr(field, "choices", None)
            and bound.name not in ("code", "inn", "phone", "period_text", "timezone")
        ):
            return bound.html_name
    raise AssertionError(f"в форме {form.__class__.__name__} нет текстового поля")


@pytest.mark.parametrize("url_name", sorted(EDIT_FORMS))
def test_stale_second_save_is_refused_and_keeps_what_was_typed(url_name, world, client_for):
    who, make, kwarg, _model = EDIT_FORMS[url_name]
    obj = make(world)
    url = reverse(url_name, kwargs={kwarg: obj.pk} if kwarg else {})
    alice, bob = client_for(who(world)), None
    from django.test import Client

    bob = Client()
    bob.force_login(who(world))

    form = alice.get(url).context["form"]
    original = _post_data(form)
    assert "version" in {b.name for b in form.hidden_fields()}, "форма без скрытой версии"
    field = _text_field(form)
    for bound in form.visible_fields():  # обязательные пустые поля (итоги посещения) — заполнены
        if bound.field.required and original.get(bound.html_name) == "":
            original[bound.html_name] = "заполнено"

    # Оба открыли форму; Алиса сохраняет первой.
    first = {**original, field: "правка Алисы"}
    response = alice.post(url, first)
    assert response.status_code in (200, 302), response.status_code
    assert response.status_code == 302 or not response.context["form"].errors, response.context["form"].errors
    obj.refresh_from_db()

    # Боб сохраняет со старой версией: отказ, его текст в форме, правка Алисы в базе.
    second = {**original, field: "правка Боба"}
    refused = bob.post(url, second)
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Пока вы правили" in html and "правка Алисы" in html  # что изменил другой
    assert "правка Боба" in html  # введённое не потеряно
    model = type(obj)
    stored = model._base_manager.get(pk=obj.pk)
    assert any("правка Алисы" in str(getattr(stored, f.attname, "")) for f in model._meta.concrete_fields)
    assert not any("правка Боба" in str(getattr(stored, f.attname, "")) for f in model._meta.concrete_fields)

    if url_name in ONE_TIME_ACTIONS:
        return  # повторить разовое действие нельзя по правилам — Боб правит запись обычной формой
    # Боб сверился и сохраняет ещё раз — теперь с текущей версией из формы: записано.
    retry = _post_data(refused.context["form"])
    again = bob.post(url, retry)
    assert again.status_code in (200, 302)
    stored = model._base_manager.get(pk=obj.pk)
    assert any("правка Боба" in str(getattr(stored, f.attname, "")) for f in model._meta.concrete_fields)


# Формы рискового профиля правят уровни (выбор из списка, не текст) — для них отдельная проверка
# того же механизма; в реестр обхода URLconf они входят через RISK_FORMS.
RISK_FORMS = {"schoolwork:risk_profile_enter", "schoolwork:risk_profile_verify", "schoolwork:risk_directions"}


def test_risk_forms_are_known_to_the_walk():
    names = set(_url_names())
    assert names >= RISK_FORMS


def test_stale_risk_levels_save_is_refused(world, client_for):
    from django.test import Client

    from schools.models import RiskProfile
    from tests.schoolwork.factories import THIS_YEAR, make_profile

    school = world["a"]["s1"]
    profile = make_profile(school, levels=["high", "medium", "low"])
    url = reverse("schoolwork:risk_profile_enter", kwargs={"school_id": school.pk}) + f"?year={THIS_YEAR}"
    alice = client_for(_coordinator(world))
    bob = Client()
    bob.force_login(_curator(world))
    form = alice.get(url).context["form"]
    original = _post_data(form)
    assert original["version"] == str(profile.version)
    level_fields = [name for name in original if name.startswith("level_")]
    first = {**original, level_fields[0]: "low"}
    assert alice.post(url, first).status_code == 302
    second = {**original, level_fields[2]: "high"}
    refused = bob.post(url, second)
    assert refused.status_code == 200
    assert "Пока вы правили" in refused.content.decode()
    levels = dict(RiskProfile.objects.get(pk=profile.pk).levels.values_list("factor__number", "level"))
    assert levels == {1: "low", 2: "medium", 3: "low"}  # правка Алисы цела, Боба — не записана
    assert refused.context["form"]["level_" + level_fields[2].split("_")[1]].value() == "high"  # не потеряна
