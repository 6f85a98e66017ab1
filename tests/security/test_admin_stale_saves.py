"""Ни одной потерянной правки и в админке Django: каждая зарегистрированная админка модели с версией
отказывает устаревшему сохранению (русское сообщение о конфликте) и ничего не записывает.

Тест порождается из admin.site._registry — новая админка версионной модели без
VersionCheckedAdminMixin или без строки в ADMIN_OBJECTS уронит test_every_versioned_admin_is_covered.
"""

import pytest
from django import forms
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from accounts.models import Role, RoleMembership, User
from config.admin_versioning import VERSION_FIELD, VersionCheckedAdminMixin, has_version
from schools.models import Municipality, Organisation, Region, RiskProfile, School
from schoolwork.models import SchoolDocument, Visit
from tests.factories import OrganisationFactory
from tests.schoolwork.factories import make_document, make_profile, make_visit


def _curator(world):
    return world["a"][Role.CURATOR]


# модель → как получить существующий объект из тестового мира
ADMIN_OBJECTS = {
    Region: lambda w: w["a"]["region"],
    Municipality: lambda w: w["a"]["m1"],
    School: lambda w: w["a"]["s1"],
    Organisation: lambda w: OrganisationFactory(region=w["a"]["region"]),
    RiskProfile: lambda w: make_profile(w["a"]["s1"], levels=["high", "medium", "low"]),
    Visit: lambda w: make_visit(w["a"]["s1"], _curator(w)),
    SchoolDocument: lambda w: make_document(w["a"]["s1"], _curator(w)),
    User: _curator,
    RoleMembership: lambda w: _curator(w).memberships.get(),
}


def _versioned_admins():
    return {model: model_admin for model, model_admin in admin.site._registry.items() if has_version(model)}


def test_every_versioned_admin_is_covered():
    versioned = _versioned_admins()
    assert len(versioned) >= 9
    for model, model_admin in versioned.items():
        assert isinstance(model_admin, VersionCheckedAdminMixin), f"админка {model.__name__} без версии"
        for inline in model_admin.inlines:
            if has_version(inline.model):
                assert issubclass(inline, VersionCheckedAdminMixin), f"вложенная таблица {inline.__name__}"
    assert set(versioned) == set(ADMIN_OBJECTS), "админка версионной модели без строки в ADMIN_OBJECTS"


def _field_data(form, data: dict) -> None:
    for bound in form:
        field = bound.field
        if isinstance(field, forms.FileField) or field.disabled:
            continue
        value = field.prepare_value(bound.value())
        if isinstance(field, forms.BooleanField):
            if value:
                data[bound.html_name] = "on"
            continue
        if isinstance(field, forms.MultiValueField):
            parts = value if isinstance(value, list | tuple) else field.widget.decompress(value)
            for index, part in enumerate(parts):
                data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        else:
            data[bound.html_name] = "" if value is None else str(value)


