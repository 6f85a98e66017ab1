"""Оптимистическая блокировка для всех редактируемых объектов (кроме мероприятий — у них своя, roadmaps).

Как работает:
- у модели есть поле `version` (абстрактная `VersionedModel`); каждое сохранение увеличивает его;
- форма правки (`VersionedFormMixin`) несёт скрытое поле version — с какой версии человек начал;
- `run_service` (config/web.py) на время вызова службы кладёт ожидаемые версии в контекст
  (`expected_versions`), и `VersionedModel.save()` сохраняет, только если в базе та же версия:
  условный UPDATE ... WHERE version = ожидаемая — гонок нет, строка заблокирована до конца транзакции;
- иначе — `VersionConflict` (это ValidationError): форма показывается снова со всем, что человек ввёл,
  и с сообщением, кто и какие поля изменил; скрытая версия становится текущей — повторное «Сохранить»
  осознанно запишет его вариант. Так же ведёт себя правка мероприятия.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone

from config.echo import echo

_expected: ContextVar[dict | None] = ContextVar("expected_versions", default=None)


@contextmanager
def expected_versions(mapping: dict | None):
    token = _expected.set(mapping or None)
    try:
        yield
    finally:
        _expected.reset(token)


def version_key(instance) -> tuple[str, object]:
    return (instance._meta.label, instance.pk)


class VersionConflict(ValidationError):
    """Запись изменили после того, как человек открыл форму. current — состояние в базе сейчас."""

    def __init__(self, *, current, expected: int):
        self.current = current
        self.expected = expected
        self.changed_fields, self.changed_by, self.changed_at = _describe_changes(current, expected)
        who = f" {self.changed_by}" if self.changed_by else " другой пользователь"
        when = f" в {timezone.localtime(self.changed_at):%H:%M %d.%m.%Y}" if self.changed_at else ""
        fields = f" Изменено — {'; '.join(self.changed_fields)}." if self.changed_fields else ""
        super().__init__(
            f"Пока вы правили, эту запись сохранил{who}{when}.{fields} Ваши изменения не записаны, "
            "но остались в форме: сверьте их с новыми данными и нажмите «Сохранить» ещё раз.",
            code="version_conflict",
        )


def _describe_changes(current, expected: int) -> tuple[list[str], str, object]:
    """Какие поля отличаются от версии, с которой человек начал (по django-simple-history)."""
    history = getattr(current, "history", None)
    if history is None:
        return [], "", None
    try:
        records = list(history.filter(version__in=[expected, current.version]).order_by("history_date"))
    except Exception:
        return [], "", None
    before = next((r for r in records if r.version == expected), None)
    after = next((r for r in reversed(records) if r.version == current.version), None)
    if after is None:
        return [], "", None
    changed = []
    if before is not None:
        delta = after.diff_against(before)
        for change in delta.changes:
            if change.field == "version":
                continue
            field = current._meta.get_field(change.field)
            changed.append(f"{field.verbose_name}: «{echo(change.old)}» → «{echo(change.new)}»")
    return changed, str(after.history_user or ""), after.history_date


def ensure_expected_version(instance) -> None:
    """Для служб, которые сначала проверяют правила на заблокированной строке (select_for_update):
    устаревшую форму отвергаем сразу — конфликтом, а не сообщением правила, которое она нарушила бы."""
    expected = (_expected.get() or {}).get(version_key(instance))
    if expected is not None and expected != instance.version:
        raise VersionConflict(current=instance, expected=expected)


class VersionedModel(models.Model):
    version = models.PositiveIntegerField("версия", default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            expected = (_expected.get() or {}).get(version_key(self))
            update_fields = kwargs.get("update_fields")
            if expected is not None:
                model = type(self)
                claimed = model._base_manager.filter(pk=self.pk, version=expected).update(
                    version=F("version") + 1
                )
                if not claimed:
                    raise VersionConflict(current=model._base_manager.get(pk=self.pk), expected=expected)
                self.version = expected + 1
                # Проверка разовая: повторное сохранение того же объекта в этой же службе — уже своё.
                _expected.get().pop(version_key(self), None)
            elif update_fields is None:
                self.version = (self.version or 0) + 1
            if update_fields is not None and expected is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)


class VersionedFormMixin:
    """Для ModelForm по VersionedModel: скрытая версия, проверка при сохранении, показ конфликта."""

    def __init__(self, *args, versioned=None, **kwargs):
        # versioned — объект, чью версию сторожит обычная (не Model-) форма, например рисковый профиль.
        super().__init__(*args, **kwargs)
        self.versioned = versioned if versioned is not None else getattr(self, "instance", None)
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
        instance = self.versioned
        if instance is not None and instance.pk:
            self.initial["version"] = instance.version
        self.expected_versions: dict = {}

    def clean(self):
        data = super().clean()
        version = data.pop("version", None)
        instance = self.versioned
        if version is not None and instance is not None and instance.pk:
            self.expected_versions = {version_key(instance): version}
        return data

    def show_conflict(self, conflict: VersionConflict) -> None:
        data = self.data.copy()
        data[self.add_prefix("version")] = conflict.current.version
        self.data = data
