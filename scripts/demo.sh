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

# Payments: localstripe on loopback unless a real Stripe key is set (docs/payments.md). It is stopped
# when this script exits, so the server below runs without exec (exec would skip the trap).
if [ -z "${STRIPE_SECRET_KEY:-}" ]; then
  LOCALSTRIPE_PORT="${LOCALSTRIPE_PORT:-8420}"
  export STRIPE_API_BASE="http://127.0.0.1:${LOCALSTRIPE_PORT}"
  export STRIPE_WEBHOOK_SECRET="${STRIPE_WEBHOOK_SECRET:-whsec_gongfang_demo}"
  .venv/bin/python manage.py localstripe --port "$LOCALSTRIPE_PORT" --state-file var/localstripe.pickle \
    --webhook-url "http://127.0.0.1:${PORT}/payments/stripe/webhook/" >var/localstripe.log 2>&1 &
  LOCALSTRIPE_PID=$!
  trap 'kill "$LOCALSTRIPE_PID" 2>/dev/null || true' EXIT
  for _ in $(seq 100); do curl -fsS "$STRIPE_API_BASE/_config/health" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -fsS "$STRIPE_API_BASE/_config/health" >/dev/null 2>&1 || { echo "localstripe did not start: see var/localstripe.log"; exit 1; }
fi
export SITE_URL="${SITE_URL:-http://127.0.0.1:${PORT}}"

cat <<MSG

  工坊 Gongfang is running at http://127.0.0.1:${PORT}/
    staff (管理员)      http://127.0.0.1:${PORT}/admin/     staff / gongfang-staff (superuser)
      roles            manager / gongfang-manager (项目经理), clerk / gongfang-clerk (库管员),
                       finance / gongfang-finance (财务)
    second staff (复核) http://127.0.0.1:${PORT}/admin/     reviewer / gongfang-review (approves payout runs)
    operator (运营员)   http://127.0.0.1:${PORT}/pos/       op-chaka / PIN 1234
    artisan (手工艺人)  http://127.0.0.1:${PORT}/me/        phone 13897000001 / PIN 246810
    tourist (游客)      http://127.0.0.1:${PORT}/          pay with the test card 4242 4242 4242 4242
    QR codes (二维码)   http://127.0.0.1:${PORT}/staff/qr/  as staff
    GraphQL            http://127.0.0.1:${PORT}/graphql/
  Ctrl-C stops it.

MSG
# gunicorn, as in production, but one process with threads (as runserver had): its queue of waiting
# connections is 2048 long where runserver's is 10, so twenty tourists at once wait their turn instead
# of having their connections reset. Static files come from WhiteNoise (from the apps' folders in DEBUG).
# No control socket: its default path is one per user, shared with any other gunicorn running.
.venv/bin/gunicorn config.wsgi --bind "127.0.0.1:${PORT}" --workers 1 --threads 8 --no-control-socket \
  --access-logfile -
