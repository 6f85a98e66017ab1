#!/usr/bin/env bash
# Подготовка рабочего окружения «Дорожной карты 500+».
#
#   bash scripts/bootstrap.sh                 # всё: запуск + тесты (его зовёт scripts/test.sh)
#   bash scripts/bootstrap.sh --runtime-only  # только то, что нужно для запуска (его зовёт scripts/demo.sh)
#
# Идемпотентен: повторный запуск ничего не ставит и занимает доли секунды.
#
#   (а) пакеты Debian: всегда — шрифты с кириллицей и библиотеки WeasyPrint (Pango, HarfBuzz subset);
#       полный режим добавляет Chromium (браузерные тесты через Playwright) и poppler-utils (PDF -> PNG/текст);
#       ставятся, только если их нет и мы root; ROADMAP_SKIP_APT=1 — не трогать apt вовсе;
#   (б) .venv на Python >= 3.11 (python3.11, иначе python3), если его ещё нет (создаёт `uv venv`);
#   (в) uv (версия UV_VERSION ниже, с PyPI, в ~/.cache/roadmap500/) и `uv sync --locked`: в .venv ставится
#       ровно то, что записано в uv.lock — без extras в лёгком режиме, с extras dev и s3 в полном.
#       Если pyproject.toml и uv.lock расходятся, bootstrap падает и говорит выполнить scripts/lock.sh.
#       Повторно синхронизирует, только если изменился uv.lock или pyproject.toml (метка в .venv).
#
# Переменные: ROADMAP_SKIP_APT=1 — пропустить шаг (а); ROADMAP_PYTHON=/путь/к/python — взять этот
# интерпретатор для .venv; ROADMAP_RUNTIME_ONLY=1 — то же, что --runtime-only.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
START_SECONDS=$SECONDS

RUNTIME_ONLY="${ROADMAP_RUNTIME_ONLY:-0}"
PRINT_UV=0
for arg in "$@"; do
    case "$arg" in
        --runtime-only) RUNTIME_ONLY=1 ;;
        --print-uv) PRINT_UV=1 ;;   # для scripts/lock.sh: только .venv и uv, напечатать путь к uv
        *) printf '[bootstrap] неизвестный аргумент: %s (есть только --runtime-only)\n' "$arg" >&2; exit 2 ;;
    esac
done

say() { printf '[bootstrap] %s\n' "$*"; }
warn() { printf '[bootstrap] ВНИМАНИЕ: %s\n' "$*" >&2; }

# Два параллельных запуска (например, demo.sh и test.sh) не должны ставить одно и то же одновременно.
if command -v flock >/dev/null 2>&1; then
    LOCK_FILE="${TMPDIR:-/tmp}/roadmap500-bootstrap-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1).lock"
    exec 9>"$LOCK_FILE"
    if ! flock -n 9; then
        say "жду, пока закончится другой запуск bootstrap..."
        flock -w 1800 9 || { warn "не дождался блокировки $LOCK_FILE"; exit 1; }
    fi
fi

# ---------------------------------------------------------------------------
# Выбор интерпретатора: первый, у которого версия >= 3.11 и есть venv + ensurepip.
# ---------------------------------------------------------------------------
python_ok_version() {  # $1 — интерпретатор; успех, если это Python >= 3.11
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1
}
python_can_venv() {  # $1 — интерпретатор; успех, если `python -m venv` сможет поставить pip
    python_ok_version "$1" && "$1" -c 'import venv, ensurepip' >/dev/null 2>&1
}
python_candidates() {
    [ -n "${ROADMAP_PYTHON:-}" ] && printf '%s\n' "$ROADMAP_PYTHON"
    printf '%s\n' python3.11 /usr/bin/python3.11 python3 /usr/bin/python3
}
pick_python() {  # печатает путь к подходящему интерпретатору или ничего
    local cand path
    while IFS= read -r cand; do
        path="$(command -v "$cand" 2>/dev/null)" || continue
        if python_can_venv "$path"; then
            printf '%s\n' "$path"
            return 0
        fi
    done < <(python_candidates)
    return 1
}

