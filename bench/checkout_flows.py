"""The storefront bench's third phase: complete checkout flows, each as a tourist's phone and Stripe.js
would run it: checkoutCreate -> checkoutDeliveryUpdate -> checkoutPaymentCreate -> the PaymentIntent
confirmed with the test card straight at localstripe -> checkoutComplete.

With BENCH_GATEWAY=wechat_pay the payment is WeChat Pay's instead, through its fake (tests/fakes/
wechat_pay.py, started by bench/storefront.py; wechatpayv3 signs every call in the web workers):
checkoutPaymentCreate(gateway WECHAT_PAY, scene NATIVE) -> the tourist pays in her wallet (the fake
marks the trade paid and POSTs its signed, encrypted notification to the notify view, which records
the payment and completes the checkout) -> checkoutComplete answers the order.

Knobs (environment): BENCH_FLOWS (400), BENCH_FLOW_CLIENTS (16), BENCH_GATEWAY (stripe, wechat_pay).

Besides flows per second it reports the CPU each part used during the phase, per flow: the gunicorn
master and its workers, the PostgreSQL cluster (postmaster, its live backends and those it reaped),
localstripe and this process's clients, read from /proc, so a shared machine's other load does not
count. That figure, not the wall-clock rate, is the one to compare between runs on a busy machine.
"""

import http.client
import json
import os
import random
import threading
import time
import urllib.parse

from harness import graphql, percentile
from processes import cpu_sample, postmaster_pid, process_with

FLOWS = int(os.environ.get("BENCH_FLOWS", "400"))
FLOW_CLIENTS = int(os.environ.get("BENCH_FLOW_CLIENTS", "16"))
GATEWAY = os.environ.get("BENCH_GATEWAY", "stripe")

CHECKOUT_CREATE = """
mutation C($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) { checkout { token totalPrice { amountFen } } errors { field code message } }
}
"""
CHECKOUT_DELIVERY = """
mutation D($token: UUID!, $input: CheckoutDeliveryInput!) {
  checkoutDeliveryUpdate(token: $token, input: $input) {
    checkout { totalPrice { amountFen } } errors { field code message }
  }
}
"""
CHECKOUT_PAY = """
mutation P($token: UUID!, $gateway: PaymentGateway, $scene: PaymentScene) {
  checkoutPaymentCreate(token: $token, gateway: $gateway, scene: $scene) {
    payment { paymentIntentId clientSecret amount { amountFen } } errors { field code message }
  }
}
"""
CHECKOUT_COMPLETE = """
mutation F($token: UUID!) {
  checkoutComplete(token: $token) {
    order { number status total { amountFen } } errors { field code message }
  }
}
"""


def confirm_with_test_card(stripe: http.client.HTTPConnection, intent_id: str, stripe_key: str) -> None:
    """What Stripe.js does in the browser: the card attached, the intent confirmed (localstripe
    takes no payment_method on confirm, so it is set first, as payments.services does)."""
    headers = {"Authorization": f"Bearer {stripe_key}", "Content-Type": "application/x-www-form-urlencoded"}
    for path, form in (
        (f"/v1/payment_intents/{intent_id}", {"payment_method": "pm_card_visa"}),
        (f"/v1/payment_intents/{intent_id}/confirm", {}),
    ):
        stripe.request("POST", path, body=urllib.parse.urlencode(form), headers=headers)
        response = stripe.getresponse()
        payload = response.read()
        if response.status != 200:
            raise RuntimeError(f"localstripe {response.status}: {payload[:300]!r}")
    if json.loads(payload)["status"] != "succeeded":
        raise RuntimeError(f"intent {intent_id} did not succeed")


