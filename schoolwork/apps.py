from django.apps import AppConfig


class SchoolworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "schoolwork"
    verbose_name = "Работа со школами: посещения, документы, рисковые профили"

    def ready(self) -> None:
        import access as scoping

        scoping._register_schoolwork()
