#!/usr/bin/env bash
# Вторая команда из README: поставить всё нужное и прогнать все тесты.
#
#   ./scripts/test.sh                      # все тесты
#   ./scripts/test.sh -k roadmap -x        # любые аргументы уходят в pytest как есть
#   TEST_WORKERS=0 ./scripts/test.sh      # в одном процессе (по умолчанию — 2 процесса pytest-xdist)
#
# Настройки тестов — config.settings.test (задано в pyproject.toml). Без DATABASE_URL/REDIS_URL
# тесты, которым нужны PostgreSQL/Redis, пропускаются; с REQUIRE_SERVICES=1 (так в CI, см. .ci/run)
# они падают, если сервисов нет.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1

bash "$ROOT/scripts/bootstrap.sh" || exit 1

# DJANGO_SETTINGS_MODULE из окружения важнее pyproject.toml: не даём тестам случайно пойти
# на local/production. Другие настройки — явно: ./scripts/test.sh --ds=...
unset DJANGO_SETTINGS_MODULE

# Два процесса pytest-xdist (по числу ядер машины CI); файл целиком идёт в один процесс (--dist loadfile),
# чтобы общие на модуль «миры» (shared_world) строились один раз. У каждого процесса своя тестовая база
# (test_…_gw0, _gw1), своя база Redis и своя очередь тестового воркера Celery (tests/conftest.py,
# tests/celery_worker.py).
workers="${TEST_WORKERS:-2}"
parallel=()
if [ "$workers" != "0" ]; then
    parallel=(-n "$workers" --dist loadfile)
fi

"$ROOT/.venv/bin/python" -m pytest "${parallel[@]}" "$@"
rc=$?
if [ "$rc" -eq 5 ]; then
    echo "[test] pytest не нашёл ни одного теста (код 5) — считаю это ошибкой." >&2
    exit 1
fi
exit "$rc"
