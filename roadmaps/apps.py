from django.apps import AppConfig


class RoadmapsConfig(AppConfig):
    name = "roadmaps"
    verbose_name = "Дорожные карты"

    def ready(self) -> None:
        import access as scoping

        scoping._register_roadmaps()

        from config.history import connect_task_signals
        from roadmaps.rows_cache import connect_invalidation

        connect_invalidation()  # готовые строки карт устаревают от любой записи, что их меняет
        connect_task_signals()  # правки фоновых задач в истории подписываются «система»
