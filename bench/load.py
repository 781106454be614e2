"""The load test's users, for locust (run by bench/load_run.py, which builds the world they read):

- tourists browsing: home, category listings, product pages, search, the `products` query and the
  language switch, with a phone user's think time;
- tourists buying: the GraphQL checkout flow, the card confirmed at localstripe as Stripe.js would;
- exactly three cart tablets, one per cart and operator, syncing batches of 5-20 sales every few
  seconds (now and then resending a batch whose answer "got lost"), and reading posCatalog and
  cartStock;
- artisans reading their balance and statement (GraphQL, bearer token) and their portal page /me/.

Every answer is checked (HTTP 200, no GraphQL errors, the payload makes sense); anything else is a
locust failure, so the error count means something. The world comes from the JSON file named by
LOAD_WORLD; counts of what the users did go to LOAD_COUNTS when the test stops.
"""

import datetime
import http.client
import itertools
import json
import os
import random
import time
import urllib.parse
import uuid
from pathlib import Path

from checkout_flows import (
    CHECKOUT_COMPLETE,
    CHECKOUT_CREATE,
    CHECKOUT_DELIVERY,
    CHECKOUT_PAY,
    confirm_with_test_card,
)
from harness import bench_module
from load_requests import (
    BALANCE,
    CART_STOCK,
    POS_CATALOG,
    SEARCH,
    STATEMENT,
    get_page,
    graphql,
    payload_errors,
)
from locust import HttpUser, between, events, task
from pos_sync import SYNC

PRODUCTS_QUERY = bench_module("storefront").PRODUCTS_QUERY
cursor = bench_module("storefront").cursor
WORLD = (
    json.loads(Path(os.environ["LOAD_WORLD"]).read_text(encoding="utf-8"))
    if "LOAD_WORLD" in os.environ
    else {}
)
COUNTS = {"checkout_flows_completed": 0, "sales_synced": 0, "sync_batches": 0, "batches_resent": 0}
RUNNER = []  # locust's runner, kept to read how many users of each kind it spawned
ACCEPTED = ("RECORDED", "RECORDED_WITH_FLAGS")


@events.test_start.add_listener
def note_start(environment, **kwargs):
    COUNTS["started_at"] = time.time()
    RUNNER.append(environment.runner)


@events.spawning_complete.add_listener
def note_users(user_count, **kwargs):
    COUNTS["users"] = dict(RUNNER[0].user_classes_count)


@events.test_stop.add_listener
def write_counts(environment, **kwargs):
    """What the users did, and every distinct failure, for the runner's report."""
    if "LOAD_COUNTS" not in os.environ:
        return
    errors = [
        {
            "name": error.name,
            "method": error.method,
            "error": str(error.error)[:500],
            "occurrences": error.occurrences,
        }
        for error in environment.stats.errors.values()
    ]
    with open(os.environ["LOAD_COUNTS"], "w", encoding="utf-8") as file:
        json.dump({**COUNTS, "stopped_at": time.time(), "errors": errors}, file)


class TouristBrowsing(HttpUser):
    weight = 30
    wait_time = between(2, 8)  # reading a page on a phone

    def on_start(self):
        self.lang = "zh-hans"
        get_page(self.client, "browse: home", "/")

    @task(3)
    def home(self):
        get_page(self.client, "browse: home", "/", lang=self.lang)

    @task(4)
    def category(self):
        slug = random.choice(WORLD["category_slugs"])
        page = random.choice((1, 1, 1, 2, 3))
        get_page(self.client, "browse: category", f"/category/{slug}/?page={page}", lang=self.lang)

    @task(6)
    def product(self):
        slug = random.choice(WORLD["product_slugs"])
        get_page(self.client, "browse: product page", f"/p/{slug}/", must_contain=slug, lang=self.lang)

    @task(2)
    def search(self):
        term = random.choice(WORLD["search_terms"])
        get_page(self.client, "browse: search", f"/search/?q={urllib.parse.quote(term)}", lang=self.lang)

    @task(1)
    def products_search(self):
        def check(data):
            found = (data.get("products") or {}).get("totalCount")
            return None if found else f"products: nothing found for {term!r}"

        term = random.choice(WORLD["search_terms"])  # every one of them names some products
        graphql(self.client, "browse: products query (search)", SEARCH, {"search": term}, check=check)

    @task(3)
    def products_query(self):
        page = random.randrange(WORLD["product_pages"])
        variables = {"after": cursor(page * 20 - 1) if page else None}

        def check(data):
            edges = (data.get("products") or {}).get("edges") or []
            return None if len(edges) == 20 else f"products: {len(edges)} products on a page, not 20"

        graphql(self.client, "browse: products query", PRODUCTS_QUERY, variables, check=check)

    @task(1)
    def switch_language(self):
        self.lang = "en" if self.lang == "zh-hans" else "zh-hans"
        token = self.client.cookies.get("csrftoken", "")
        form = {"language": self.lang, "next": "/", "csrfmiddlewaretoken": token}
        with self.client.post(
            "/i18n/setlang/", data=form, name="browse: language switch", catch_response=True
        ) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
            elif f'<html lang="{self.lang}"' not in r.text:
                r.failure(f"home page not in {self.lang} after the switch")


