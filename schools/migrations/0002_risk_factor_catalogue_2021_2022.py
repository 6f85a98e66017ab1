"""Каталог рисковых факторов 2021–2022 годов (из методических материалов ФИОКО).

Это данные, а не код: дальше каталог правит федеральный администратор в администрировании.
"""

from django.db import migrations

CATALOGUE_2021_2022 = [
    "Низкий уровень оснащения школы",
    "Дефицит педагогических кадров",
    "Недостаточная предметная и методическая компетентность педагогических работников",
    "Риски низкой адаптивности учебного и воспитательного процесса",
    "Несформированность внутришкольной системы повышения квалификации",
    "Низкое качество преодоления языковых и культурных барьеров",
    "Низкий уровень вовлеченности родителей",
    "Пониженный уровень качества школьной образовательной и воспитательной среды",
    "Высокая доля обучающихся с рисками учебной неуспешности",
    "Низкая учебная мотивация обучающихся",
]
YEARS = (2021, 2022)


def load(apps, schema_editor):
    RiskFactor = apps.get_model("schools", "RiskFactor")
    for year in YEARS:
        for number, title in enumerate(CATALOGUE_2021_2022, start=1):
            RiskFactor.objects.update_or_create(year=year, number=number, defaults={"title": title})


def unload(apps, schema_editor):
    RiskFactor = apps.get_model("schools", "RiskFactor")
    RiskFactor.objects.filter(year__in=YEARS, title__in=CATALOGUE_2021_2022).delete()


class Migration(migrations.Migration):
    dependencies = [("schools", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
