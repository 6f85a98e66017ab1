#!/usr/bin/env bash
# Чек-лист развёртывания Django (`check --deploy`) с настройками продакшена и значениями из .env.example.
# Пустые в примере секреты подставляются здесь: ключ — случайный, пароль базы — заглушка (к базе не ходим).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
(
    # .env.example — формат docker compose (KEY=значение, без кавычек), не shell: читаем построчно.
    while IFS= read -r line; do
        case "$line" in ''|'#'*) continue ;; esac
        export "${line%%=*}=${line#*=}"
    done < .env.example
    DJANGO_SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')"
    export DJANGO_SECRET_KEY DJANGO_SETTINGS_MODULE=config.settings.production
    unset DATABASE_URL REDIS_URL
    "$PY" manage.py check --deploy --fail-level WARNING
)
