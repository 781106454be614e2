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
  for _ in $(seq 600); do curl -fsS "$STRIPE_API_BASE/_config/health" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -fsS "$STRIPE_API_BASE/_config/health" >/dev/null 2>&1 || { echo "localstripe did not start: see var/localstripe.log"; exit 1; }
fi
# WeChat Pay: its fake (tests/fakes/wechat_pay.py, run by tests/fakes/wallet_demo.py) on loopback
# with keys made now, unless a real merchant is configured; its /wallet/ pages stand in for the tourist's phone (docs/payments.md).
if [ -z "${WECHATPAY_MCHID:-}" ]; then
  WECHATPAY_FAKE_PORT="${WECHATPAY_FAKE_PORT:-$((PORT + 200))}"
  rm -f var/wechat-pay/env
  .venv/bin/python -m tests.fakes.wallet_demo wechat-pay --port "$WECHATPAY_FAKE_PORT" --folder var/wechat-pay \
    --notify-url "http://127.0.0.1:${PORT}/payments/wechat-pay/notify/" >var/wechat-pay.log 2>&1 &
  WECHATPAY_FAKE_PID=$!
  trap 'kill "${LOCALSTRIPE_PID:-}" "$WECHATPAY_FAKE_PID" 2>/dev/null || true' EXIT
  for _ in $(seq 600); do [ -s var/wechat-pay/env ] && break; sleep 0.1; done
  [ -s var/wechat-pay/env ] || { echo "the WeChat Pay fake did not start: see var/wechat-pay.log"; exit 1; }
  # shellcheck disable=SC1091
  . var/wechat-pay/env
fi
# Alipay likewise (tests/fakes/alipay.py): its cashier is the browser's gateway, and python-alipay-sdk
# reaches its open API through it as the HTTPS proxy of the server's process.
if [ -z "${ALIPAY_APPID:-}" ]; then
  ALIPAY_FAKE_PORT="${ALIPAY_FAKE_PORT:-$((PORT + 300))}"
  rm -f var/alipay/env
  .venv/bin/python -m tests.fakes.wallet_demo alipay --port "$ALIPAY_FAKE_PORT" --folder var/alipay \
    --notify-url "http://127.0.0.1:${PORT}/payments/alipay/notify/" \
    --return-url "http://127.0.0.1:${PORT}/checkout/return/" >var/alipay.log 2>&1 &
  ALIPAY_FAKE_PID=$!
  trap 'kill "${LOCALSTRIPE_PID:-}" "${WECHATPAY_FAKE_PID:-}" "$ALIPAY_FAKE_PID" 2>/dev/null || true' EXIT
  for _ in $(seq 600); do [ -s var/alipay/env ] && break; sleep 0.1; done
  [ -s var/alipay/env ] || { echo "the Alipay fake did not start: see var/alipay.log"; exit 1; }
  # shellcheck disable=SC1091
  . var/alipay/env
fi
# urllib (Alipay's SDK) and httpx (WeChat Pay's) read one SSL_CERT_FILE: it trusts each fake's
# throwaway authority, and the usual authorities (certifi's) for a real provider beside a fake.
if [ -n "${WECHATPAY_FAKE_PID:-}${ALIPAY_FAKE_PID:-}" ]; then
  cat ${WECHATPAY_FAKE_PID:+var/wechat-pay/ca.pem} ${ALIPAY_FAKE_PID:+var/alipay/ca.pem} \
    "$(.venv/bin/python -m certifi)" >var/wallets-ca.pem
  export SSL_CERT_FILE="$PWD/var/wallets-ca.pem"
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
    tourist (游客)      http://127.0.0.1:${PORT}/          pay with the test card 4242 4242 4242 4242,
                       or WeChat Pay / Alipay (their fakes' pages stand in for the phone's wallet)
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
