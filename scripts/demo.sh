#!/usr/bin/env bash
# Sets up and serves the platform on the embedded default: SQLite under var/, tasks in-process.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"

scripts/install-python.sh demo

export GONGFANG_DEMO=1 DEBUG="${DEBUG:-1}"
unset DATABASE_URL REDIS_URL
mkdir -p var
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py compilemessages -v 0 --ignore=.venv 2>/dev/null || true
.venv/bin/python manage.py demo
cat <<MSG

  工坊 Gongfang is running at http://127.0.0.1:${PORT}/
    staff (管理员)      http://127.0.0.1:${PORT}/admin/     staff / gongfang-staff
    operator (运营员)   http://127.0.0.1:${PORT}/pos/       op-chaka / PIN 1234
    artisan (手工艺人)  http://127.0.0.1:${PORT}/me/        phone 13897000001 / PIN 246810
    GraphQL            http://127.0.0.1:${PORT}/graphql/
  Ctrl-C stops it.

MSG
exec .venv/bin/python manage.py runserver "127.0.0.1:${PORT}" --noreload
