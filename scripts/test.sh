#!/usr/bin/env bash
# The whole test suite against the real parts: a throwaway PostgreSQL cluster and Redis on loopback,
# both stopped on exit. Extra arguments go to pytest (make test ARGS="-k stock").
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-system-packages.sh
scripts/install-python.sh dev
scripts/install-node-packages.sh

free_port() { .venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PGBIN=/usr/lib/postgresql/15/bin
PGPORT=$(free_port)
REDIS_PORT=$(free_port)
RUN=$(mktemp -d -t gongfang-test-XXXX)
chmod 755 "$RUN"

stop_services() {
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$RUN/pgdata" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$RUN"
}
trap stop_services EXIT

mkdir -p "$RUN/pgdata"; chown -R postgres:postgres "$RUN/pgdata"
runuser -u postgres -- "$PGBIN/initdb" -D "$RUN/pgdata" -U postgres -E UTF8 --locale=C.UTF-8 \
  --auth-local=trust --auth-host=scram-sha-256 --no-sync >/dev/null
chown postgres:postgres "$RUN"
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$RUN/pgdata" -l "$RUN/pg.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $RUN -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
runuser -u postgres -- psql -h "$RUN" -p "$PGPORT" -v ON_ERROR_STOP=1 -q \
  -c "CREATE ROLE app LOGIN PASSWORD 'app' CREATEDB SUPERUSER" -c "CREATE DATABASE app OWNER app"

redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save '' --appendonly no \
  --pidfile "$RUN/redis.pid" --logfile "$RUN/redis.log" --dir "$RUN"
for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

export DATABASE_URL="postgres://app:app@127.0.0.1:$PGPORT/app"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export GONGFANG_TESTING=1
export GONGFANG_VAR_DIR="$RUN/var"
mkdir -p "$GONGFANG_VAR_DIR/static"
# Tasks run in-process unless a test asks for the real worker (tests/conftest.py starts it).
export CELERY_TASK_ALWAYS_EAGER=1

# GONGFANG_TEST_CLOCK="2027-01-01 00:05" runs the tests with the clock of every Python process (the
# tests and the servers they start) moved to that moment by Debian's libfaketime, to prove that no test
# passes or fails by the date it runs on. One offset for all of them, so they share one clock; Chromium
# and Redis keep the machine's own (a tablet's clock is its own; Redis breaks under libfaketime).
clock=()
if [ -n "${GONGFANG_TEST_CLOCK:-}" ]; then
  clock=(env LD_PRELOAD="$(dpkg -L libfaketime | grep '/libfaketime.so.1$')"
         FAKETIME="+$(( $(date -d "$GONGFANG_TEST_CLOCK UTC" +%s) - $(date +%s) ))"
         FAKETIME_ONLY_CMDS=python,python3,python3.11)
fi

set +e
"${clock[@]}" .venv/bin/python -m pytest -n 2 --dist loadgroup "$@"
rc=$?
set -e
exit $rc
