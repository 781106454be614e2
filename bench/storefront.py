"""Benchmark: the storefront's reads and the online checkout, under gunicorn on PostgreSQL.

    .venv/bin/python bench/storefront.py            # or: make bench-storefront

Starts a throwaway PostgreSQL (unless DATABASE_URL is given) and localstripe (in memory, loopback),
migrates and builds a catalogue of BENCH_PRODUCTS products (two variants each, a photo with its
thumbnails, 1,000 pieces of each variant at the base) through bulk inserts and the inventory
services, serves config.wsgi with gunicorn sync workers, and measures from BENCH_CLIENTS client
threads (http.client, keep-alive connections, request bodies built before the clock starts):

1. `products(first: 20, after: …)` with thumbnail, price and per-variant stock, anonymous, over the
   first BENCH_PAGES pages in turn: requests per second, p50 and p95 latency;
   then the same pages with every request a miss of the answer cache (as a search a tourist types
   would be): each request carries a variable of its own that the query does not use, so its cache
   key is new and the page is worked out again;
2. the product listing page `/products/?page=N` (the storefront's), when it exists;
3. complete checkout flows: checkoutCreate -> checkoutDeliveryUpdate -> checkoutPaymentCreate ->
   the PaymentIntent confirmed with the test card straight at localstripe (as Stripe.js would from
   the browser) -> checkoutComplete. Flows per second, and p50/p95 of one whole flow.

Prints one JSON object (with the load average before and after); exits 1 when a request failed or
the orders in the database are not the flows completed.

Knobs (environment): BENCH_PRODUCTS (10000), BENCH_WORKERS (3), BENCH_CLIENTS (16),
BENCH_SECONDS (20, per read phase), BENCH_WARM_UP_SECONDS (3), BENCH_PAGES (25),
BENCH_FLOWS (400), BENCH_FLOW_CLIENTS (16), BENCH_ONLY (products,uncached,listing,checkout: a
subset).
"""

import base64
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from catalogue_world import build_world
from checkout_flows import GATEWAY, bench_checkout
from harness import graphql, percentile, tear_down
from processes import cpu_sample, load_average, postmaster_pid, process_with, start_gunicorn, wait_for
from throwaway_postgres import ThrowawayPostgres, free_port
from throwaway_redis import start_redis

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

