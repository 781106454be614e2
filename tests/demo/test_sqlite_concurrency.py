"""The embedded demo under concurrency: its SQLite database makes writers wait their turn instead of
answering "database is locked", and its server queues connections instead of resetting them. Two
tablets syncing the same fifty sales at once, and twenty tourists checking out the last fifteen yaks at
once, all get their answers: nothing recorded twice, nothing oversold.

The rest of the suite runs on PostgreSQL; this runs what `make demo` runs: the demo's settings
(GONGFANG_DEMO=1, no DATABASE_URL, tasks in-process) on a SQLite file of its own, migrated and served
by gunicorn as scripts/demo.sh serves it, in a subprocess, hit by concurrent HTTP clients, and read
back with sqlite3.
"""

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.api.pos_helpers import POS_SYNC, sale
from tests.payments.localstripe import free_port

# Both tests on one worker: the server is set up once (migrating SQLite takes most of the time).
pytestmark = pytest.mark.xdist_group("sqlite_demo")

ROOT = Path(__file__).resolve().parents[2]
SALES = 50
CHECKOUTS = 20
# Long enough for a queue of twenty writers on a loaded machine; a lock error comes back at once.
HTTP_TIMEOUT = 120

CHECKOUT_CREATE = """
mutation C($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) { checkout { token } errors { field code message } }
}
"""
CHECKOUT_DELIVERY = """
mutation D($token: UUID!, $input: CheckoutDeliveryInput!) {
  checkoutDeliveryUpdate(token: $token, input: $input) { errors { field code message } }
}
"""
CHECKOUT_PAY = """
mutation P($token: UUID!) {
  checkoutPaymentCreate(token: $token) { payment { paymentIntentId } errors { field code message } }
}
"""
CHECKOUT_COMPLETE = """
mutation F($token: UUID!) {
  checkoutComplete(token: $token) { order { number status } errors { field code message } }
}
"""


@dataclass
class DemoServer:
    url: str
    database: Path
    log: Path
    world: dict
    stripe_url: str
    stripe_key: str

    def graphql(self, query: str, variables: dict, *, token: str = "", user_agent: str = "") -> dict:
        """The answer's JSON; an HTTP error or a GraphQL error fails the calling client."""
        request = urllib.request.Request(
            self.url + "/graphql/",
            data=json.dumps({"query": query, "variables": variables}).encode(),
            headers={"Content-Type": "application/json", "User-Agent": user_agent or "gongfang-test"},
        )
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:
            body = json.loads(response.read())
        if body.get("errors"):
            raise AssertionError(body["errors"])
        return body["data"]

    def pay_with_test_card(self, intent_id: str) -> None:
        """What Stripe.js does in the tourist's browser."""
        for path, form in (
            (f"/v1/payment_intents/{intent_id}", {"payment_method": "pm_card_visa"}),
            (f"/v1/payment_intents/{intent_id}/confirm", {}),
        ):
            request = urllib.request.Request(
                self.stripe_url + path,
                data=urllib.parse.urlencode(form).encode(),
                headers={"Authorization": f"Bearer {self.stripe_key}"},
            )
            with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:
                response.read()

    def rows(self, query: str, params=()) -> list[tuple]:
        with contextlib.closing(sqlite3.connect(f"file:{self.database}?mode=ro", uri=True)) as db:
            return db.execute(query, params).fetchall()


