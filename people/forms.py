"""Формы страниц людей: приглашение, выдача роли с областью из справочника, данные человека."""

from django import forms

import access as scoping
from accounts.models import Role, User
from config.versioning import VersionedFormMixin
from schools.models import Municipality, Region, School


class ScopedRoleFieldsMixin(forms.Form):
    """Роль и её область: регион, муниципалитет, школа — только из доступного тому, кто выдаёт."""

    role = forms.ChoiceField(label="роль")
    region = forms.ModelChoiceField(
        label="регион",
        queryset=Region.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Этот регион вам недоступен."},
    )
    municipality = forms.ModelChoiceField(
        label="муниципалитет",
        queryset=Municipality.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Этот муниципалитет вам недоступен."},
    )
    school = forms.ModelChoiceField(
        label="школа",
        queryset=School.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Эта школа вам недоступна."},
    )

    def setup_scope_fields(self, user: User, region_hint: int | None = None) -> None:
        """Муниципалитеты и школы предлагаются в пределах одного региона: выбранного в форме или
        единственного доступного, — иначе федеральному администратору пришлось бы листать 6000 школ."""
        scope = scoping.scope_of(user)
        self.fields["role"].choices = [(r.value, r.label) for r in scoping.grantable_roles(user)]
        regions = Region.objects.all()
        if not scope.is_federal:
            regions = regions.filter(pk__in=scope.coordinator_region_ids)
        self.fields["region"].queryset = regions
        region_ids = list(regions.values_list("pk", flat=True)[:2])
        if len(region_ids) == 1:
            self.fields["region"].initial = region_hint = region_ids[0]
        raw_hint = self.data.get(self.add_prefix("region")) if self.is_bound else None
        try:
            region_hint = int(raw_hint) if raw_hint else region_hint
        except (TypeError, ValueError):
            region_hint = None
        narrowed = regions.filter(pk=region_hint) if region_hint else regions.none()
        self.fields["municipality"].queryset = Municipality.objects.filter(region__in=narrowed)
        self.fields["school"].queryset = School.objects.filter(
            municipality__region__in=narrowed
        ).select_related("municipality")

    def clean(self):
        data = super().clean()
        role = data.get("role")
        municipality, region, school = data.get("municipality"), data.get("region"), data.get("school")
        if role == Role.FEDERAL_STAFF:
            return data
        if school and municipality and school.municipality_id != municipality.pk:
            self.add_error("school", "Школа относится к другому муниципалитету.")
        if municipality and region and municipality.region_id != region.pk:
            self.add_error("municipality", f"Муниципалитет «{municipality}» относится к другому региону.")
        if role == Role.MUNICIPAL_COORDINATOR and not municipality:
            self.add_error("municipality", "Для муниципального координатора укажите муниципалитет.")
        if role == Role.SCHOOL_TEAM and not school:
            self.add_error("school", "Для команды школы укажите школу.")
        if not (region or municipality or school):
            self.add_error("region", "Укажите регион.")
        return data


class InviteForm(ScopedRoleFieldsMixin, forms.Form):
    email = forms.EmailField(label="эл. почта")
    last_name = forms.CharField(label="фамилия", max_length=150)
    first_name = forms.CharField(label="имя", max_length=150)
    middle_name = forms.CharField(label="отчество", max_length=150, required=False)
    position = forms.CharField(label="должность", max_length=255, required=False)
    phone = forms.CharField(label="телефон", max_length=50, required=False)

    field_order = [
        "email",
        "last_name",
        "first_name",
        "middle_name",
        "position",
        "phone",
        "role",
        "region",
        "municipality",
        "school",
    ]

    def __init__(self, *args, user: User, region_hint: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_scope_fields(user, region_hint)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "Пользователь с такой эл. почтой уже есть. "
                "Найдите его в списке и выдайте роль на его странице."
            )
        return email


class RoleGrantForm(ScopedRoleFieldsMixin, forms.Form):
    def __init__(self, *args, user: User, region_hint: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_scope_fields(user, region_hint)


class PersonForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["last_name", "first_name", "middle_name", "position", "phone"]
