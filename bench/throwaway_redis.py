"""A throwaway Redis on a free loopback port for the benches (Celery broker, shared cache)."""

import subprocess
import time
from pathlib import Path

from throwaway_postgres import free_port, without_preload


def start_redis(run_dir: Path) -> tuple[str, int]:
    """Start redis-server without persistence; answers (url of database 0, port)."""
    port = free_port()
    subprocess.run(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--daemonize", "yes", "--save", "",
         "--appendonly", "no", "--dir", str(run_dir), "--logfile", str(run_dir / "redis.log")],
        check=True, stdout=subprocess.DEVNULL, env=without_preload(),
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        ping = subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", str(port), "ping"], capture_output=True)
        if ping.stdout.strip() == b"PONG":
            return f"redis://127.0.0.1:{port}/0", port
        time.sleep(0.1)
    raise RuntimeError(f"redis-server did not answer on port {port}")


def stop_redis(port: int) -> None:
    subprocess.run(
        ["redis-cli", "-h", "127.0.0.1", "-p", str(port), "shutdown", "nosave"], capture_output=True
    )
