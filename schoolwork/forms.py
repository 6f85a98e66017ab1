"""Формы страниц работы со школами. Правила предметной области проверяют сервисы; формы — только
разбор ввода (даты, выбор из списка) с русскими сообщениями."""

from __future__ import annotations

import datetime
import re

from django import forms

from config.echo import echo
from config.versioning import VersionedFormMixin
from schools.models import RiskLevel
from schoolwork.files import allowed_labels, max_size_label
from schoolwork.models import DocumentKind, Visit, VisitKind, VisitStatus

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
LEVEL_CHOICES = [("", "— не указан —"), *RiskLevel.choices]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Несколько файлов в одном поле (так советует документация Django)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def files_help() -> str:
    return f"Можно несколько: {allowed_labels()}, каждый до {max_size_label()}."


class VisitForm(VersionedFormMixin, forms.ModelForm):
    """Проведённое посещение (и правка записи). Для запланированного результаты не обязательны."""

    files = MultipleFileField(label="вложения", required=False)

    class Meta:
        model = Visit
        fields = ["kind", "date", "purpose", "participants", "findings", "recommendations", "next_steps"]
        widgets = {
            "date": DATE_INPUT,
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in ("purpose", "participants", "findings", "recommendations", "next_steps")
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].input_formats = DATE_FORMATS
        if "kind" in self.fields:  # без пустого «---------»: вид есть всегда
            self.fields["kind"].choices = VisitKind.choices
        self.fields["files"].help_text = files_help()
        if self.instance.status != VisitStatus.PLANNED:
            self.fields["findings"].required = True
        self.order_fields(
            ["kind", "date", "purpose", "participants", "findings", "recommendations", "next_steps", "files"]
        )

    def _post_clean(self):
        pass  # модель проверяет сервис (там русские сообщения и правила года куратора)


