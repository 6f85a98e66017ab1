#!/usr/bin/env bash
# Резервная копия: база (pg_dump -Fc) и каталог файлов (MEDIA_ROOT) в каталог BACKUP_DIR/ДАТА-ВРЕМЯ.
#   DATABASE_URL=postgres://… MEDIA_ROOT=/app/media BACKUP_DIR=/backups ./scripts/backup.sh
# Подробности, восстановление и учения — docs/operations.md.
set -euo pipefail
: "${DATABASE_URL:?задайте DATABASE_URL=postgres://…}"
MEDIA_ROOT="${MEDIA_ROOT:-$(dirname "$0")/../media}"
BACKUP_DIR="${BACKUP_DIR:-$(dirname "$0")/../backups}"
stamp="$(date -u +%Y%m%d-%H%M%S)"
target="$BACKUP_DIR/$stamp"
mkdir -p "$target"
# Сначала база, потом файлы: файл, загруженный между ними, окажется в копии без строки в базе
# (безвредно), а не строка без файла.
pg_dump -Fc --no-owner -f "$target/db.dump" "$DATABASE_URL"
if [ -d "$MEDIA_ROOT" ]; then
  tar -C "$MEDIA_ROOT" -czf "$target/media.tar.gz" .
else
  tar -czf "$target/media.tar.gz" --files-from /dev/null
fi
sha256sum "$target/db.dump" "$target/media.tar.gz" > "$target/SHA256SUMS"
echo "Копия: $target"
