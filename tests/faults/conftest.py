"""The platform in its production shape, on parts these tests may break: a PostgreSQL cluster and a
Redis of their own (the suite's are shared with other test processes and must never be restarted),
gunicorn with two sync workers and a prefork Celery worker, all as subprocesses. The tests speak
HTTP to gunicorn, send tasks through the broker as beat would, and read the database with psycopg.

One stack for the whole folder (migrating and starting take most of the time); each test works on a
cart or artisans of its own from the world (tests/faults/world.py). Everything started here is
stopped and removed after the folder's last test, failed or not.
"""

import contextlib
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
import redis
from celery import Celery

from tests.faults.smtp_sink import SmtpSink

ROOT = Path(__file__).resolve().parents[2]


def _bench_module(name: str):
    """A module of bench/ (not a package), loaded by its path: bench/ is never put on sys.path,
    where its storefront.py would shadow the app of that name."""
    spec = importlib.util.spec_from_file_location(f"faults_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The benches' throwaway PostgreSQL and its helpers.
_throwaway = _bench_module("throwaway_postgres")
PGBIN, ThrowawayPostgres = _throwaway.PGBIN, _throwaway.ThrowawayPostgres
free_port, run_as_postgres = _throwaway.free_port, _throwaway.run_as_postgres

GRAPHQL_TIMEOUT = 30


@dataclass
class Stack:
    pg: ThrowawayPostgres
    database_url: str
    redis_port: int
    web_port: int
    env: dict
    run: Path
    world: dict = field(default_factory=dict)
    web: subprocess.Popen | None = None
    worker: subprocess.Popen | None = None
    worker_log: Path | None = None
    mail: SmtpSink | None = None
    stripe: object = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    # PostgreSQL -----------------------------------------------------------------------------------

    def sql(self, query: str, params=()) -> list[tuple]:
        """Rows of one query, on a connection of its own (autocommit)."""
        with psycopg.connect(self.database_url, autocommit=True) as conn:
            return conn.execute(query, params).fetchall()

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(self.database_url)

    def restart_postgres(self, mode: str = "fast") -> None:
        """Every session is cut off (what is not committed is rolled back); back within a second."""
        run_as_postgres(
            str(PGBIN / "pg_ctl"), "-D", str(self.pg.data), "-l", str(self.pg.run / "pg.log"),
            "-m", mode, "-w", "-t", "60", "restart",
        )  # fmt: skip

    def backends_waiting_on_lock(self, exclude_pid: int | None = None) -> list[tuple[int, str]]:
        """(pid, query) of the app's sessions waiting for a row lock."""
        return self.sql(
            "SELECT pid, query FROM pg_stat_activity WHERE datname = 'app' AND wait_event_type = 'Lock'"
            " AND pid <> coalesce(%s, 0)",
            (exclude_pid,),
        )

    def wait_for_lock_waiter(self, exclude=(), timeout: float = 20) -> int:
        """The pid of the first session (not in exclude) found waiting for a lock."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for pid, _query in self.backends_waiting_on_lock():
                if pid not in exclude:
                    return pid
            time.sleep(0.05)
        raise AssertionError("no session came to wait for the lock")

    # Redis ----------------------------------------------------------------------------------------

    def start_redis(self) -> None:
        subprocess.run(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.redis_port), "--daemonize", "yes",
             "--save", "", "--appendonly", "no", "--dir", str(self.run),
             "--logfile", str(self.run / "redis.log")],
            check=True, stdout=subprocess.DEVNULL, env=_throwaway.without_preload(),
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while not self.redis_answers():
            if time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not answer on port {self.redis_port}")
            time.sleep(0.05)

    def stop_redis(self) -> None:
        with contextlib.suppress(redis.ConnectionError):  # already gone, or gone while answering
            self.redis().shutdown(nosave=True)
        deadline = time.monotonic() + 10
        while self.redis_answers():
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not stop")
            time.sleep(0.05)

    def redis_answers(self) -> bool:
        try:
            return self.redis().ping()
        except redis.ConnectionError:
            return False

    def redis_keys(self, pattern: str, db: int = 1) -> int:
        """How many keys match pattern in Redis database db (1: the cache)."""
        return sum(1 for _key in self.redis(db).scan_iter(match=pattern))

    def redis(self, db: int = 0) -> redis.Redis:
        # redis-py, not redis-cli: a client in this process keeps working under the libfaketime that
        # `GONGFANG_TEST_CLOCK=... make test` preloads, where redis-cli hangs.
        return redis.Redis(host="127.0.0.1", port=self.redis_port, db=db, socket_timeout=5)

    def send_task(self, name: str, **kwargs) -> None:
        """Send a task through the broker, as beat sends its schedule (the worker knows it by name)."""
        app = Celery(broker=self.env["REDIS_URL"])
        try:
            app.send_task(name, kwargs=kwargs)
        finally:
            app.close()

    # The Celery worker ----------------------------------------------------------------------------

    def start_worker(self) -> None:
        self.launch_worker()
        self.wait_for_worker()

    def launch_worker(self) -> None:
        self.worker_log = self.run / f"celery-{time.monotonic_ns()}.log"
        log = self.worker_log.open("w")
        self.worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork", "--concurrency=1",
             "--without-gossip", "--without-mingle", "-l", "INFO"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        log.close()

    def wait_for_worker(self) -> None:
        deadline = time.monotonic() + 60
        while "ready." not in self.worker_log.read_text():
            if self.worker.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Celery worker did not start:\n{self.worker_log.read_text()}")
            time.sleep(0.1)

    def worker_children(self) -> list[int]:
        """The pids of the worker's pool processes."""
        pid = self.worker.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [int(child) for child in children]

    def stop_worker(self) -> None:
        if self.worker is None:
            return
        stop_process_group(self.worker)
        self.worker = None

    # HTTP -----------------------------------------------------------------------------------------

    def get(self, path: str, session_cookie: str | None = None) -> tuple[int, str]:
        request = urllib.request.Request(self.base_url + path)
        if session_cookie:
            request.add_header("Cookie", f"sessionid={session_cookie}")
        return _open(request)

    def graphql(self, query: str, variables=None, token: str | None = None) -> tuple[int, dict]:
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        request = urllib.request.Request(
            self.base_url + "/graphql/", data=body, headers={"Content-Type": "application/json"}
        )
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        status, text = _open(request)
        try:
            return status, json.loads(text)
        except ValueError:
            return status, {"non_json": text[:300]}


def _open(request) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(request, timeout=GRAPHQL_TIMEOUT) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def stop_process_group(process: subprocess.Popen) -> None:
    """SIGQUIT: gunicorn's and Celery's quick shutdown (nothing here is worth waiting for)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGQUIT)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    # Pool children left behind by a killed master.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def _manage(env: dict, *args: str) -> str:
    return _finish(_launch(env, *args))


def _launch(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _finish(process: subprocess.Popen) -> str:
    stdout, stderr = process.communicate(timeout=300)
    if process.returncode != 0:
        raise RuntimeError(f"{process.args} failed:\n{stdout}\n{stderr}")
    return stdout


def _launch_web(stack: Stack) -> None:
    log = (stack.run / "gunicorn.log").open("w")
    stack.web = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "2", "--worker-class", "sync",
         "--bind", f"127.0.0.1:{stack.web_port}", "--timeout", "60", "--graceful-timeout", "5"],
        cwd=ROOT, env=stack.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    log.close()


def _wait_for_web(stack: Stack) -> None:
    deadline = time.monotonic() + 60
    while True:
        with contextlib.suppress(OSError):
            if stack.get("/healthz/")[0] == 200:
                return
        if stack.web.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn did not start:\n{(stack.run / 'gunicorn.log').read_text()}")
        time.sleep(0.2)


# Package scope: stopped once the last fault test is done, not at the end of the xdist worker.
@pytest.fixture(scope="package")
def stack(localstripe):
    """The stack, its emails going to an SMTP sink (stack.mail) and its Stripe to localstripe."""
    mail = SmtpSink().start()
    # Commits are durable here (the throwaway default is synchronous_commit=off): an immediate restart
    # must not lose what the app was told was committed.
    pg = ThrowawayPostgres("-c max_connections=50 -c synchronous_commit=on")
    stack = None
    try:
        database_url = pg.start()
        run = pg.run
        redis_port, web_port = free_port(), free_port()
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO"))},
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url,
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "CACHE_URL": f"redis://127.0.0.1:{redis_port}/1",
            "GONGFANG_TESTING": "1",
            "GONGFANG_VAR_DIR": str(run / "var"),
            "MEDIA_ROOT": str(run / "var" / "media"),
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "CONN_MAX_AGE": "60",
            "LOG_LEVEL": "WARNING",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(mail.port),
            "STRIPE_API_BASE": localstripe.url,
            "STRIPE_SECRET_KEY": localstripe.secret_key,
            "STRIPE_WEBHOOK_SECRET": localstripe.webhook_secret,
        }
        localstripe.reset()
        (run / "var" / "static").mkdir(parents=True)
        stack = Stack(
            pg=pg, database_url=database_url, redis_port=redis_port, web_port=web_port, env=env, run=run
        )
        stack.mail, stack.stripe = mail, localstripe
        stack.start_redis()
        _manage(env, "manage.py", "migrate", "--noinput", "-v", "0")
        # The world, the web and the worker start side by side (each mostly imports Django).
        world = _launch(env, "-m", "tests.faults.world")
        _launch_web(stack)
        stack.launch_worker()
        stack.world = json.loads(_finish(world))
        _wait_for_web(stack)
        stack.wait_for_worker()
        yield stack
    finally:
        stops = [pg.stop, mail.stop, localstripe.reset]
        if stack is not None:
            stops[:0] = [
                lambda: stack.web and stop_process_group(stack.web),
                stack.stop_worker,
                stack.stop_redis,
            ]
        for stop in stops:  # each tried, whatever the one before did
            try:
                stop()
            except Exception as error:  # noqa: BLE001
                print(f"faults teardown: {error!r}", file=sys.stderr)
