"""What the benches share: a GraphQL call over a keep-alive connection, percentiles, and tearing
down what a run started (servers, the throwaway PostgreSQL and Redis, the run's folder)."""

import http.client
import json
import shutil
import signal
import subprocess
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
