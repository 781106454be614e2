"""A throwaway PostgreSQL cluster for the benches: a temporary folder, a free loopback port, fsync
off, removed by stop(). Shared by bench/pos_sync.py and bench/ledger_bench.py."""

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

PGBIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def without_preload() -> dict[str, str]:
    """This process's environment without LD_PRELOAD: Redis breaks under the libfaketime that
    `GONGFANG_TEST_CLOCK=... make test` preloads, and keeps the machine's own clock."""
    return {name: value for name, value in os.environ.items() if name != "LD_PRELOAD"}


def run_as_postgres(*args: str) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*prefix, *args], check=True, stdout=subprocess.DEVNULL)


class ThrowawayPostgres:
    """A PostgreSQL cluster in a temporary folder on a free loopback port, gone after stop()."""

    def __init__(self, extra_options: str = ""):
        self.extra_options = extra_options
        self.run = Path(tempfile.mkdtemp(prefix="gongfang-bench-"))
        self.data = self.run / "pgdata"
        self.port = free_port()
        self.started = False

    def start(self) -> str:
        self.run.chmod(0o755)
        self.data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.run, "postgres", "postgres")
            shutil.chown(self.data, "postgres", "postgres")
        run_as_postgres(
            str(PGBIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8",
            "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync",
        )  # fmt: skip
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.run} -c fsync=off "
            f"-c synchronous_commit=off -c full_page_writes=off {self.extra_options}"
        )
        run_as_postgres(
            str(PGBIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.run / "pg.log"), "-w", "-t", "60",
            "-o", options, "start",
        )  # fmt: skip
        self.started = True
        run_as_postgres(
            "psql", "-h", str(self.run), "-p", str(self.port), "-v", "ON_ERROR_STOP=1", "-q",
            "-c", "CREATE ROLE app LOGIN PASSWORD 'app' CREATEDB", "-c", "CREATE DATABASE app OWNER app",
        )  # fmt: skip
        return f"postgres://app:app@127.0.0.1:{self.port}/app"

    def stop(self) -> None:
        try:
            if self.started:
                run_as_postgres(str(PGBIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.run, ignore_errors=True)
