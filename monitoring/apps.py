from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Мониторинг"

    def ready(self) -> None:
        import access as scoping
        from hooks import figures
        from monitoring import rollup

        scoping._register_monitoring()
        # Нижние приложения отмечают показатели устаревшими и читают значения через крючки (hooks.figures):
        # мониторинг стоит выше них, и они его не импортируют.
        figures.rollup_mark_dirty.fill(rollup.rollup_mark_dirty)
        figures.rollup_mark_school.fill(rollup.rollup_mark_school)
        figures.owner_figures.fill(rollup.owner_figures)