def bench_checkout(port: int, stripe_port: int, world: dict, *, stripe_key: str, wechat_pay=None) -> dict:
    """wechat_pay: the WeChat Pay fake the web workers are configured against (BENCH_GATEWAY)."""
    rng = random.Random(3)
    plans = []
    for number in range(FLOWS):
        lines = [{"variantId": variant, "quantity": 1} for variant in rng.sample(world["variant_ids"], 2)]
        plans.append(
            {
                "create": json.dumps(
                    {
                        "query": CHECKOUT_CREATE,
                        "variables": {
                            "input": {
                                "lines": lines,
                                "email": f"t{number}@example.com",
                                "phone": "13900000000",
                            }
                        },
                    }
                ).encode(),
                "delivery": {
                    "method": "SHIPPING",
                    "shippingRegion": world["region"],
                    "recipientName": "李华",
                    "shippingAddress": "青海省西宁市城西区 1 号",
                },
            }
        )
    pay_with = {"gateway": "WECHAT_PAY", "scene": "NATIVE"} if wechat_pay is not None else {}
    lock = threading.Lock()
    todo = list(range(FLOWS))
    latencies: list[float] = []
    failures: list = []
    numbers: list[str] = []
    steps: dict[str, list[float]] = {
        name: [] for name in ("create", "delivery", "payment", "confirm", "complete")
    }

    def body(query: str, variables: dict) -> bytes:
        return json.dumps({"query": query, "variables": variables}).encode()

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        stripe = http.client.HTTPConnection("127.0.0.1", stripe_port, timeout=60)
        try:
            while True:
                with lock:
                    if not todo:
                        return
                    plan = plans[todo.pop()]
                marks = [time.perf_counter()]
                created = graphql(connection, plan["create"])["checkoutCreate"]
                if created["errors"]:
                    raise RuntimeError(created["errors"])
                token = created["checkout"]["token"]
                marks.append(time.perf_counter())
                delivery = body(CHECKOUT_DELIVERY, {"token": token, "input": plan["delivery"]})
                delivered = graphql(connection, delivery)["checkoutDeliveryUpdate"]
                if delivered["errors"]:
                    raise RuntimeError(delivered["errors"])
                marks.append(time.perf_counter())
                paying = graphql(connection, body(CHECKOUT_PAY, {"token": token, **pay_with}))
                paying = paying["checkoutPaymentCreate"]
                if paying["errors"]:
                    raise RuntimeError(paying["errors"])
                marks.append(time.perf_counter())
                reference = paying["payment"]["paymentIntentId"]
                if wechat_pay is None:
                    confirm_with_test_card(stripe, reference, stripe_key)
                else:  # she pays in WeChat; WeChat Pay notifies us (the view answers 204)
                    # 16 clients queue on 3 sync workers: the notification waits its turn as they do
                    status = wechat_pay.deliver(wechat_pay.pay(reference), timeout=60)
                    if status != 204:
                        raise RuntimeError(f"notification answered {status}")
                marks.append(time.perf_counter())
                done = graphql(connection, body(CHECKOUT_COMPLETE, {"token": token}))["checkoutComplete"]
                if done["errors"] or done["order"]["status"] != "PAID":
                    raise RuntimeError(done)
                marks.append(time.perf_counter())
                with lock:
                    latencies.append(marks[-1] - marks[0])
                    for name, start, end in zip(steps, marks, marks[1:], strict=False):
                        steps[name].append(end - start)
                    numbers.append(done["order"]["number"])
        except Exception as error:  # counted and reported
            failures.append(repr(error)[:500])
        finally:
            connection.close()
            stripe.close()

    threads = [threading.Thread(target=client) for _ in range(FLOW_CLIENTS)]
    roots = {
        "gunicorn": process_with("gunicorn", f"127.0.0.1:{port}"),
        "postgres": postmaster_pid(),
        "localstripe": process_with("payments.localstripe_server", str(stripe_port)),
    }
    cpu_before = cpu_sample(roots)
    begin = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - begin
    cpu_after = cpu_sample(roots)
    ordered = sorted(latencies)
    flows = max(len(ordered), 1)
    result = {
        "gateway": "wechat_pay" if wechat_pay is not None else "stripe",
        "flows": len(ordered),
        "clients": FLOW_CLIENTS,
        "seconds": round(seconds, 2),
        "flows_per_second": round(len(ordered) / seconds, 1),
        "flow_p50_ms": round(percentile(ordered, 0.5) * 1000, 1),
        "flow_p95_ms": round(percentile(ordered, 0.95) * 1000, 1),
        "step_p50_ms": {
            name: round(percentile(sorted(values), 0.5) * 1000, 1) for name, values in steps.items()
        },
        "cpu_ms_per_flow": {
            name: round((cpu_after[name] - cpu_before[name]) * 1000 / flows, 1) for name in cpu_before
        },
        "failures": len(failures),
        "distinct_orders": len(set(numbers)),
    }
    if failures:
        result["first_failure"] = failures[0]
    return result
