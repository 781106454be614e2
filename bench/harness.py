"""What the benches share: a GraphQL call over a keep-alive connection, percentiles, tearing down
what a run started (servers, the throwaway PostgreSQL and Redis, the run's folder), importing one
bench from another, and a Celery worker."""

import http.client
import importlib.util
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from throwaway_redis import stop_redis


def graphql(connection: http.client.HTTPConnection, body: bytes) -> dict:
    connection.request("POST", "/graphql/", body=body, headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    payload = response.read()
    if response.status != 200:
        raise RuntimeError(f"HTTP {response.status}: {payload[:300]!r}")
    answer = json.loads(payload)
    if answer.get("errors"):
        raise RuntimeError(f"GraphQL errors: {answer['errors'][:1]}")
    return answer["data"]


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def tear_down(*, processes, postgres, redis_port: int | None, folder: Path) -> None:
    """Stop the servers (SIGTERM, then kill after 30 s), Django's connections, PostgreSQL and Redis,
    and delete the run's folder. Anything not started yet is None and skipped."""
    for process in processes:
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    try:
        from django.db import connections

        connections.close_all()
    except Exception:  # Django may never have been set up
        pass
    if postgres is not None:
        postgres.stop()
    if redis_port is not None:
        stop_redis(redis_port)
    shutil.rmtree(folder, ignore_errors=True)


def bench_module(name: str):
    """Import bench/<name>.py as `bench_<name>`: bench/storefront.py shares its name with the Django
    app `storefront`, which a plain `import storefront` from bench/ would shadow."""
    module_name = f"bench_{name}"
    if module_name not in sys.modules:
        spec = importlib.util.spec_from_file_location(module_name, Path(__file__).with_name(f"{name}.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    return sys.modules[module_name]


def start_celery_worker(env: dict, folder: Path, concurrency: str = "1") -> subprocess.Popen:
    """A Celery worker (prefork) on the run's broker, logging to <folder>/celery.log; stopped by
    tear_down like the other servers."""
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork",
        f"--concurrency={concurrency}", "--loglevel=WARNING", "--without-gossip", "--without-mingle",
        "--without-heartbeat",
    ]  # fmt: skip
    log = (folder / "celery.log").open("w")
    return subprocess.Popen(command, cwd=Path(__file__).resolve().parent.parent, env=env, stdout=log,
                            stderr=subprocess.STDOUT)  # fmt: skip


def wait_for_worker(seconds: float = 60) -> None:
    """Until a Celery worker answers a ping (needs Django's settings, as the worker's)."""
    from config.celery import app

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if app.control.ping(timeout=1.0):
            return
    raise RuntimeError(f"no Celery worker answered within {seconds:.0f} s")
