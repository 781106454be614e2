"""The loopback localstripe: its state is private to each instance, and `manage.py localstripe` serves it."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from payments.services import payment_intent_create
from tests.payments.localstripe import ROOT, free_port


@pytest.mark.django_db
def test_its_state_file_is_in_its_own_temp_folder(stripe_server):
    payment_intent_create(reference="chk_1", amount_fen=100)

    assert stripe_server.state_file.exists()
    assert stripe_server.state_file.read_bytes().count(b"pi_") >= 1


def listening_on(port: int) -> list[str]:
    """Local addresses (hex, as the kernel lists them) with a socket listening on port."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as lines:
            for line in lines.readlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                if state == "0A" and local.endswith(f":{port:04X}"):
                    found.append(local.split(":")[0])
    return found


def test_it_listens_on_loopback_only(stripe_server):
    assert listening_on(stripe_server.port) == ["0100007F"]


def test_the_management_command_serves_it_on_loopback(tmp_path):
    port = free_port()
    env = {**os.environ, "TMPDIR": str(tmp_path), "GONGFANG_TESTING": "1"}
    server = subprocess.Popen(
        [sys.executable, "manage.py", "localstripe", "--port", str(port), "--from-scratch"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        status = None
        deadline = time.monotonic() + 30
        while status is None and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_config/health", timeout=1) as answer:
                    status = answer.status
            except OSError:
                time.sleep(0.2)
        assert status == 200
        assert Path(tmp_path, "localstripe.pickle").exists()
    finally:
        server.terminate()
        server.wait(timeout=10)
