from django.apps import AppConfig


class JobsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "jobs"
    verbose_name = "Фоновые задания"

    def ready(self) -> None:
        import jobs.specs  # noqa: F401 — регистрирует задания приложений проекта в jobs.registry
