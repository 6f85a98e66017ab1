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

# Лёгкий режим: только то, что нужно для запуска (без Chromium, poppler и инструментов тестов).
bash "$ROOT/scripts/bootstrap.sh" --runtime-only

PY="$ROOT/.venv/bin/python"
echo "[demo] применяю миграции..."
"$PY" manage.py migrate --noinput
echo "[demo] загружаю демо-данные (регионы, дорожные карты ШНОР, демо-пользователи)..."
"$PY" manage.py load_demo

SHOWN_HOST="$HOST"
case "$HOST" in 0.0.0.0|::|'[::]') SHOWN_HOST=127.0.0.1 ;; esac
cat <<MSG

  «Дорожная карта 500+» запущена: http://${SHOWN_HOST}:${PORT}/
  Логины и пароли демо-пользователей — в README.md, раздел «Демо-пользователи».
  Остановить: Ctrl+C.

MSG
exec "$PY" manage.py runserver "${HOST}:${PORT}"
