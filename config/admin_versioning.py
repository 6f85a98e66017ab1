"""Проверка версии в админке Django — тот же замок, что у форм приложения (config/versioning.py).

Форма правки админки несёт скрытое поле `edit_version` — версию записи, с которой человек открыл
страницу. Админка проверяет и сохраняет форму в одной транзакции (`changeform_view` в atomic),
поэтому `clean()` блокирует строку (`select_for_update`) и сверяет версию: устаревшая форма получает
`VersionConflict` (по-русски: кто и что изменил), ничего не записывается — ни сама запись, ни строки
вложенных таблиц, — а всё введённое остаётся в форме. Скрытая версия становится текущей: повторное
«Сохранить» осознанно запишет вариант человека. Так же ведут себя формы приложения.

`VersionCheckedAdminMixin` ставится первым в базы каждого ModelAdmin и InlineModelAdmin модели с полем
`version`; тест tests/security/test_admin_stale_saves.py обходит admin.site._registry и падает, если
админка версионной модели без него.
"""

from __future__ import annotations

from functools import cache

from django import forms
from django.contrib.admin.options import InlineModelAdmin

from config.versioning import VersionConflict

VERSION_FIELD = "edit_version"


def has_version(model) -> bool:
    return any(field.name == "version" for field in model._meta.concrete_fields)


class VersionCheckedAdminForm:
    """Примесь к форме админки: скрытая версия при показе, сверка с заблокированной строкой в clean()."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and not instance._state.adding:
            # Версию берём из базы, а не из объекта: страница возврата версии (simple-history) строит
            # форму по старой копии записи — сверять надо с тем, что в базе, когда страницу открыли.
            rows = type(instance)._base_manager.filter(pk=instance.pk)
            stored = rows.values_list("version", flat=True).first()
            self.initial[VERSION_FIELD] = stored if stored is not None else instance.version

    def clean(self):
        data = super().clean()
        expected = data.pop(VERSION_FIELD, None) if data is not None else None
        instance = getattr(self, "instance", None)
        if instance is None or not instance.pk or instance._state.adding:
            return data
        current = type(instance)._base_manager.select_for_update().filter(pk=instance.pk).first()
        if current is None:
            return data
        if expected is None or expected != current.version:
            # Без версии (старая вкладка, ручной запрос) — тоже отказ: молча перезаписать нельзя.
            conflict = VersionConflict(current=current, expected=expected if expected is not None else 0)
            fresh = self.data.copy()
            fresh[self.add_prefix(VERSION_FIELD)] = current.version
            self.data = fresh
            raise conflict
        # Сохранение продолжит счёт от версии в базе (и при возврате старой версии из истории).
        instance.version = current.version
        return data


@cache
def versioned_form(base: type[forms.BaseForm]) -> type[forms.BaseForm]:
    """Подкласс формы админки со скрытой версией (кэшируется на класс формы)."""
    attrs = {
        VERSION_FIELD: forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0),
        "__module__": base.__module__,
    }
    return type(base.__name__, (VersionCheckedAdminForm, base), attrs)


class VersionCheckedAdminMixin:
    """Для ModelAdmin и InlineModelAdmin версионных моделей: форма правки проверяет версию."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:  # правка; у новой записи сверять нечего
            kwargs["form"] = versioned_form(kwargs.get("form") or self.form)
        return super().get_form(request, obj, change=change, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = versioned_form(kwargs.get("form") or self.form)
        return super().get_formset(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None and not isinstance(self, InlineModelAdmin):  # форма добавления
            return fieldsets
        names = {name for _, options in fieldsets for name in _flat(options.get("fields", ()))}
        if VERSION_FIELD in names or not fieldsets:
            return fieldsets
        # Заданные вручную fieldsets (как у пользователей) не знают о скрытом поле — дописываем его.
        (title, options), *rest = fieldsets
        return [(title, {**options, "fields": [*options.get("fields", ()), VERSION_FIELD]}), *rest]


def _flat(fields):
    for name in fields:
        if isinstance(name, list | tuple):
            yield from name
        else:
            yield name
