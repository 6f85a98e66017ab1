#!/usr/bin/env bash
# Замер README-команд на свежем клоне: сколько секунд от `./scripts/demo.sh` до первого ответа
# страницы и сколько занимает `scripts/bootstrap.sh` (полный) после него.
#
#   bash scripts/time_fresh_clone.sh [КАТАЛОГ_КЛОНА] [ПОРТ]
#
# COLD_CACHE=1 — с пустыми кэшами uv и pip (как на новой машине: всё качается с PyPI).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="${1:-$(mktemp -d "${TMPDIR:-/tmp}/roadmap500-fresh.XXXXXX")/clone}"
PORT="${2:-8000}"

rm -rf "$DEST"
git clone -q "$ROOT" "$DEST" || exit 1
cd "$DEST" || exit 1
if [ "${COLD_CACHE:-0}" = "1" ]; then
    CACHE="$(mktemp -d "${TMPDIR:-/tmp}/roadmap500-cache.XXXXXX")"
    export XDG_CACHE_HOME="$CACHE" UV_CACHE_DIR="$CACHE/uv" PIP_NO_CACHE_DIR=1
fi

start=$(date +%s.%N)
PORT="$PORT" ./scripts/demo.sh >"$DEST/demo.log" 2>&1 &
demo_pid=$!
answered=""
for _ in $(seq 1 600); do
    if curl -s -o /dev/null "http://127.0.0.1:$PORT/accounts/login/"; then
        answered=$(date +%s.%N)
        break
    fi
    kill -0 "$demo_pid" 2>/dev/null || break
    sleep 0.25
done
kill "$demo_pid" 2>/dev/null
wait "$demo_pid" 2>/dev/null
if [ -z "$answered" ]; then
    echo "demo.sh не ответил; журнал: $DEST/demo.log" >&2
    exit 1
fi
printf 'demo.sh: первая страница через %.1f с\n' "$(echo "$answered - $start" | bc)"

start=$(date +%s.%N)
bash scripts/bootstrap.sh >"$DEST/bootstrap.log" 2>&1 || { echo "bootstrap упал: $DEST/bootstrap.log" >&2; exit 1; }
printf 'bootstrap.sh (полный, после демо): %.1f с\n' "$(echo "$(date +%s.%N) - $start" | bc)"