class VisitCompleteForm(VisitForm):
    class Meta(VisitForm.Meta):
        fields = ["date", "participants", "findings", "recommendations", "next_steps"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["findings"].required = True


_DATE_TOKEN = re.compile(r"\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2}")


class VisitPlanForm(forms.Form):
    kind = forms.ChoiceField(label="вид посещения", choices=VisitKind.choices, initial=VisitKind.CONSULTATION)
    dates = forms.CharField(
        label="даты посещений",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Через запятую или с новой строки, например: 16.03.2026, 14.05.2026",
    )
    purpose = forms.CharField(label="цель посещения", widget=forms.Textarea(attrs={"rows": 3}))

    def clean_dates(self) -> list[datetime.date]:
        text = self.cleaned_data["dates"]
        leftovers = _DATE_TOKEN.sub(" ", text).replace(",", " ").replace(";", " ").split()
        if leftovers:
            raise forms.ValidationError(f"Не понял «{echo(leftovers[0], 40)}»: пишите даты как 16.03.2026.")
        dates = []
        for token in _DATE_TOKEN.findall(text):
            try:
                fmt = "%Y-%m-%d" if "-" in token else "%d.%m.%Y"
                dates.append(datetime.datetime.strptime(token, fmt).date())
            except ValueError as exc:
                raise forms.ValidationError(f"Такой даты нет: {token}.") from exc
        if not dates:
            raise forms.ValidationError("Укажите хотя бы одну дату.")
        return dates


class VisitFilterForm(forms.Form):
    region = forms.TypedChoiceField(label="регион", required=False, coerce=int, empty_value=None)
    municipality = forms.TypedChoiceField(label="муниципалитет", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label="состояние", required=False, choices=[("", "все"), *VisitStatus.choices])
    kind = forms.ChoiceField(label="вид", required=False, choices=[("", "все"), *VisitKind.choices])
    date_from = forms.DateField(label="с", required=False, widget=DATE_INPUT, input_formats=DATE_FORMATS)
    date_to = forms.DateField(label="по", required=False, widget=DATE_INPUT, input_formats=DATE_FORMATS)

    def __init__(self, *args, regions, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        set_place_choices(self, regions, municipalities)


class PlaceYearForm(forms.Form):
    year = forms.TypedChoiceField(label="год", required=False, coerce=int, empty_value=None)
    region = forms.TypedChoiceField(label="регион", required=False, coerce=int, empty_value=None)
    municipality = forms.TypedChoiceField(label="муниципалитет", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, regions, municipalities, years, extra_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        set_place_choices(self, regions, municipalities)
        for name, (label, choices) in (extra_choices or {}).items():
            self.fields[name] = forms.ChoiceField(label=label, required=False, choices=choices)


def set_place_choices(form, regions, municipalities) -> None:
    form.fields["region"].choices = [("", "все регионы"), *[(r.pk, r.name) for r in regions]]
    form.fields["municipality"].choices = [
        ("", "все муниципалитеты"),
        *[(m.pk, m.name) for m in municipalities],
    ]


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(label="вид документа", choices=DocumentKind.choices)
    direction = forms.TypedChoiceField(
        label="рисковое направление",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Только для антирисковой программы.",
        error_messages={
            "invalid_choice": "Это направление куратор не активировал в профиле школы за этот год — "
            "антирисковую программу по нему загрузить нельзя."
        },
    )
    title = forms.CharField(
        label="название", required=False, max_length=255, help_text="Только для вида «другой документ»."
    )
    file = forms.FileField(label="файл")
    comment = forms.CharField(
        label="комментарий к версии", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, directions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["direction"].choices = [
            ("", "—"),
            *[(d.pk, f"{d.factor.number}. {d.factor.title}") for d in directions],
        ]
        self.fields["file"].help_text = f"{allowed_labels()}, до {max_size_label()}."


class DocumentVersionForm(forms.Form):
    file = forms.FileField(label="файл новой версии")
    comment = forms.CharField(
        label="что изменилось", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"{allowed_labels()}, до {max_size_label()}."


class DocumentReviewForm(forms.Form):
    seen_version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label="комментарий для школы",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Обязателен, если возвращаете документ на доработку.",
    )


class RiskLevelsForm(VersionedFormMixin, forms.Form):
    """Уровни по факторам каталога года; с reasons=True — ещё и причина изменения (проверка куратором)."""

    def __init__(self, *args, factors, initial_levels=None, reasons=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.factors = factors
        for factor in factors:
            self.fields[f"level_{factor.pk}"] = forms.ChoiceField(
                label=f"{factor.number}. {factor.title}",
                choices=LEVEL_CHOICES,
                required=False,
                initial=(initial_levels or {}).get(factor.pk, ""),
            )
            if reasons:
                self.fields[f"reason_{factor.pk}"] = forms.CharField(
                    label=f"причина изменения уровня по фактору {factor.number}",
                    required=False,
                    widget=forms.TextInput(attrs={"placeholder": "если уровень отличается от анкетирования"}),
                )

    def rows(self):
        return [
            (f, self[f"level_{f.pk}"], self[f"reason_{f.pk}"] if f"reason_{f.pk}" in self.fields else None)
            for f in self.factors
        ]

    def levels(self) -> dict[int, str]:
        return {f.pk: self.cleaned_data.get(f"level_{f.pk}", "") for f in self.factors}

    def reasons(self) -> dict[int, str]:
        return {f.pk: self.cleaned_data.get(f"reason_{f.pk}", "") for f in self.factors}


class RiskDirectionsForm(VersionedFormMixin, forms.Form):
    factors = forms.TypedMultipleChoiceField(
        label="рисковые направления", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["factors"].choices = [
            (row.factor_id, f"{row.factor.number}. {row.factor.title} — {row.get_level_display()}")
            for row in levels
        ]
        self.fields["factors"].initial = [row.factor_id for row in levels if row.is_active_direction]


class RiskImportForm(forms.Form):
    region = forms.TypedChoiceField(label="регион", coerce=int)
    year = forms.TypedChoiceField(label="год", coerce=int)
    file = forms.FileField(label="заполненный шаблон (XLSX)")

    def __init__(self, *args, regions, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(r.pk, r.name) for r in regions]
        self.fields["year"].choices = [(y, str(y)) for y in years]
        self.fields["file"].help_text = f"До {max_size_label()}."