def _post_data(response) -> dict:
    """То, что браузер отправил бы с открытой страницы правки без изменений (с вложенными таблицами)."""
    data: dict = {"_save": "Сохранить"}
    _field_data(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _field_data(formset.management_form, data)
        for form in formset.forms:
            _field_data(form, data)
    return data


def _stale_change(form, data: dict) -> tuple[str, str]:
    """Правка, которую попробует сохранить второй человек: текстовое поле, иначе флажок, иначе число."""
    for bound in form.visible_fields():
        field = bound.field
        if (
            isinstance(field, forms.CharField)
            and not field.disabled
            and not getattr(field, "choices", None)
            and not isinstance(field.widget, forms.PasswordInput | forms.EmailInput | forms.URLInput)
            and bound.name not in ("code", "inn", "phone", "period_text", "timezone")
        ):
            return bound.html_name, "правка Боба"
    for bound in form.visible_fields():
        if isinstance(bound.field, forms.BooleanField) and not bound.field.disabled:
            return bound.html_name, "" if data.get(bound.html_name) else "on"
    for bound in form.visible_fields():  # у РПШ в самой записи только год (уровни — вложенной таблицей)
        if isinstance(bound.field, forms.IntegerField) and data.get(bound.html_name):
            return bound.html_name, str(int(data[bound.html_name]) - 1)
    raise AssertionError(f"в форме {form.__class__.__name__} нечего править")


def _row(model, pk) -> dict:
    obj = model._base_manager.get(pk=pk)
    return {field.attname: getattr(obj, field.attname) for field in model._meta.concrete_fields}


def _label(model) -> str:
    return model._meta.label


@pytest.mark.parametrize("model", sorted(ADMIN_OBJECTS, key=_label), ids=_label)
def test_stale_admin_save_is_refused_and_changes_nothing(model, world):
    obj = ADMIN_OBJECTS[model](world)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    superuser = User.objects.create_superuser("root@test.500plus.ru", "Пароль-для-теста-1")
    alice, bob = Client(), Client()
    alice.force_login(superuser)
    bob.force_login(superuser)

    # Оба открыли страницу правки; Алиса сохраняет первой (без изменений — версия всё равно растёт).
    opened = alice.get(url)
    assert opened.status_code == 200
    original = _post_data(opened)
    stored_version = model._base_manager.get(pk=obj.pk).version
    assert original.get(VERSION_FIELD) == str(stored_version), "нет скрытой версии"
    saved = alice.post(url, original)
    assert saved.status_code == 302, saved.context["adminform"].form.errors if saved.context else saved
    after_alice = _row(model, obj.pk)

    # Боб меняет поле и сохраняет со старой версией: отказ по-русски, в базе — ровно то, что после Алисы.
    name, value = _stale_change(opened.context["adminform"].form, original)
    stale = {**original, name: value}
    refused = bob.post(url, stale)
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Пока вы правили, эту запись сохранил" in html
    assert _row(model, obj.pk) == after_alice
    # Введённое не потеряно, а скрытая версия — уже текущая: повторное «Сохранить» запишет правку Боба.
    form = refused.context["adminform"].form
    assert form[VERSION_FIELD].value() == after_alice["version"]
    retry = bob.post(url, {**stale, VERSION_FIELD: str(after_alice["version"])})
    assert retry.status_code == 302
    assert _row(model, obj.pk) != after_alice


def test_admin_save_without_version_is_refused(world):
    school = world["a"]["s1"]
    superuser = User.objects.create_superuser("root@test.500plus.ru", "Пароль-для-теста-1")
    client = Client()
    client.force_login(superuser)
    url = reverse("admin:schools_school_change", args=[school.pk])
    data = _post_data(client.get(url))
    del data[VERSION_FIELD]
    data["short_name"] = "без версии"
    refused = client.post(url, data)
    assert refused.status_code == 200 and "Пока вы правили" in refused.content.decode()
    assert School.objects.get(pk=school.pk).short_name != "без версии"


def test_stale_row_of_an_inline_table_is_refused(world):
    """Роль человека правят и отдельно (своя админка, страница людей): устаревшая строка вложенной
    таблицы на странице пользователя отклоняется, хотя сам пользователь с тех пор не менялся."""
    curator = _curator(world)
    membership = curator.memberships.get()
    superuser = User.objects.create_superuser("root@test.500plus.ru", "Пароль-для-теста-1")
    alice, bob = Client(), Client()
    alice.force_login(superuser)
    bob.force_login(superuser)
    user_url = reverse("admin:accounts_user_change", args=[curator.pk])
    opened = bob.get(user_url)
    stale = _post_data(opened)
    rows = [name for name in stale if name.endswith("-is_active") and name != "is_active"]
    assert len(rows) == 1 and stale[rows[0]] == "on"

    # Алиса отзывает роль в админке ролей; пользователь при этом не меняется.
    membership_url = reverse("admin:accounts_rolemembership_change", args=[membership.pk])
    data = _post_data(alice.get(membership_url))
    del data["is_active"]
    assert alice.post(membership_url, data).status_code == 302
    after_alice = _row(RoleMembership, membership.pk)
    assert after_alice["is_active"] is False

    # Боб сохраняет страницу пользователя со старой строкой роли (и правкой фамилии): ничего не записано.
    refused = bob.post(user_url, {**stale, "last_name": "правка Боба"})
    assert refused.status_code == 200
    assert "Пока вы правили, эту запись сохранил" in refused.content.decode()
    assert _row(RoleMembership, membership.pk) == after_alice
    assert User.objects.get(pk=curator.pk).last_name != "правка Боба"
