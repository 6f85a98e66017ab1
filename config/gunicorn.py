"""Настройки gunicorn для продакшена: ``gunicorn -c config/gunicorn.py config.wsgi:application``.

Выбор — по замеру (docs/benchmarks.md, раздел задачи 10): страницы приложения тратят время в основном
на Python (шаблоны, ORM), ожидание базы короткое, поэтому процессов — по числу ядер (+1), а потоков
в каждом немного (gthread): потоки закрывают паузы на базу и медленных клиентов, не умножая память.
Повторный замер (docs/benchmarks.md, «Сессия 4»): 3 × 4 против 4 × 2, 2 × 4 и 5 × 2 на панели региона —
процессорное время сервера на запрос у 3 × 4 и 2 × 4 одинаковое (~10 мс), у 5 × 2 — 10–11,7 мс,
у 4 × 2 больше (12–13,5 мс); sync и gthread с одним потоком хуже всех (sync рвёт keep-alive, у одного
потока соединения клиентов достаются процессам неравномерно). Поэтому 3 × 4 оставлено.
Все значения можно переопределить переменными окружения."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Соединение с базой живёт DATABASE_CONN_MAX_AGE секунд и переиспользуется потоком; keepalive — для nginx.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Перезапуск процесса после стольких запросов (с разбросом) — страховка от роста памяти.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
preload_app = True
