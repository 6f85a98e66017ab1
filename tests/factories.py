"""Фабрики тестовых данных (factory_boy). Роли создаются через RoleMembership, как в жизни."""

import factory
from django.utils import timezone

from accounts.models import Role, RoleMembership, User
from schools.models import (
    CuratorAssignment,
    Municipality,
    Organisation,
    Participation,
    Region,
    School,
)

TEST_PASSWORD = "Проверка-500+"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    code = factory.Sequence(lambda n: f"{(n % 89) + 10:02d}")
    name = factory.Sequence(lambda n: f"Тестовая область № {n}")
    timezone = "Europe/Moscow"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Код субъекта уникален: подбираем свободный, если последовательность уже занята.
        code = kwargs["code"]
        while model_class.objects.filter(code=code).exists():
            code = f"{(int(code) + 1 - 10) % 89 + 10:02d}"
        kwargs["code"] = code
        return super()._create(model_class, *args, **kwargs)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Тестовый муниципальный район № {n}")
    kind = "district"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    full_name = factory.Sequence(
        lambda n: f"Муниципальное общеобразовательное учреждение «Средняя школа № {n}»"
    )
    short_name = factory.Sequence(lambda n: f"МОУ СОШ № {n}")

    @factory.post_generation
    def years(self, create, extracted, **kwargs):
        if not create:
            return
        for year in extracted if extracted is not None else [timezone.localdate().year]:
            Participation.objects.create(school=self, year=year)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    region = factory.SubFactory(RegionFactory)
    kind = "institute"
    short_name = factory.Sequence(lambda n: f"ИРО-{n}")
    full_name = factory.Sequence(lambda n: f"Институт развития образования № {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@test.500plus.ru")
    last_name = factory.Sequence(lambda n: f"Иванова{n}")
    first_name = "Анна"
    middle_name = "Петровна"
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


def make_member(role: str, *, region=None, municipality=None, school=None, user=None, **user_kwargs) -> User:
    """Человек с одной ролью. Область дополняется сверху вниз: школа → муниципалитет → регион."""
    user = user or UserFactory(**user_kwargs)
    if school is not None:
        municipality = municipality or school.municipality
    if municipality is not None:
        region = region or municipality.region
    if role == Role.FEDERAL_STAFF:
        region = municipality = school = None
    elif role in (Role.REGIONAL_STAFF, Role.REGIONAL_COORDINATOR, Role.CURATOR):
        municipality = school = None
    elif role == Role.MUNICIPAL_COORDINATOR:
        school = None
    RoleMembership.objects.create(
        user=user, role=role, region=region, municipality=municipality, school=school
    )
    return user


def assign_curator(curator: User, school: School, year: int | None = None) -> CuratorAssignment:
    return CuratorAssignment.objects.create(
        curator=curator, school=school, year=year or timezone.localdate().year
    )


def make_roadmap(
    level: str = "regional",
    *,
    region=None,
    municipality=None,
    school=None,
    year=None,
    items: int = 0,
    sections: int = 0,
    **kwargs,
):
    """Карта через сервисы (как в жизни): с разделами и мероприятиями по кругу между ними."""
    from roadmaps import services

    year = year or timezone.localdate().year
    roadmap = services.roadmap_create(
        actor=None, level=level, year=year, region=region, municipality=municipality, school=school, **kwargs
    )
    made_sections = [
        services.section_create(roadmap=roadmap, title=f"Раздел {i + 1}") for i in range(sections)
    ]
    for i in range(items):
        section = made_sections[i % len(made_sections)] if made_sections else None
        services.item_create(
            actor=None,
            roadmap=roadmap,
            section=section,
            description=f"Мероприятие {i + 1}",
            period_text=f"до {(i % 28) + 1:02d}.03.{year}",
            indicator="Доля ОО, посещённых кураторами",
            status="not_started",
        )
    return roadmap
