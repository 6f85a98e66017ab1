#!/usr/bin/env bash
# Первая команда из README: поставить всё нужное и запустить приложение с демо-данными.
#
#   ./scripts/demo.sh                  # http://127.0.0.1:8000
#   PORT=8080 HOST=0.0.0.0 ./scripts/demo.sh
#
# По умолчанию — настройки config.settings.local: SQLite (db.sqlite3 в корне репозитория),
# без REDIS_URL задачи Celery выполняются сразу (eager), отдельный worker не нужен.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.local}"
# Без отладки: русские страницы ошибок (403/404/500), статику отдаёт WhiteNoise (config/settings/local.py).
export DJANGO_DEBUG="${DJANGO_DEBUG:-0}"

# Лёгкий режим: только то, что нужно для запуска (без Chromium, poppler и инструментов тестов).
bash "$ROOT/scripts/bootstrap.sh" --runtime-only

PY="$ROOT/.venv/bin/python"
# Байт-код пишем, даже если в окружении PYTHONDONTWRITEBYTECODE=1: иначе каждый процесс заново
# компилирует Django и всё остальное (~6 с процессора на запуск), а демо запускает их два.
unset PYTHONDONTWRITEBYTECODE
"$PY" manage.py demo_setup

# Без автоперезагрузки — один процесс вместо двух (быстрее ответ); DEMO_RELOAD=1 — с ней.
# Проверки Django уже прошли в demo_setup (migrate) — второй раз их не гоняем.
RUNSERVER_ARGS=("${HOST}:${PORT}" --skip-checks)
[ "${DEMO_RELOAD:-0}" = "1" ] || RUNSERVER_ARGS+=(--noreload)

SHOWN_HOST="$HOST"
case "$HOST" in 0.0.0.0|::|'[::]') SHOWN_HOST=127.0.0.1 ;; esac
cat <<MSG

  «Дорожная карта 500+» запущена: http://${SHOWN_HOST}:${PORT}/
  Логины и пароли демо-пользователей — в README.md, раздел «Демо-пользователи».
  Остановить: Ctrl+C.

MSG
exec "$PY" manage.py runserver "${RUNSERVER_ARGS[@]}"
