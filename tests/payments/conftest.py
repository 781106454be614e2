"""Payments tests run against a real localstripe (the `stripe_server` fixture of tests/conftest.py)."""

import datetime
import json
import queue
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest

from payments.models import Payment, Refund, StripeEvent
from payments.stripe_client import get_client

CHINA = ZoneInfo("Asia/Shanghai")

# A card that asks for 3-D Secure (localstripe has no pm_card_… name for one).
THREE_D_SECURE_CARD = {"number": "4000002500003155", "exp_month": 12, "exp_year": 2030, "cvc": "123"}


@dataclass(frozen=True)
class Delivery:
    body: bytes
    signature: str


class WebhookReceiver:
    """A tiny HTTP server on loopback that keeps what localstripe POSTs to it."""

    def __init__(self):
        self.deliveries: queue.Queue[Delivery] = queue.Queue()
        received = self.deliveries

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                received.put(Delivery(body=body, signature=self.headers.get("Stripe-Signature", "")))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/payments/stripe/webhook/"

    def next(self, *, event_type: str, about: str, timeout: float = 10.0) -> Delivery:
        """The next delivery of an event_type event about the object with id `about` (others are
        skipped: localstripe sends ~1 s late, so an earlier test's event can still arrive here)."""
        while True:
            delivery = self.deliveries.get(timeout=timeout)
            event = json.loads(delivery.body)
            if event["type"] == event_type and event["data"]["object"]["id"] == about:
                return delivery


@pytest.fixture
def webhook_receiver(stripe_server):
    receiver = WebhookReceiver()
    receiver.thread.start()
    stripe_server.register_webhook("gongfang-test", url=receiver.url)
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def three_d_secure_card(stripe_server) -> str:
    return get_client().v1.payment_methods.create(params={"type": "card", "card": THREE_D_SECURE_CARD}).id


def stripe_intent(payment: Payment):
    return get_client().v1.payment_intents.retrieve(payment.provider_reference)


def stripe_refunds(payment: Payment) -> list[tuple[int, str]]:
    """(amount, our reason) of each refund localstripe holds for the payment's intent, sorted."""
    listed = get_client().v1.refunds.list(params={"payment_intent": payment.provider_reference})
    return sorted((refund.amount, refund.metadata["reason"]) for refund in listed.data)


def snapshot() -> dict:
    """Every payments row, to show that a refused call wrote nothing."""
    return {
        "payments": list(Payment.objects.order_by("pk").values()),
        "refunds": list(Refund.objects.order_by("pk").values()),
        "events": list(StripeEvent.objects.order_by("pk").values()),
    }


@pytest.fixture
def day(time_machine) -> datetime.date:
    """The clock pinned at noon Beijing time of the current date (so no payment straddles midnight;
    the fakes' throwaway certificates are valid for the days around the real date)."""
    today = datetime.datetime.now(CHINA).date()
    time_machine.move_to(datetime.datetime.combine(today, datetime.time(12), tzinfo=CHINA), tick=True)
    return today


@pytest.fixture
def next_morning(time_machine, day):
    def move():
        morning = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(10, 30))
        time_machine.move_to(morning.replace(tzinfo=CHINA), tick=True)

    return move
