"""Хранилище статики продакшена: WhiteNoise (сжатие + имена с хэшем по манифесту) и память адресов.

`{% static %}` на каждой странице зовёт url() дюжину раз (стили и скрипты в base.html), и каждый
вызов заново разбирает имя (urlsplit, unquote, urljoin) и ищет его в манифесте — ~20 мкс, то есть
~0,25 мс на страницу. Манифест в работающем процессе не меняется (collectstatic — до запуска, новый
манифест читают новые процессы), поэтому готовый адрес можно запомнить."""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force or settings.DEBUG:  # в отладке адреса без хэша, и их не запоминаем
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)  # имени нет в манифесте — ошибка, не запоминаем
            return url
