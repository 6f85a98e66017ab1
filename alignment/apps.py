from django.apps import AppConfig


class AlignmentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "alignment"
    verbose_name = "Сверка муниципальных карт с региональной"

    def ready(self) -> None:
        from access.alignment import _register_alignment
        from alignment import suggestions
        from hooks import figures

        _register_alignment()
        # Правка пунктов карт (roadmaps, ниже сверки) отмечает подсказки устаревшими через крючок.
        figures.alignment_suggestions_changed.fill(suggestions.suggestions_changed)
