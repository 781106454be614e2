"""The benches' view of the processes they start: gunicorn started and waited for, a server's process
tree found in /proc, its CPU time (live descendants and the children it has reaped) and its memory.

CPU time is the figure the benches compare changes by: on a shared machine requests per second move
with other load, the CPU a request costs much less."""

import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def wait_for(port: int, path: str, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    """Until GET path on the loopback port answers 200; raises when the process dies or time is up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[:3]} exited: {log.read_text()[-2000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                connection.close()
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"port {port} did not answer within {seconds:.0f} s")


def start_gunicorn(env: dict, port: int, log: Path, *, workers: int) -> subprocess.Popen:
    """config.wsgi under gunicorn sync workers on the loopback port, answering /healthz/."""
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(workers), "--worker-class", "sync",
        "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--log-level", "warning", "--backlog", "256",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    # On a shared, loaded machine three workers importing Django can take longer than a minute.
    seconds = float(os.environ.get("BENCH_SERVER_START_SECONDS", "60"))
    wait_for(port, "/healthz/", server, log, seconds=seconds)
    return server


def process_table() -> dict[int, tuple[int, float, float]]:
    """pid -> (parent pid, own CPU seconds, CPU seconds of the children it has reaped)."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        # after the command: state ppid ... utime(12) stime(13) cutime(14) cstime(15), 0-based
        own = (int(fields[11]) + int(fields[12])) / TICKS
        reaped = (int(fields[13]) + int(fields[14])) / TICKS
        table[int(entry.name)] = (int(fields[1]), own, reaped)
    return table


def with_children(root: int, table: dict | None = None) -> list[int]:
    """The process and every process it forked directly."""
    table = process_table() if table is None else table
    return [root] + [pid for pid, (parent, _, _) in table.items() if parent == root]


def tree_cpu_seconds(root: int, table: dict) -> float:
    """CPU of a process, its live descendants and every child it has already reaped."""
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        if pid not in table:
            continue
        _, own, reaped = table[pid]
        total += own + reaped
        todo.extend(child for child, (parent, _, _) in table.items() if parent == pid)
    return total


def cpu_sample(roots: dict[str, int]) -> dict[str, float]:
    """CPU seconds so far of each named process tree, and of this bench process (its clients)."""
    table = process_table()
    sample = {name: tree_cpu_seconds(pid, table) for name, pid in roots.items()}
    sample["bench_clients"] = sum(os.times()[:2])
    return sample


def cpu_used(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    return {name: after[name] - before[name] for name in after}


def process_with(*words: str) -> int:
    """The process whose command line holds every word and whose parent's does not (the master)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                arguments = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
            except OSError:
                continue
            if all(word in arguments for word in words):
                found.add(int(entry.name))
    table = process_table()
    masters = [pid for pid in found if pid in table and table[pid][0] not in found]
    if len(masters) != 1:
        raise RuntimeError(f"expected one process with {words}, found {masters}")
    return masters[0]


def postmaster_pid() -> int:
    """The PostgreSQL server that Django's connection talks to (the parent of its backend)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    return process_table()[backend][0]


class ServerMemory:
    """VmRSS of a server's master and every worker it forked, summed. The processes are found once
    (scanning /proc took ~4 ms of the bench's CPU a batch, on the cores the server shares) and
    again whenever one of them is gone."""

    def __init__(self, master_pid: int):
        self.master_pid = master_pid
        self.pids = with_children(master_pid)

    def rss_kb(self) -> int:
        total = self._rss_kb()
        if total is None:
            self.pids = with_children(self.master_pid)
            total = self._rss_kb() or 0
        return total

    def _rss_kb(self) -> int | None:
        total = 0
        for pid in self.pids:
            try:
                with open(f"/proc/{pid}/status") as status:
                    for line in status:
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1])
                            break
            except OSError:
                return None
        return total
