"""A localstripe process for the tests: started on a free loopback port with a private temp folder
(its state file lives there, see payments/localstripe_server.py), waited for, stopped at the end."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SECRET_KEY = "sk_test_local"
WEBHOOK_SECRET = "whsec_test_local_gongfang"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LocalStripe:
    process: subprocess.Popen
    port: int
    folder: Path
    log: Path
    secret_key: str = SECRET_KEY
    webhook_secret: str = WEBHOOK_SECRET
    webhooks: set[str] = field(default_factory=set)  # the names this handle registered

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def state_file(self) -> Path:
        return self.folder / "localstripe.pickle"

    def request(self, method: str, path: str, data: dict | None = None) -> int:
        body = urllib.parse.urlencode(data or {}, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.url + path, data=body, method=method)
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status

    def reset(self) -> None:
        """Forget every object (DELETE /_config/data) and silence the webhooks registered here.

        localstripe has no route that removes a webhook; registering it again under its name with an
        empty list of events (POST /_config/webhooks/<name>) leaves it taking no event, so a test's
        webhook is not called for the rest of the run."""
        self.request("DELETE", "/_config/data")
        for name in sorted(self.webhooks):
            silent = {"url": self.url, "secret": self.webhook_secret, "events": []}
            request = urllib.request.Request(
                f"{self.url}/_config/webhooks/{name}",
                data=json.dumps(silent).encode(),
                headers={"Content-Type": "application/json"},
                method="POST",
            )
            with urllib.request.urlopen(request, timeout=5):
                pass
        self.webhooks.clear()

    def register_webhook(self, name: str, *, url: str, secret: str | None = None) -> None:
        self.request(
            "POST", f"/_config/webhooks/{name}", {"url": url, "secret": secret or self.webhook_secret}
        )
        self.webhooks.add(name)

    def answers(self) -> bool:
        try:
            return self.request("GET", "/_config/health") == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start(folder: Path, *, attempts: int = 3, timeout: float = 20.0) -> LocalStripe:
    """Start localstripe with TMPDIR=folder; a port taken between choosing and binding is retried."""
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "TMPDIR": str(folder), "PYTHONUNBUFFERED": "1"}
    failures = []
    for attempt in range(attempts):
        port = free_port()
        log = folder / f"localstripe-{attempt}.log"
        with log.open("w") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "payments.localstripe_server", "--port", str(port), "--from-scratch"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        server = LocalStripe(process=process, port=port, folder=folder, log=log)
        deadline = time.monotonic() + timeout
        while process.poll() is None and time.monotonic() < deadline:
            if server.answers():
                return server
            time.sleep(0.1)
        server.stop()
        failures.append(log.read_text())
    raise RuntimeError("localstripe did not start:\n" + "\n---\n".join(failures))