def think(low: float, high: float) -> None:
    time.sleep(random.uniform(low, high))  # gevent's sleep under locust: other users run meanwhile


class TouristBuying(HttpUser):
    weight = 8
    wait_time = between(3, 10)  # between one purchase and the next

    def on_start(self):
        stripe = urllib.parse.urlsplit(WORLD["stripe_url"])
        self.stripe = http.client.HTTPConnection(stripe.hostname, stripe.port, timeout=60)

    def on_stop(self):
        self.stripe.close()

    @task
    def buy(self):
        picked = random.sample(WORLD["variant_ids"], random.choice((1, 1, 2, 3)))
        lines = [{"variantId": variant, "quantity": random.choice((1, 1, 2))} for variant in picked]
        email = f"tourist-{uuid.uuid4().hex[:12]}@example.com"
        variables = {"input": {"lines": lines, "email": email, "phone": "13900000000"}}
        created = graphql(self.client, "buy: checkoutCreate", CHECKOUT_CREATE, variables,
                          check=payload_errors("checkoutCreate"))  # fmt: skip
        if created is None:
            return
        token = created["checkoutCreate"]["checkout"]["token"]
        think(1, 3)  # choosing where to send it
        delivery = {
            "method": "SHIPPING",
            "shippingRegion": WORLD["region"],
            "recipientName": "李华",
            "shippingAddress": "青海省西宁市城西区 1 号",
        }
        variables = {"token": token, "input": delivery}
        if graphql(self.client, "buy: checkoutDeliveryUpdate", CHECKOUT_DELIVERY, variables,
                   check=payload_errors("checkoutDeliveryUpdate")) is None:  # fmt: skip
            return
        think(1, 3)
        paying = graphql(self.client, "buy: checkoutPaymentCreate", CHECKOUT_PAY, {"token": token},
                         check=payload_errors("checkoutPaymentCreate"))  # fmt: skip
        if paying is None:
            return
        if not self.confirm_at_stripe(paying["checkoutPaymentCreate"]["payment"]["paymentIntentId"]):
            return

        def paid(data):
            problem = payload_errors("checkoutComplete")(data)
            order = None if problem else data["checkoutComplete"]["order"]
            if order is not None and (order["status"] != "PAID" or not order["number"]):
                problem = f"checkoutComplete: order {order['number']!r} is {order['status']}, not PAID"
            return problem or (None if order else "checkoutComplete: no order")

        if graphql(self.client, "buy: checkoutComplete", CHECKOUT_COMPLETE, {"token": token}, check=paid):
            COUNTS["checkout_flows_completed"] += 1

    def confirm_at_stripe(self, intent_id: str) -> bool:
        """What Stripe.js does in the tourist's browser; reported under its own name, apart from the
        app's requests (it is localstripe's time, not ours)."""
        started = time.perf_counter()
        error = None
        try:
            confirm_with_test_card(self.stripe, intent_id, WORLD["stripe_key"])
        except Exception as failure:  # reported to locust as this request's failure
            error = failure
            self.stripe.close()  # a half-read answer would poison the next request on it
        self.environment.events.request.fire(
            request_type="POST",
            name="localstripe: confirm card",
            response_time=(time.perf_counter() - started) * 1000,
            response_length=0,
            exception=error,
            context={},
        )
        return error is None


