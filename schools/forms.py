from django import forms

import access as scoping
from config.versioning import VersionedFormMixin
from schools.models import Municipality, Organisation, Region, School
from schools.selectors import curators_of_region

INVALID_MUNICIPALITY = "Такого муниципалитета нет среди доступных вам (он в другом регионе или удалён)."
INVALID_REGION = "Такого региона нет среди доступных вам."


class RegionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Region
        fields = ["code", "name", "timezone"]


class MunicipalityForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Municipality
        fields = ["region", "name", "kind"]
        error_messages = {"region": {"invalid_choice": INVALID_REGION}}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        editable_regions = scoping.visible(user, Region)
        scope = scoping.scope_of(user)
        if not scope.is_federal:
            editable_regions = editable_regions.filter(pk__in=scope.coordinator_region_ids)
        self.fields["region"].queryset = editable_regions
        self.fields["region"].error_messages["invalid_choice"] = INVALID_REGION


class SchoolForm(VersionedFormMixin, forms.ModelForm):
    website = forms.URLField(label="сайт", required=False, assume_scheme="https")
    years = forms.TypedMultipleChoiceField(
        label="годы участия в программе",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = School
        fields = [
            "municipality",
            "full_name",
            "short_name",
            "inn",
            "address",
            "director",
            "phone",
            "email",
            "website",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scoping.scope_of(user)
        municipalities = scoping.visible(user, Municipality).select_related("region")
        if not scope.is_federal:
            municipalities = municipalities.filter(region_id__in=scope.coordinator_region_ids)
        self.fields["municipality"].queryset = municipalities
        self.fields["municipality"].error_messages["invalid_choice"] = INVALID_MUNICIPALITY
        this_year = scoping.current_year()
        self.fields["years"].choices = [(y, str(y)) for y in range(2021, this_year + 2)]
        if self.instance.pk and "years" not in self.initial:
            self.initial["years"] = list(self.instance.participations.values_list("year", flat=True))

    def clean_inn(self):
        return (self.cleaned_data.get("inn") or "").strip() or None


class OrganisationForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["region", "kind", "short_name", "full_name", "aliases"]
        widgets = {"aliases": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scoping.scope_of(user)
        regions = scoping.visible(user, Region)
        if not scope.is_federal:
            regions = regions.filter(pk__in=scope.coordinator_region_ids)
        self.fields["region"].queryset = regions
        self.fields["region"].error_messages["invalid_choice"] = INVALID_REGION


class CuratorAssignmentForm(forms.Form):
    curator = forms.ModelChoiceField(
        label="куратор",
        queryset=None,
        required=False,
        empty_label="— без куратора —",
        error_messages={"invalid_choice": "Этот человек не куратор в регионе школы."},
    )
    year = forms.TypedChoiceField(label="год", coerce=int)
    # «год:id куратора» на момент открытия формы (0 — не назначен): чужое назначение не перезаписать молча.
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, school: School, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["curator"].queryset = curators_of_region(region_id=school.municipality.region_id)
        self.fields["year"].choices = [(y, str(y)) for y in years]

    def clean(self):
        data = super().clean()
        year, _, seen = (data.pop("seen", "") or "").partition(":")
        same_year = year.isdigit() and int(year) == data.get("year")
        data["seen_curator_id"] = int(seen) if same_year and seen.isdigit() else None
        return data

    def show_conflict(self, conflict) -> None:
        data = self.data.copy()
        data[self.add_prefix("seen")] = f"{self.cleaned_data.get('year')}:{conflict.current_curator_id}"
        self.data = data


class SchoolFilterForm(forms.Form):
    q = forms.CharField(label="поиск по названию или ИНН", required=False)
    region = forms.TypedChoiceField(label="регион", required=False, coerce=int, empty_value=None)
    municipality = forms.TypedChoiceField(label="муниципалитет", required=False, coerce=int, empty_value=None)
    year = forms.TypedChoiceField(label="год участия", required=False, coerce=int, empty_value=None)
    curator = forms.ChoiceField(
        label="куратор",
        required=False,
        choices=[("", "все"), ("assigned", "назначен"), ("missing", "не назначен")],
    )

    def __init__(self, *args, regions, municipalities, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "все регионы"), *[(r.pk, r.name) for r in regions]]
        self.fields["municipality"].choices = [
            ("", "все муниципалитеты"),
            *[(m.pk, m.name) for m in municipalities],
        ]
        self.fields["year"].choices = [("", "все годы"), *[(y, str(y)) for y in years]]
