import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("roadmaps", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name=model,
            name="appendix_text",
            field=models.TextField(
                blank=True,
                help_text="Пусто — соберётся из утверждающего документа: «Приложение к распоряжению от … № …».",
                verbose_name="блок «Приложение» в Word",
            ),
        )
        for model in ("roadmap", "historicalroadmap")
    ] + [
        migrations.AddField(
            model_name=model,
            name="document_font",
            field=models.CharField(default="Times New Roman", max_length=64, verbose_name="шрифт документа Word"),
        )
        for model in ("roadmap", "historicalroadmap")
    ] + [
        migrations.AddField(
            model_name=model,
            name="document_font_size",
            field=models.PositiveSmallIntegerField(
                default=12,
                validators=[
                    django.core.validators.MinValueValidator(8),
                    django.core.validators.MaxValueValidator(16),
                ],
                verbose_name="размер шрифта Word, пт",
            ),
        )
        for model in ("roadmap", "historicalroadmap")
    ]
