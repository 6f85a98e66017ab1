# «Дорожная карта 500+» — образы для продакшена (docker-compose.yml).
#   цель app:   migrate, web (gunicorn), worker и beat (Celery); её же собирает `docker build .`
#               (последняя стадия файла — снова app);
#   цель proxy: nginx перед gunicorn со статикой, собранной в образе app.
FROM python:3.11-slim-bookworm AS app

# Версия uv — та же, что в scripts/bootstrap.sh.
ARG UV_VERSION=0.13.9
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    MEDIA_ROOT=/app/media \
    HOME=/home/app \
    XDG_CACHE_HOME=/home/app/.cache

# Библиотеки WeasyPrint (PDF), шрифты с кириллицей (DejaVu, Liberation — метрики Arial/Times,
# Carlito/Caladea — метрики Calibri/Cambria из документов Word) и LibreOffice без графики:
# им импорт переводит старые .doc/.xls в .docx/.xlsx.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
        fonts-liberation2 \
        fonts-crosextra-carlito \
        fonts-crosextra-caladea \
        libreoffice-writer-nogui \
        libreoffice-calc-nogui \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Сначала только зависимости — ровно uv.lock (runtime + extra s3, без dev); слой кэшируется,
# пока не меняются pyproject.toml и uv.lock. --locked: сборка падает, если они расходятся.
COPY pyproject.toml uv.lock ./
RUN pip install "uv==${UV_VERSION}" \
    && UV_PROJECT_ENVIRONMENT=/opt/venv UV_PYTHON_DOWNLOADS=never uv sync --locked --no-install-project \
        --python /usr/local/bin/python3.11 --no-dev --extra s3 \
        --compile-bytecode --no-cache \
    && pip uninstall -y uv

COPY . .

# Статика собирается при сборке образа; секрет — заглушка только для этой команды.
RUN DJANGO_SETTINGS_MODULE=config.settings.production \
    DJANGO_SECRET_KEY=build-only-not-a-secret \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    python manage.py collectstatic --noinput \
    && rm -f /tmp/build.sqlite3

# Процессы работают как app; его HOME (кэш fontconfig для WeasyPrint, профиль LibreOffice) — доступен на запись.
RUN useradd --system --uid 10001 --home-dir /home/app --create-home --shell /usr/sbin/nologin app \
    && mkdir -p /app/media /home/app/.cache \
    && chown -R app:app /app/media /home/app

USER app
EXPOSE 8000

CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi:application"]


# nginx: TLS, предел размера запроса, статика из образа app. Загрузки и выгрузки (/media) nginx
# не отдаёт: их отдаёт Django после проверки прав.
FROM nginx:1.27-bookworm AS proxy
COPY deploy/nginx/default.conf.template /etc/nginx/templates/default.conf.template
COPY deploy/nginx/15-upload-limit.envsh /docker-entrypoint.d/15-upload-limit.envsh
COPY deploy/nginx/413.html /usr/share/nginx/errors/413.html
COPY --from=app /app/staticfiles /srv/static

# Без --target собирается последняя стадия: пусть это будет образ приложения, а не nginx.
FROM app
