"""Без заголовка Server: gunicorn дописывает «Server: gunicorn» сам, настройки для этого у него нет.

Убираем строку из заголовков ответа gunicorn (если приложение запущено под ним). Под другим сервером —
ничего не делаем. Прокси (nginx) отдаёт свой заголовок; там server_tokens off."""


def drop_gunicorn_server_header() -> None:
    try:
        from gunicorn.http import wsgi
    except ImportError:
        return
    if getattr(wsgi.Response, "_roadmap_no_server", False):
        return
    original = wsgi.Response.default_headers

    def default_headers(self):
        return [line for line in original(self) if not line.lower().startswith("server:")]

    wsgi.Response.default_headers = default_headers
    wsgi.Response._roadmap_no_server = True