PRODUCTS = int(os.environ.get("BENCH_PRODUCTS", "10000"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "16"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
WARM_UP_SECONDS = float(os.environ.get("BENCH_WARM_UP_SECONDS", "3"))
PAGES = min(int(os.environ.get("BENCH_PAGES", "25")), max(1, PRODUCTS // 20))  # full pages only
ONLY = set(filter(None, os.environ.get("BENCH_ONLY", "products,uncached,listing,checkout").split(",")))
ARTISANS = 20
STRIPE_KEY = "sk_test_local"  # checkout_flows confirms with the same key

PRODUCTS_QUERY = """
query Products($after: String) {
  products(first: 20, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id slug name
      thumbnail(size: 320) { url alt }
      variants { id sku name price { amountFen formatted } quantityAvailable }
    } }
  }
}
"""


def server_env(database_url: str, var_dir: Path, stripe_url: str, redis_url: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "GONGFANG_TESTING": "1",
        "GONGFANG_VAR_DIR": str(var_dir),
        # Production shape: tasks (confirmation email, ledger posting) go to the Redis broker after the
        # commit (no worker consumes them during the run), and the web workers share one Redis cache.
        "REDIS_URL": redis_url,
        "CACHE_URL": redis_url.removesuffix("/0") + "/1",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        "STRIPE_API_BASE": stripe_url,
        "STRIPE_SECRET_KEY": STRIPE_KEY,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # Every simulated tourist comes from this one machine: the limit of unpaid holds per client
        # (orders/services/checkout_holds.py) is for real clients.
        "CHECKOUT_HOLDS_PER_CLIENT": "1000000",
    }
    env.pop("DEBUG", None)  # DEBUG keeps every query in memory: the bench measures production shape
    return env


def start_localstripe(folder: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**os.environ, "TMPDIR": str(folder), "PYTHONUNBUFFERED": "1"}
    command = [
        PYTHON,
        "-m",
        "payments.localstripe_server",
        "--port",
        str(port),
        "--in-memory",
        "--from-scratch",
    ]
    log = folder / "localstripe.log"
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log.open("w"))
    wait_for(port, "/_config/health", process, log)
    return process, port


def summary(latencies: list[float], seconds: float, failures: list) -> dict:
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "seconds": round(seconds, 2),
        "requests_per_second": round(len(ordered) / seconds, 1) if seconds else 0,
        "p50_ms": round(percentile(ordered, 0.50) * 1000, 1),
        "p95_ms": round(percentile(ordered, 0.95) * 1000, 1),
        "p99_ms": round(percentile(ordered, 0.99) * 1000, 1),
        "failures": len(failures),
    }


def hammer(port: int, make_request, seconds: float, clients: int) -> dict:
    """Each client thread repeats make_request(connection, n) on its own keep-alive connection until
    the time is up; the latency of every request that finished in time is kept, and the CPU that
    gunicorn, PostgreSQL and the clients used meanwhile, per request (the figure to compare on a
    shared machine: it does not count the machine's other load)."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    answered = [0] * clients  # every request answered, also those that ended after the time was up
    failures: list = []
    stop_at = time.perf_counter() + seconds
    started = threading.Barrier(clients + 1)

    def client(slot: int):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = latencies[slot]
        count = slot
        started.wait()
        try:
            while True:
                begin = time.perf_counter()
                if begin >= stop_at:
                    return
                make_request(connection, count)
                end = time.perf_counter()
                answered[slot] += 1
                if end <= stop_at:
                    mine.append(end - begin)
                count += clients
        except Exception as error:  # counted and reported; one failure ends this client
            failures.append(repr(error)[:500])
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(slot,)) for slot in range(clients)]
    roots = {"gunicorn": process_with("gunicorn", f"127.0.0.1:{port}"), "postgres": postmaster_pid()}
    for thread in threads:
        thread.start()
    cpu_before = cpu_sample(roots)
    started.wait()
    begin = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = min(time.perf_counter(), stop_at) - begin
    cpu_after = cpu_sample(roots)
    result = summary([value for mine in latencies for value in mine], elapsed, failures)
    served = max(sum(answered), 1)
    result["cpu_ms_per_request"] = {
        name: round((cpu_after[name] - cpu_before[name]) * 1000 / served, 2) for name in cpu_before
    }
    if failures:
        result["first_failure"] = failures[0]
    return result


def cursor(offset: int) -> str:
    return base64.b64encode(f"arrayconnection:{offset}".encode()).decode()


def products_body(page: int, miss: str | None = None) -> bytes:
    variables = {"after": cursor(page * 20 - 1) if page else None}
    if miss is not None:  # not declared by the query: GraphQL ignores it, the answer cache keys on it
        variables["miss"] = miss
    return json.dumps({"query": PRODUCTS_QUERY, "variables": variables}).encode()


def bench_products(port: int, *, uncached: bool = False) -> dict:
    """products pages in turn; uncached: each request's body built as it goes, with a variable no
    other request has (the answer cache never has it: every request is worked out)."""
    bodies = [products_body(page) for page in range(PAGES)]
    run = uuid.uuid4().hex

    def request(connection, count):
        if uncached:
            body = products_body(count % PAGES, miss=f"{run}-{count}")
        else:
            body = bodies[count % len(bodies)]
        data = graphql(connection, body)
        if len(data["products"]["edges"]) != 20:
            raise RuntimeError("a page did not hold 20 products")

    hammer(port, request, WARM_UP_SECONDS, CLIENTS)
    return hammer(port, request, SECONDS, CLIENTS)


def bench_listing(port: int) -> dict | None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/products/")
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 200:
        return {"skipped": f"GET /products/ answered {response.status}"}
    paths = ["/products/"] + [f"/products/?page={page + 1}" for page in range(1, PAGES)]

    def request(connection, count):
        connection.request("GET", paths[count % len(paths)], headers={"Accept-Language": "zh-hans"})
        answer = connection.getresponse()
        answer.read()
        if answer.status != 200:
            raise RuntimeError(f"HTTP {answer.status} for {paths[count % len(paths)]}")

    hammer(port, request, WARM_UP_SECONDS, CLIENTS)
    return hammer(port, request, SECONDS, CLIENTS)


def main() -> int:
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    postgres = server = stripe_process = redis_port = wechat_pay = None
    var_dir = Path(tempfile.mkdtemp(prefix="gongfang-bench-var-"))
    try:
        database_url = os.environ.get("DATABASE_URL")
        if not database_url:
            postgres = ThrowawayPostgres(extra_options="-c max_connections=50 -c shared_buffers=256MB")
            database_url = postgres.start()
        stripe_process, stripe_port = start_localstripe(var_dir)
        redis_url, redis_port = start_redis(var_dir)
        env = server_env(database_url, var_dir, f"http://127.0.0.1:{stripe_port}", redis_url)
        port = free_port()
        if GATEWAY == "wechat_pay":  # the WeChat Pay fake, in this process; the workers call it
            from tests.fakes.wallet_demo import wechat_pay_settings

            notify = f"http://127.0.0.1:{port}/payments/wechat-pay/notify/"
            wechat_pay, wechat_env = wechat_pay_settings(var_dir / "wechat-pay", 0, notify, "")
            env.update(wechat_env)
        os.environ.update(env)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        built = time.perf_counter()
        world = build_world(product_count=PRODUCTS, artisan_count=ARTISANS)
        build_seconds = time.perf_counter() - built

        server = start_gunicorn(env, port, var_dir / "gunicorn.log", workers=WORKERS)
        result = {
            "products": PRODUCTS,
            "workers": WORKERS,
            "clients": CLIENTS,
            "cpus": os.cpu_count(),
            "world_build_seconds": round(build_seconds, 1),
            "load_average_before": load_average(),
        }
        ok = True
        if "products" in ONLY:
            result["products_query"] = bench_products(port)
            ok &= result["products_query"]["failures"] == 0
        if "uncached" in ONLY:
            result["products_query_uncached"] = bench_products(port, uncached=True)
            ok &= result["products_query_uncached"]["failures"] == 0
        if "listing" in ONLY:
            result["listing_page"] = bench_listing(port)
            ok &= result["listing_page"].get("failures", 0) == 0
        if "checkout" in ONLY:
            result["checkout"] = bench_checkout(
                port, stripe_port, world, stripe_key=STRIPE_KEY, wechat_pay=wechat_pay
            )
            from orders.models import Order

            result["checkout"]["orders_in_db"] = Order.objects.count()
            ok &= result["checkout"]["failures"] == 0
            ok &= result["checkout"]["orders_in_db"] == result["checkout"]["flows"]
        result["load_average_after"] = load_average()
        print(json.dumps(result))
        return 0 if ok else 1
    finally:
        tear_down(
            processes=(server, stripe_process), postgres=postgres, redis_port=redis_port, folder=var_dir
        )
        if wechat_pay is not None:
            wechat_pay.stop()


if __name__ == "__main__":
    sys.exit(main())
