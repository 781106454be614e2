"""Redis down: it is both the cache and the Celery broker. The pages and the API keep answering
(the cache misses, core/cache.py); a cart's sales and a tourist's online order are recorded, though
the tasks that would follow them (ledger posting, the confirmation email) cannot be sent; once Redis
is back, the sweeps beat sends every five minutes post the sales and send the email, once."""

import time
import urllib.request
from email import message_from_bytes
from email.header import decode_header, make_header
from http.cookiejar import CookieJar

import pytest
from stripe import StripeClient

from tests.api.checkout_helpers import (
    CHECKOUT_COMPLETE,
    CHECKOUT_CREATE,
    CHECKOUT_DELIVERY_UPDATE,
    CHECKOUT_PAYMENT_CREATE,
)
from tests.faults.support import (
    cart_sales,
    orders_of,
    sale_postings,
    sync,
    synced,
    trial_balance_total,
    wait_until,
)

pytestmark = pytest.mark.xdist_group("faults")

PRODUCTS = "{ products(first: 5) { totalCount edges { node { name } } } }"
SWEEP = "orders.tasks.posting.ledger_post_pending"
CONFIRMATION_SWEEP = "orders.tasks.checkout.order_confirmations_send_pending"
TOURIST = "tourist@example.com"
# A request that waited on the missing cache or broker would hang for the kernel's connect timeout
# (minutes); one that meets "connection refused" at once takes well under a second. The bound leaves
# room for a loaded machine (each task not sent costs Celery's publish retries, about 0.6 s).
PAGE_SECONDS = 5.0


def timed(call):
    started = time.monotonic()
    answer = call()
    return answer, time.monotonic() - started


def portal_home(stack) -> tuple[int, str]:
    """The artisan signs in with her link (the session is kept in the database) and sees her home."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    with opener.open(stack.base_url + stack.world["portal_link"], timeout=30) as response:
        return response.status, response.read().decode()


def buy_online(stack) -> str:
    """A tourist's whole checkout through the API, paid with the test card as Stripe.js would pay;
    answers the order's number."""
    world = stack.world
    lines = [{"variantId": world["variant_ids"]["YAK-S"], "quantity": 1}]
    _, created = stack.graphql(
        CHECKOUT_CREATE, {"input": {"lines": lines, "email": TOURIST, "phone": "13900000000"}}
    )
    token = created["data"]["checkoutCreate"]["checkout"]["token"]
    delivery = {
        "method": "SHIPPING",
        "shippingRegion": world["shipping_region"],
        "recipientName": "李华",
        "shippingAddress": "青海省西宁市城西区 1 号",
    }
    _, delivered = stack.graphql(CHECKOUT_DELIVERY_UPDATE, {"token": token, "input": delivery})
    assert delivered["data"]["checkoutDeliveryUpdate"]["errors"] == []
    _, paying = stack.graphql(CHECKOUT_PAYMENT_CREATE, {"token": token})
    assert paying["data"]["checkoutPaymentCreate"]["errors"] == [], paying
    intent = paying["data"]["checkoutPaymentCreate"]["payment"]["paymentIntentId"]
    stripe = StripeClient(
        stack.stripe.secret_key, base_addresses={"api": stack.stripe.url}, max_network_retries=0
    )
    stripe.v1.payment_intents.update(intent, params={"payment_method": "pm_card_visa"})
    stripe.v1.payment_intents.confirm(intent)
    _, completed = stack.graphql(CHECKOUT_COMPLETE, {"token": token})
    payload = completed["data"]["checkoutComplete"]
    assert payload["errors"] == [], payload
    return payload["order"]["number"]


def emails_to(stack, address: str) -> list[str]:
    """The subjects of the emails the sink got for address."""
    return [
        str(make_header(decode_header(message_from_bytes(raw)["Subject"])))
        for recipients, raw in stack.mail.messages
        if address in recipients
    ]


def sweeps_done(stack, task: str) -> int:
    return stack.worker_log.read_text().count(f"{task}[") // 2  # "received" and "succeeded" lines


def test_with_redis_down_pages_serve_and_what_waits_goes_out_once_it_is_back(stack):
    # Given Redis stopped,
    stack.stop_redis()
    try:
        # the tourists' pages, the API and the artisan portal answer, each within PAGE_SECONDS;
        for path in ("/", "/p/felt-yak/", "/makers/"):
            (status, html), seconds = timed(lambda path=path: stack.get(path))
            assert (path, status) == (path, 200)
            assert "毡制牦牛" in html or path != "/p/felt-yak/"
            assert seconds < PAGE_SECONDS
        (status, body), seconds = timed(lambda: stack.graphql(PRODUCTS))
        assert (status, body["data"]["products"]["totalCount"]) == (200, 1)
        assert seconds < PAGE_SECONDS
        status, html = portal_home(stack)
        assert status == 200 and "乌仁娜" in html

        # a cart's sales are recorded,
        sales = cart_sales(stack, "redis", 3, prefix="REDIS-7F3A")
        answer, seconds = timed(lambda: sync(stack, "redis", sales))
        assert synced(answer)
        assert [r["status"] for r in answer[1]["data"]["posSyncSales"]["results"]] == ["RECORDED"] * 3
        assert seconds < PAGE_SECONDS
        # and a tourist buys online and pays;
        number, seconds = timed(lambda: buy_online(stack))
        assert seconds < 4 * PAGE_SECONDS  # four calls to the API

        # but the tasks that follow could not go out: the sales wait, unposted, and no email is sent.
        uuids = [s["clientUuid"] for s in sales]
        time.sleep(1)
        orders = orders_of(stack, uuids)
        assert [posted for _, posted in orders] == [False] * 3
        assert emails_to(stack, TOURIST) == []
    finally:
        stack.start_redis()

    # When Redis is back and beat sends its sweeps through the broker,
    stack.send_task(SWEEP)
    stack.send_task(CONFIRMATION_SWEEP)
    # then the tourist gets her confirmation, once (the sweep sent again sends nothing more);
    wait_until(lambda: emails_to(stack, TOURIST), what="the confirmation email")
    stack.send_task(CONFIRMATION_SWEEP)
    wait_until(lambda: sweeps_done(stack, CONFIRMATION_SWEEP) == 2, what="the second sweep")
    [subject] = emails_to(stack, TOURIST)
    assert number in subject
    # the worker, reconnected, posts the three sales, each line once, and the books balance;
    pos_numbers = [pos_number for pos_number, _ in orders]
    wait_until(
        lambda: all(posted for _, posted in orders_of(stack, uuids)), what="the sweep to post the sales"
    )
    assert sale_postings(stack, pos_numbers) == dict.fromkeys(pos_numbers, 1)
    assert trial_balance_total(stack) == 0
    # and the pages are kept in the cache again (a request or two may meet a pooled connection
    # that Redis's restart cut, dropped as a miss).
    assert [stack.get("/")[0] for _ in range(4)] == [200] * 4
    assert stack.redis_keys("*storefront:page:*") >= 1