class CartTablet(HttpUser):
    fixed_count = 3  # one tablet per cart, whatever the number of users
    wait_time = between(2, 6)
    slots = itertools.count()

    def on_start(self):
        self.cart = WORLD["carts"][next(self.slots) % len(WORLD["carts"])]
        self.sequence = 0
        self.last_batch = None
        self.token = self.cart["token"]  # signed in before the run (bench/load_run.py)

    def new_batch(self) -> list[dict]:
        sales = []
        for _ in range(random.randint(5, 20)):
            self.sequence += 1
            lines = [
                {"sku": sku, "quantity": random.choice((1, 1, 1, 2)), "unitPriceFen": price}
                for sku, price in random.sample(self.cart["catalogue"], random.choice((1, 1, 2, 3)))
            ]
            total = sum(line["quantity"] * line["unitPriceFen"] for line in lines)
            payment = {
                "method": random.choice(("CASH", "WECHAT", "WECHAT", "ALIPAY", "CARD")),
                "amountFen": total,
            }
            if payment["method"] == "CASH":
                payment["tenderedFen"] = -(-total // 10000) * 10000
            sales.append(
                {
                    "clientUuid": str(uuid.uuid4()),
                    "shift": self.cart["shift"],
                    "deviceTime": datetime.datetime.now(datetime.UTC).isoformat(),
                    "receiptNumber": f"{self.cart['receipt_prefix']}-{self.sequence:06d}",
                    "lines": lines,
                    "payment": payment,
                }
            )
        return sales

    @task(8)
    def sync(self):
        # Now and then the answer to a batch is lost on the way back and the tablet sends it again.
        resend = self.last_batch is not None and random.random() < 0.05
        sales = self.last_batch if resend else self.new_batch()
        expected = ("DUPLICATE",) if resend else ACCEPTED

        def check(data):
            problem = payload_errors("posSyncSales")(data)
            if problem:
                return problem
            results = data["posSyncSales"]["results"]
            if len(results) != len(sales):
                return f"posSyncSales: {len(results)} results for {len(sales)} sales"
            wrong = [result for result in results if result["status"] not in expected]
            if wrong:
                status, reason = wrong[0]["status"], wrong[0]["reason"]
                return f"posSyncSales: a sale came back {status} ({reason}), not {expected}"
            return None

        variables = {"input": {"cart": self.cart["code"], "deviceId": self.cart["device"], "sales": sales}}
        name = "cart: posSyncSales (resent)" if resend else "cart: posSyncSales"
        if graphql(self.client, name, SYNC, variables, token=self.token, check=check) is None:
            return
        self.last_batch = sales
        COUNTS["sync_batches"] += 1
        if resend:
            COUNTS["batches_resent"] += 1
        else:
            COUNTS["sales_synced"] += len(sales)

    @task(1)
    def cart_stock(self):
        def check(data):
            return None if data.get("cartStock") else "cartStock: the cart holds nothing"

        graphql(
            self.client,
            "cart: cartStock",
            CART_STOCK,
            {"cart": self.cart["code"]},
            token=self.token,
            check=check,
        )

    @task(1)
    def pos_catalog(self):
        def check(data):
            catalog = data.get("posCatalog") or {}
            return None if catalog.get("version") and catalog.get("items") else "posCatalog: empty"

        graphql(
            self.client,
            "cart: posCatalog",
            POS_CATALOG,
            {"cart": self.cart["code"]},
            token=self.token,
            check=check,
        )


class ArtisanChecking(HttpUser):
    weight = 3
    wait_time = between(5, 15)
    slots = itertools.count()

    def on_start(self):
        self.artisan = WORLD["artisans"][next(self.slots) % len(WORLD["artisans"])]
        # Signed in before the run (bench/load_run.py): her API token and her portal session.
        self.token = self.artisan["token"]
        self.client.cookies.set("sessionid", self.artisan["session"])

    @task(3)
    def balance(self):
        def check(data):
            balance = data.get("artisanBalance")
            if not balance:
                return "artisanBalance: none"
            owed = balance["pending"]["amountFen"] + balance["available"]["amountFen"]
            return (
                None
                if balance["owed"]["amountFen"] == owed
                else "artisanBalance: owed is not pending + available"
            )

        graphql(self.client, "artisan: artisanBalance", BALANCE, token=self.token, check=check)

    @task(2)
    def statement(self):
        today = datetime.date.today()
        variables = {"from": (today - datetime.timedelta(days=29)).isoformat(), "to": today.isoformat()}

        def check(data):
            s = data.get("artisanStatement")
            if not s:
                return "artisanStatement: none"
            fen = {key: value["amountFen"] for key, value in s.items() if isinstance(value, dict)}
            moved = fen["sales"] - fen["refunds"] - fen["payouts"] + fen["returned"] + fen["adjustments"]
            if fen["opening"] + moved != fen["closing"]:
                return "artisanStatement: opening + movements is not closing"
            return None if s["lines"] else "artisanStatement: no lines in 30 days"

        graphql(self.client, "artisan: artisanStatement", STATEMENT, variables, token=self.token, check=check)

    @task(2)
    def portal(self):
        get_page(self.client, "artisan: portal home", "/me/", must_contain="/me/logout/")
