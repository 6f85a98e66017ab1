#!/usr/bin/env bash
# Пересобрать uv.lock после правки зависимостей в pyproject.toml (одна команда; потом закоммитить uv.lock).
#
#   bash scripts/lock.sh                      # дописать новое, остальное оставить как было
#   bash scripts/lock.sh --upgrade            # поднять всё до свежих версий в рамках pyproject.toml
#   bash scripts/lock.sh --upgrade-package celery
#   bash scripts/lock.sh --check              # только проверить, что uv.lock совпадает с pyproject.toml (так в CI)
#
# Аргументы уходят в `uv lock` как есть. uv берётся той же версии, что в scripts/bootstrap.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

UV="$(bash "$ROOT/scripts/bootstrap.sh" --print-uv)"
if [ "${1:-}" = "--check" ]; then
    shift
    exec "$UV" lock --locked "$@"
fi
"$UV" lock "$@"
echo "[lock] uv.lock обновлён; поставить: bash scripts/bootstrap.sh; не забудьте git add uv.lock"
