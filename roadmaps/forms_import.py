"""Формы загрузки карты из файла: сам файл и выбор перед записью (чья карта, год, заголовок, куда)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.conf import settings

import access as scoping
from roadmaps.models import Level, RoadMap
from roadmaps.services import imports
from roadmaps.services.imports import MODES, ApplyChoice

ACCEPT = ".docx,.xlsx,.odt,.ods,.txt,.csv,.doc,.xls"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Файл с дорожной картой",
        help_text="Word (.docx), Excel (.xlsx), LibreOffice (.odt, .ods), текст (.txt, .csv); "
        "старые .doc и .xls "
        f"— если на сервере есть LibreOffice. До {settings.UPLOAD_MAX_BYTES // (1024 * 1024)} МБ.",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


@dataclass
class OwnerOption:
    key: str  # «regional:5»
    label: str
    level: str
    region_id: int
    region: object = None
    municipality: object = None
    school: object = None


def owner_options(user, include: RoadMap | None = None) -> list[OwnerOption]:
    """Чьи карты человек может заводить (из его области) — и владелец карты, в которую он загружает."""
    regions, municipalities, schools = scoping.roadmap_owner_choices(user)
    options = [
        OwnerOption(f"regional:{r.pk}", f"Региональная — {r}", Level.REGIONAL, r.pk, region=r)
        for r in regions
    ]
    options += [
        OwnerOption(f"municipal:{m.pk}", f"Муниципальная — {m}", Level.MUNICIPAL, m.region_id, municipality=m)
        for m in municipalities.select_related("region")
    ]
    options += [
        OwnerOption(f"school:{s.pk}", f"Школьная — {s}", Level.SCHOOL, s.municipality.region_id, school=s)
        for s in schools.select_related("municipality")
    ]
    if include is not None:
        key = f"{include.level}:{(include.school_id or include.municipality_id or include.region_id)}"
        if key not in {option.key for option in options}:
            options.append(
                OwnerOption(
                    key,
                    f"{include.get_level_display().capitalize()} — {include.owner}",
                    include.level,
                    include.region_id,
                    region=include.region,
                    municipality=include.municipality,
                    school=include.school,
                )
            )
    return options


class ImportApplyForm(forms.Form):
    owner = forms.ChoiceField(label="Чья карта")
    year = forms.IntegerField(label="Год карты", min_value=2021, max_value=2100)
    title = forms.CharField(label="Заголовок карты", max_length=500)
    note = forms.CharField(
        label="Текст перед таблицей (сохранится как примечание карты)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    mode = forms.ChoiceField(label="Куда записать", choices=list(MODES.items()), widget=forms.RadioSelect)
    # Флажок появляется только вместе с числами, которые он подтверждает (см. views_import).
    confirmed = forms.BooleanField(
        label="Я проверил(а) числа выше и подтверждаю запись", required=False, widget=forms.HiddenInput
    )

    def ask_confirmation(self) -> None:
        self.fields["confirmed"].widget = forms.CheckboxInput()

    def __init__(self, *args, batch, options: list[OwnerOption], **kwargs):
        self.batch, self.options = batch, {option.key: option for option in options}
        parsed = batch.parsed or {}
        initial = {
            "owner": self._guess_owner(parsed.get("level"), options),
            "year": parsed.get("year") or scoping.current_year(),
            "title": parsed.get("title", "")[:500],
            "note": parsed.get("preamble", ""),
            "mode": imports.REPLACE if batch.target_id else imports.NEW,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["owner"].choices = [(option.key, option.label) for option in options]

    def _guess_owner(self, level: str | None, options: list[OwnerOption]) -> str:
        """Владелец по умолчанию: карта, из которой начата загрузка; иначе первый из области человека
        того уровня, что назван в документе; иначе просто первый. Слово в преамбуле ничего не навязывает."""
        if self.batch.target_id:
            target = self.batch.target
            return f"{target.level}:{target.school_id or target.municipality_id or target.region_id}"
        same_level = [option for option in options if option.level == level]
        chosen = (same_level or options)[:1]
        return chosen[0].key if chosen else ""

    def clean(self):
        data = super().clean()
        option = self.options.get(data.get("owner", ""))
        if option is None:
            raise forms.ValidationError("Выберите, чья это карта.")
        data["option"] = option
        if data.get("mode") in (imports.REPLACE, imports.APPEND):
            data["target"] = self._existing(option, data.get("year"))
            if data["target"] is None:
                self.add_error("mode", "Такой карты ещё нет — выберите «новая карта».")
        else:
            data["target"] = None
            if self._existing(option, data.get("year")) is not None:
                self.add_error(
                    "mode", "Карта этого владельца на этот год уже есть: выберите «заменить» или «добавить»."
                )
        return data

    def _existing(self, option: OwnerOption, year: int | None) -> RoadMap | None:
        if (
            self.batch.target_id
            and self.batch.target.level == option.level
            and self.batch.target.year == year
        ):
            return self.batch.target
        owner = (
            {"school": option.school}
            if option.school
            else ({"municipality": option.municipality} if option.municipality else {"region": option.region})
        )
        return (
            scoping.visible(self.batch.created_by, RoadMap)
            .filter(level=option.level, year=year, **owner)
            .first()
        )

    def choice(self) -> ApplyChoice:
        data, option = self.cleaned_data, self.cleaned_data["option"]
        return ApplyChoice(
            level=option.level,
            year=data["year"],
            title=data["title"],
            note=data["note"],
            mode=data["mode"],
            region=option.region,
            municipality=option.municipality,
            school=option.school,
            target=data["target"],
            confirmed=data["confirmed"],
        )
