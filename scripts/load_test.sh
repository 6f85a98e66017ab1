#!/usr/bin/env bash
# Нагрузочный прогон (issue 12): gunicorn с продакшен-настройками на данной базе с демо-данными,
# locust без интерфейса (tests/load/locustfile.py: класс пользователей на каждую роль), итог — p95 и отказы.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/rm12 bash scripts/load_test.sh [ДЛИТЕЛЬНОСТЬ] [P95_МАКС_МС]
#
#   ДЛИТЕЛЬНОСТЬ  — как у locust -t: 60s, 5m (по умолчанию 5m)
#   P95_МАКС_МС   — порог p95 по всем запросам, мс (по умолчанию 300)
#
# Переменные: DATABASE_URL (обязательна; база с демо-данными, если нет — миграции и load_demo
# выполняются здесь же), REDIS_URL (кэш; по умолчанию без него), PORT (8000), USERS (50),
# SPAWN_RATE (1 в секунду: люди приходят не разом — 50 входов PBKDF2 за 5 с заняли бы оба ядра на 10 с),
# GUNICORN_WORKERS (ядра + 1), OUT (test-artifacts/load), SETUP=0 — не трогать базу.
# С REDIS_URL — как в продакшене: задачи идут через брокер, и здесь же запускается воркер Celery (все
# очереди одним процессом), без него — задачи выполняются сразу в запросе.
# Код выхода: 0 — ни одного отказа и p95 в пороге; 1 — отказы или p95 выше порога; 2 — не запустилось.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

DURATION="${1:-5m}"
P95_MAX_MS="${2:-300}"
PORT="${PORT:-8000}"
USERS="${USERS:-50}"
SPAWN_RATE="${SPAWN_RATE:-1}"
OUT="${OUT:-$ROOT/test-artifacts/load}"
PY="$ROOT/.venv/bin/python"
: "${DATABASE_URL:?задайте DATABASE_URL — базу, на которой гонять нагрузку}"

# Продакшен-настройки, стенд без TLS (редирект на https, HSTS и secure-cookie выключены переменными).
export DJANGO_SETTINGS_MODULE=config.settings.production
export DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')}"
export DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_HSTS_SECONDS=0 DJANGO_SECURE_COOKIES=0
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DATABASE_URL
export GUNICORN_BIND="127.0.0.1:$PORT" GUNICORN_ACCESSLOG=/dev/null

mkdir -p "$OUT"
if [ "${SETUP:-1}" = "1" ]; then
    "$PY" manage.py migrate --no-input -v0
    "$PY" manage.py load_demo >"$OUT/load_demo.log" 2>&1  # повторный запуск ничего не дублирует
    "$PY" manage.py collectstatic --no-input -v0
fi

"$ROOT/.venv/bin/gunicorn" -c config/gunicorn.py config.wsgi:application >"$OUT/gunicorn.log" 2>&1 &
GUNICORN_PID=$!
WORKER_PID=""
if [ -n "${REDIS_URL:-}" ]; then
    queue="${CELERY_QUEUE:-roadmap500}"
    "$ROOT/.venv/bin/celery" -A config worker -l warning -n "load@%h" --concurrency 1 \
        -Q "$queue,$queue.light,$queue.heavy,$queue.mail" >"$OUT/celery.log" 2>&1 &
    WORKER_PID=$!
fi
trap 'kill $GUNICORN_PID $WORKER_PID 2>/dev/null; wait $GUNICORN_PID $WORKER_PID 2>/dev/null || true' EXIT

for _ in $(seq 1 120); do
    curl -fs -o /dev/null "http://127.0.0.1:$PORT/livez/" && break
    kill -0 "$GUNICORN_PID" 2>/dev/null || { echo "gunicorn не запустился: $OUT/gunicorn.log" >&2; exit 2; }
    sleep 0.5
done

echo "load average до:    $(cut -d' ' -f1-3 /proc/loadavg)"
set +e
"$ROOT/.venv/bin/locust" -f tests/load/locustfile.py --headless -u "$USERS" -r "$SPAWN_RATE" -t "$DURATION" \
    --host "http://127.0.0.1:$PORT" --csv "$OUT/run" --only-summary >"$OUT/locust.log" 2>&1
set -e
echo "load average после: $(cut -d' ' -f1-3 /proc/loadavg)"

# Итог — строка Aggregated файла статистики locust.
"$PY" - "$OUT/run_stats.csv" "$OUT/run_failures.csv" "$P95_MAX_MS" <<'PY'
import csv
import sys

stats_path, failures_path, p95_max = sys.argv[1], sys.argv[2], float(sys.argv[3])
rows = list(csv.DictReader(open(stats_path, encoding="utf-8")))
if not rows:
    sys.exit("locust не записал статистику — см. locust.log")
for row in rows:
    print(
        f"{row['Name']:<28} запросов {row['Request Count']:>6}  отказов {row['Failure Count']:>4}  "
        f"p50 {row['50%']:>6} мс  p95 {row['95%']:>6} мс  p99 {row['99%']:>6} мс"
    )
total = next(row for row in rows if row["Name"] == "Aggregated")
requests, failures, p95 = int(total["Request Count"]), int(total["Failure Count"]), float(total["95%"])
for failure in csv.DictReader(open(failures_path, encoding="utf-8")):
    print(f"отказ: {failure['Method']} {failure['Name']}: {failure['Error']} × {failure['Occurrences']}")
print(f"ИТОГ: запросов {requests}, отказов {failures}, p95 {p95:.0f} мс (порог {p95_max:.0f} мс)")
if requests == 0 or failures or p95 > p95_max:
    sys.exit(1)
PY
