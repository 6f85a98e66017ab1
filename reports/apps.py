from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "Выгрузки: PDF и Excel"

    def ready(self) -> None:
        import access as scoping

        scoping._register_reports()