venv_ok() {  # .venv на месте и на Python >= 3.11 (pip в нём не обязателен: ставит uv)
    [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c \
        'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1
}

# ---------------------------------------------------------------------------
# (а) Пакеты Debian
# ---------------------------------------------------------------------------
DEB_PACKAGES=(
    fonts-dejavu-core     # DejaVu Sans/Serif/Mono — кириллица
    fonts-liberation2     # Liberation Sans/Serif/Mono (метрики Arial/Times New Roman) — кириллица
    libpango-1.0-0        # WeasyPrint
    libpangoft2-1.0-0     # WeasyPrint
    libharfbuzz-subset0   # WeasyPrint (подмножества шрифтов в PDF)
)
if [ "$RUNTIME_ONLY" != "1" ]; then
    DEB_PACKAGES+=(
        chromium          # браузерные тесты: Playwright запускает /usr/bin/chromium
        poppler-utils     # pdftoppm / pdftotext: проверка PDF-отчётов
    )
fi

deb_installed() {  # $1 — имя пакета; успех, если он установлен («ii»)
    local status
    status="$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null)" || return 1
    [[ "$status" == ii* ]]
}

ensure_debian_packages() {
    if [ "${ROADMAP_SKIP_APT:-0}" = "1" ]; then
        say "apt: пропускаю (ROADMAP_SKIP_APT=1)"
        return 0
    fi
    if ! command -v dpkg-query >/dev/null 2>&1; then
        warn "это не Debian/Ubuntu (нет dpkg-query): системные пакеты не проверяю." \
             "Нужны: ${DEB_PACKAGES[*]} (или их аналоги)."
        return 0
    fi

    local wanted=("${DEB_PACKAGES[@]}") missing=() p
    # python3-venv нужен, только если uv ещё не поставлен и поставить его нечем: нет ни Python >= 3.11
    # с pip, ни Python >= 3.11 с модулем venv.
    local any_py
    if ! venv_ok && [ ! -x "$UV" ] && ! pick_python >/dev/null \
        && ! { any_py="$(pick_any_python)" && "$any_py" -m pip --version >/dev/null 2>&1; }; then
        wanted+=(python3-venv)
    fi
    for p in "${wanted[@]}"; do
        deb_installed "$p" || missing+=("$p")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        say "apt: все системные пакеты на месте"
        return 0
    fi

    if [ "$(id -u)" != "0" ]; then
        warn "не хватает пакетов Debian: ${missing[*]}"
        warn "поставьте их: sudo apt-get install -y --no-install-recommends ${missing[*]}"
        warn "пока их нет, браузерные и PDF-тесты локально будут пропущены (в CI — упадут)."
        return 0
    fi

    local log
    log="$(mktemp "${TMPDIR:-/tmp}/roadmap500-apt.XXXXXX")"
    export DEBIAN_FRONTEND=noninteractive
    local apt_opts=(-o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
    say "apt: ставлю ${missing[*]} (несколько минут при первом запуске)..."
    if apt-get "${apt_opts[@]}" update -q >"$log" 2>&1 \
        && apt-get "${apt_opts[@]}" install -y -q --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
        say "apt: готово"
        rm -f "$log"
    else
        tail -n 20 "$log" >&2 || true
        warn "apt-get не справился (полный журнал: $log); продолжаю без этих пакетов:" \
             "браузерные и PDF-тесты локально будут пропущены."
    fi
}

# ---------------------------------------------------------------------------
# (б) uv и .venv; (в) зависимости проекта: uv ставит в .venv ровно uv.lock
# ---------------------------------------------------------------------------
UV_VERSION="0.13.9"   # менять вместе с тем же числом в Dockerfile
UV_HOME="${XDG_CACHE_HOME:-$HOME/.cache}/roadmap500/uv-$UV_VERSION"
UV="$UV_HOME/bin/uv"

pick_any_python() {  # Python >= 3.11 (venv и ensurepip не нужны: .venv создаёт uv)
    local cand path
    while IFS= read -r cand; do
        path="$(command -v "$cand" 2>/dev/null)" || continue
        if python_ok_version "$path"; then
            printf '%s\n' "$path"
            return 0
        fi
    done < <(python_candidates)
    return 1
}

ensure_uv() {
    if [ -x "$UV" ] && "$UV" --version >/dev/null 2>&1; then
        return 0
    fi
    local log py pip_py=""
    log="$(mktemp "${TMPDIR:-/tmp}/roadmap500-uv.XXXXXX")"
    say "uv: ставлю uv $UV_VERSION с PyPI в $UV_HOME ..."
    rm -rf "$UV_HOME"
    mkdir -p "$(dirname "$UV_HOME")"
    # Сам uv живёт отдельно от .venv. Ставит его pip системного Python, а если pip там нет —
    # pip временного venv (python -m venv с ensurepip).
    if py="$(pick_any_python)" && "$py" -m pip --version >/dev/null 2>&1; then
        pip_py="$py"
    elif py="$(pick_python)"; then
        "$py" -m venv "$UV_HOME.pip-venv" >"$log" 2>&1 && pip_py="$UV_HOME.pip-venv/bin/python"
    fi
    if [ -n "$pip_py" ] && "$pip_py" -m pip install -q --disable-pip-version-check --no-warn-script-location \
        --target "$UV_HOME" "uv==$UV_VERSION" >>"$log" 2>&1 && [ -x "$UV" ]; then
        rm -rf "$log" "$UV_HOME.pip-venv"
    else
        tail -n 20 "$log" >&2 || true
        warn "не удалось поставить uv (нужен Python >= 3.11 с pip или с модулем venv; журнал: $log)"
        exit 1
    fi
}

ensure_venv() {  # .venv создаёт uv: быстрее python -m venv и не требует python3-venv
    if venv_ok; then
        return 0
    fi
    local py
    if ! py="$(pick_any_python)"; then
        warn "не нашёл Python >= 3.11: поставьте python3.11 (или укажите ROADMAP_PYTHON=/путь/к/python3.11)."
        exit 1
    fi
    if [ -e "$VENV" ]; then
        say "venv: $VENV повреждён или на старом Python — пересоздаю"
        rm -rf "$VENV"
    fi
    ensure_uv
    say "venv: создаю .venv ($("$py" -c 'import sys; print(sys.version.split()[0])'), $py)"
    UV_PYTHON_DOWNLOADS=never "$UV" venv -q --python "$py" "$VENV"
}

ensure_python_deps() {
    local mode sha stamp full_stamp log
    mode=full
    [ "$RUNTIME_ONLY" = "1" ] && mode=runtime
    sha="$(cat "$ROOT/pyproject.toml" "$ROOT/uv.lock" | sha256sum | cut -d' ' -f1)"
    stamp="$VENV/.synced-$mode-$sha"
    full_stamp="$VENV/.synced-full-$sha"
    # Полная установка включает лёгкую: demo.sh после test.sh ничего не трогает.
    if [ -e "$stamp" ] || [ -e "$full_stamp" ]; then
        say "uv: зависимости актуальны (uv.lock не менялся)"
        return 0
    fi
    ensure_uv
    local args=(sync --locked --no-install-project --python "$VENV/bin/python")
    if [ "$mode" = "full" ]; then
        args+=(--extra dev --extra s3)
    else
        # --inexact: лёгкий режим не удаляет уже поставленные инструменты тестов.
        args+=(--inexact)
    fi
    log="$(mktemp "${TMPDIR:-/tmp}/roadmap500-uv.XXXXXX")"
    say "uv: ставлю зависимости из uv.lock ($mode: uv ${args[*]})..."
    if (cd "$ROOT" && UV_PROJECT_ENVIRONMENT="$VENV" UV_PYTHON_DOWNLOADS=never \
        "$UV" "${args[@]}") >"$log" 2>&1; then
        rm -f "$VENV"/.synced-* "$VENV"/.installed-*
        : >"$stamp"
        rm -f "$log"
        say "uv: готово"
    else
        tail -n 30 "$log" >&2 || true
        if grep -qi "lockfile needs to be updated\|--locked" "$log"; then
            warn "pyproject.toml и uv.lock расходятся: выполните bash scripts/lock.sh и закоммитьте uv.lock"
        fi
        warn "uv sync не удался (полный журнал: $log)"
        exit 1
    fi
}

if [ "$PRINT_UV" = "1" ]; then
    ensure_uv >&2
    printf '%s\n' "$UV"
    exit 0
fi
ensure_debian_packages
ensure_venv
ensure_python_deps
if [ "$RUNTIME_ONLY" = "1" ]; then
    say "лёгкий режим (--runtime-only): без браузера и инструментов тестов; всё — bash scripts/bootstrap.sh"
fi
say "окружение готово за $((SECONDS - START_SECONDS)) с"
