from django import forms
from django.utils import timezone

from config.versioning import VersionedFormMixin
from roadmaps.models import Item, ItemStatus, Level, RoadMap, Section, TargetKind

DATE_WIDGET = forms.DateInput(format="%d.%m.%Y", attrs={"placeholder": "дд.мм.гггг", "inputmode": "numeric"})


class RoadMapCreateForm(forms.Form):
    year = forms.IntegerField(label="год", min_value=2021, max_value=2100)
    title = forms.CharField(
        label="заголовок",
        max_length=500,
        required=False,
        help_text="Можно не заполнять — подставится стандартный заголовок.",
    )
    approval_document = forms.CharField(
        label="утверждающий документ",
        max_length=255,
        required=False,
        help_text="Например: распоряжение № 269 от 22.03.2021",
    )
    approval_date = forms.DateField(label="дата документа", required=False, widget=DATE_WIDGET)
    municipal_deadline = forms.DateField(
        label="срок представления муниципальных карт", required=False, widget=DATE_WIDGET
    )

    def __init__(self, *args, level: str, **kwargs):
        super().__init__(*args, **kwargs)
        if level != Level.REGIONAL:
            del self.fields["municipal_deadline"]


class RoadMapSettingsForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = RoadMap
        fields = [
            "title",
            "approval_document",
            "approval_date",
            "municipal_deadline",
            "appendix_text",
            "document_font",
            "document_font_size",
        ]
        widgets = {
            "appendix_text": forms.Textarea(attrs={"rows": 3}),
            "approval_date": DATE_WIDGET,
            "municipal_deadline": DATE_WIDGET,
            "title": forms.TextInput(attrs={"size": 80}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.level != Level.REGIONAL:
            del self.fields["municipal_deadline"]


class SectionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title", "period_text", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class ItemForm(forms.ModelForm):
    """Форма мероприятия. version — с какой версии человек начал правку (оптимистическая блокировка)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    organisations = forms.ModelMultipleChoiceField(
        label="ответственные организации", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    # Флажки, а не список с Ctrl+щелчком: выбрать нескольких можно без подсказок и без мыши.
    users = forms.ModelMultipleChoiceField(
        label="ответственные люди",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "people-picker"}),
        help_text="Найдите по фамилии и отметьте одного или нескольких; человек увидит мероприятие в своих "
        "напоминаниях.",
    )

    class Meta:
        model = Item
        fields = [
            "section",
            "description",
            "period_text",
            "indicator",
            "indicator_figure",
            "target_kind",
            "target_value",
            "actual_value",
            "responsible_text",
            "links",
            "status",
            "completed_on",
            "status_comment",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3, "autofocus": True}),
            "indicator": forms.Textarea(attrs={"rows": 2}),
            "links": forms.Textarea(attrs={"rows": 2, "placeholder": "https://…"}),
            "status_comment": forms.Textarea(attrs={"rows": 2}),
            "completed_on": DATE_WIDGET,
            "period_text": forms.TextInput(
                attrs={
                    "placeholder": "например: до 28.01.2021, март-апрель, постоянно",
                    "autocomplete": "off",
                }
            ),
        }
        help_texts = {"period_text": "Пишите как в документе — даты распознаются сами."}

    def __init__(self, *args, roadmap: RoadMap, organisations, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = roadmap.sections.order_by("position")
        self.fields["section"].empty_label = "— без раздела —"
        self.fields["section"].error_messages["invalid_choice"] = "Такого раздела в этой карте нет."
        self.fields["organisations"].queryset = organisations
        self.fields["users"].queryset = users
        self.fields["target_kind"].choices = TargetKind.choices
        self.fields["status"].choices = ItemStatus.choices
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
            self.initial["organisations"] = list(self.instance.responsible_organisations.all())
            self.initial["users"] = list(self.instance.responsible_users.all())

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["organisations"] = list(data.pop("organisations") or [])
        data["users"] = list(data.pop("users") or [])
        data["target_kind"] = data.get("target_kind") or ""
        data["indicator_figure"] = data.get("indicator_figure") or ""
        return data


class CommentForm(forms.Form):
    comment = forms.CharField(label="комментарий", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label="исполнение", required=False, choices=[("", "любое"), *ItemStatus.choices]
    )
    organisation = forms.TypedChoiceField(
        label="ответственная организация", required=False, coerce=int, empty_value=None
    )
    user = forms.TypedChoiceField(label="ответственный", required=False, coerce=int, empty_value=None)
    overdue = forms.BooleanField(label="просроченные", required=False)
    due_this_month = forms.BooleanField(label="срок в этом месяце", required=False)
    flagged = forms.BooleanField(label="срок требует внимания", required=False)

    def __init__(self, *args, organisations, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "все"), *[(o.pk, o.short_name) for o in organisations]]
        self.fields["user"].choices = [("", "все"), *[(u.pk, u.short_name) for u in users]]


class EvidenceForm(forms.Form):
    title = forms.CharField(label="название", max_length=255, required=False)
    url = forms.URLField(label="ссылка", required=False, assume_scheme="https")
    file = forms.FileField(label="файл", required=False)

    def clean(self):
        data = super().clean()
        if not data.get("url") and not data.get("file"):
            raise forms.ValidationError("Приложите файл или укажите ссылку.")
        return data


class ItemExecutionForm(forms.ModelForm):
    """Исполнение мероприятия — отдельно от плана: открыто и в утверждённой карте."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Item
        fields = ["status", "completed_on", "actual_value", "status_comment"]
        widgets = {"completed_on": DATE_WIDGET, "status_comment": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "completed_on": "Для «выполнено» без даты подставится сегодняшняя.",
            "actual_value": "Число: сколько сделано на самом деле (доля — в процентах).",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = ItemStatus.choices
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        if not self.instance.target_kind:
            del self.fields["actual_value"]  # у мероприятия без измеримой цели факта нет

    def clean(self):
        data = super().clean()
        # «Выполнено» без даты — сегодняшняя (как в сервисе); иначе проверка ограничения модели
        # в форме отказала бы раньше, чем сервис успел бы её подставить.
        if data.get("status") == ItemStatus.DONE and not data.get("completed_on"):
            data["completed_on"] = timezone.localdate()
            self.instance.completed_on = data["completed_on"]
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["status_comment"] = data.get("status_comment") or ""
        return data
