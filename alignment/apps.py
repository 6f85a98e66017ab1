from django.apps import AppConfig


class AlignmentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "alignment"
    verbose_name = "Сверка муниципальных карт с региональной"

    def ready(self) -> None:
        from access.alignment import _register_alignment

        _register_alignment()
