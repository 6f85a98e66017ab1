from django.apps import AppConfig


class AlignmentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "alignment"
    verbose_name = "Сверка муниципальных карт с региональной"

    def ready(self) -> None:
        from access.alignment import _register_alignment
        from alignment import suggestions
        from hooks import alignment

        _register_alignment()
        # Карты ниже сверки: о правке пунктов они сообщают крючком (hooks.alignment).
        alignment.suggestions_changed.fill(suggestions.suggestions_changed)