def _run(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:
        raise RuntimeError(f"{args} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory, localstripe):
    var = tmp_path_factory.mktemp("sqlite-demo")
    # The environment `make demo` gives the server (scripts/demo.sh), nothing of the suite's.
    env = {
        **{
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PYTEST", "DJANGO", "GONGFANG", "CELERY", "STRIPE"))
            and key not in {"DATABASE_URL", "REDIS_URL", "CACHE_URL"}
        },
        "GONGFANG_DEMO": "1",
        "DEBUG": "1",
        "GONGFANG_VAR_DIR": str(var),
        "STRIPE_API_BASE": localstripe.url,
        "STRIPE_WEBHOOK_SECRET": localstripe.webhook_secret,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }
    localstripe.reset()
    _run(env, "manage.py", "migrate", "--noinput", "-v", "0")
    world = json.loads(_run(env, "-m", "tests.demo.sqlite_world"))
    port = free_port()
    log = var / "gunicorn.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "1", "--threads", "8", "--no-control-socket", "--access-logfile", "-"],
            cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError), urllib.request.urlopen(url + "/healthz/", timeout=5) as answer:
                if answer.status == 200:
                    break
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start:\n{log.read_text()}")
            time.sleep(0.2)
        yield DemoServer(
            url=url,
            database=var / "gongfang.sqlite3",
            log=log,
            world=world,
            stripe_url=localstripe.url,
            stripe_key=localstripe.secret_key,
        )
    finally:
        server.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        localstripe.reset()


def at_once(count: int, work) -> tuple[list, list[str]]:
    """work(n) for n in range(count), each on its own thread released at the same moment:
    (the results in order, the failures)."""
    start = threading.Barrier(count)
    results, failures = [None] * count, []

    def run(n: int):
        start.wait()
        try:
            results[n] = work(n)
        except (AssertionError, OSError, urllib.error.URLError, ValueError) as error:
            failures.append(f"{n}: {error!r}"[:400])

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, failures


def test_two_tablets_syncing_the_same_fifty_sales_at_once_both_get_answers(demo_server):
    # given: fifty sales of a small yak at Chaka, queued on two tablets
    world = demo_server.world
    sales = [sale(world["shift"], n) for n in range(SALES)]
    variables = {"input": {"cart": "chaka", "deviceId": "TAB-7F3A", "sales": sales}}

    # when: both sync at the same moment
    answers, failures = at_once(
        2, lambda _n: demo_server.graphql(POS_SYNC, variables, token=world["operator_token"])["posSyncSales"]
    )

    # then: both were answered, each sale recorded once and the other time known as a duplicate
    assert failures == []
    assert [answer["errors"] for answer in answers] == [[], []]
    statuses = sorted(
        (result["clientUuid"], result["status"]) for answer in answers for result in answer["results"]
    )
    assert statuses == sorted(
        [(item["clientUuid"], "RECORDED") for item in sales]
        + [(item["clientUuid"], "DUPLICATE") for item in sales]
    )
    assert demo_server.rows("SELECT count(*), count(DISTINCT order_id) FROM carts_possale") == [
        (SALES, SALES)
    ]
    # and the cart holds fifty yaks fewer
    assert demo_server.rows(
        "SELECT s.quantity FROM inventory_stocklevel s JOIN inventory_location l ON l.id = s.location_id"
        " WHERE l.code = 'cart-chaka'"
    ) == [(world["cart_stock"] - SALES,)]
    assert "database is locked" not in demo_server.log.read_text()


def test_twenty_tourists_checking_out_the_last_fifteen_yaks_at_once_none_oversold(demo_server):
    world = demo_server.world
    in_stock = world["base_stock"]
    assert demo_server.rows("SELECT count(*) FROM orders_order WHERE channel = 'online'") == [(0,)]

    def checkout(n: int) -> tuple:
        """("paid", order number), or ("refused", field, code) when the shop answered it has none left."""
        # Each tourist on her own phone: the limits on unpaid checkouts are per client.
        phone = f"phone-{n}-{uuid.uuid4().hex[:6]}"
        lines = [{"variantId": world["variant_id"], "quantity": 1}]
        created = demo_server.graphql(
            CHECKOUT_CREATE,
            {"input": {"lines": lines, "email": f"t{n}@example.com", "phone": "13900000000"}},
            user_agent=phone,
        )["checkoutCreate"]
        if created["errors"]:
            return ("refused", *[(e["field"], e["code"]) for e in created["errors"]])
        token = created["checkout"]["token"]
        delivery = {
            "method": "SHIPPING",
            "shippingRegion": world["shipping_region"],
            "recipientName": "李华",
            "shippingAddress": "青海省西宁市城西区 1 号",
        }
        delivered = demo_server.graphql(
            CHECKOUT_DELIVERY, {"token": token, "input": delivery}, user_agent=phone
        )["checkoutDeliveryUpdate"]
        assert delivered["errors"] == []
        paying = demo_server.graphql(CHECKOUT_PAY, {"token": token}, user_agent=phone)[
            "checkoutPaymentCreate"
        ]
        if paying["errors"]:
            return ("refused", *[(e["field"], e["code"]) for e in paying["errors"]])
        demo_server.pay_with_test_card(paying["payment"]["paymentIntentId"])
        done = demo_server.graphql(CHECKOUT_COMPLETE, {"token": token}, user_agent=phone)["checkoutComplete"]
        assert done["errors"] == []
        assert done["order"]["status"] == "PAID"
        return ("paid", done["order"]["number"])

    # when: twenty tourists check out one yak each at the same moment, and the base holds fifteen
    outcomes, failures = at_once(CHECKOUTS, checkout)

    # then: every one was answered; fifteen paid, each with an order of her own, and five were told
    # there are none left before paying anything
    assert failures == []
    paid = [outcome[1] for outcome in outcomes if outcome[0] == "paid"]
    refused = [outcome[1:] for outcome in outcomes if outcome[0] == "refused"]
    assert (len(paid), len(set(paid))) == (in_stock, in_stock)
    assert refused == [(("lines", "INSUFFICIENT_STOCK"),)] * (CHECKOUTS - in_stock)
    assert demo_server.rows(
        "SELECT count(*), sum(total_fen) FROM orders_order WHERE channel = 'online' AND status = 'paid'"
    ) == [(in_stock, in_stock * (12800 + 1200))]
    assert demo_server.rows("SELECT count(*) FROM payments_payment") == [(in_stock,)]
    # and the base's fifteen yaks are all allocated to those orders, not one more
    assert demo_server.rows(
        "SELECT s.quantity, s.allocated FROM inventory_stocklevel s"
        " JOIN inventory_location l ON l.id = s.location_id WHERE l.code = 'base'"
    ) == [(in_stock, in_stock)]
    assert "database is locked" not in demo_server.log.read_text()
