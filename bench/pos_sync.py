"""Benchmark: sync 10,000 POS sales in batches of 200 through GraphQL `posSyncSales` under gunicorn.

    .venv/bin/python bench/pos_sync.py            # or: make bench-pos

Starts a throwaway PostgreSQL (as scripts/test.sh does) unless DATABASE_URL is given, migrates,
makes one cart with an operator, an open shift and 100 stocked variants, serves config.wsgi with
gunicorn sync workers on a free loopback port, signs the operator in with operatorTokenCreate, warms
every worker up with real batches for a second cart, and posts the measured batches from client threads
(http.client, keep-alive). After each batch it sums the VmRSS of the gunicorn master and workers.
Prints one JSON object; exits non-zero when a sale was not recorded or the orders in the database
are not exactly the sales sent.

As in production, the sync enqueues each batch's ledger posting on a Redis broker (a throwaway
redis-server on a free loopback port) and returns; no Celery worker consumes it here, so the figure
is the sync's own, not the ledger's.

Knobs (environment): BENCH_SALES (10000), BENCH_BATCH (200), BENCH_WORKERS (3), BENCH_CLIENTS (2),
BENCH_CARTS (1), BENCH_WARM_UP_BATCHES (15). BENCH_CARTS=1 is the hardest case, two tablets of one
cart syncing at once (their batches share the cart's stock levels); BENCH_CARTS=2 spreads the sales
over two carts, a tablet each, as the programme's carts sync in the day.
"""

import datetime
import http.client
import json
import os
import queue
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from harness import tear_down
from processes import ServerMemory, cpu_sample, cpu_used, start_gunicorn
from throwaway_postgres import ThrowawayPostgres, free_port
from throwaway_redis import start_redis

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

SALES = int(os.environ.get("BENCH_SALES", "10000"))
BATCH = int(os.environ.get("BENCH_BATCH", "200"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "2"))
CARTS = int(os.environ.get("BENCH_CARTS", "1"))
MEASURED_CARTS = ["chaka", "keluke", "delingha", "dachaidan"][:CARTS]
WARM_UP_BATCHES = int(os.environ.get("BENCH_WARM_UP_BATCHES", "15"))
VARIANTS = 100
DEVICE = "BENCH01"
PIN = "482916"

SYNC = """
mutation Sync($input: PosSyncInput!) {
  posSyncSales(input: $input) { results { clientUuid status flags reason } errors { code message } }
}
"""
TOKEN = """
mutation T($u: String!, $p: String!) { operatorTokenCreate(username: $u, pin: $p) { token errors { code } } }
"""


def server_env(database_url: str, var_dir: Path, redis_url: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "GONGFANG_TESTING": "1",
        "GONGFANG_VAR_DIR": str(var_dir),
        # Tasks (the ledger posting of each batch) go to the broker after the commit, as in production.
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DEBUG", None)  # DEBUG keeps every query in memory: the bench measures production shape
    return env


def build_world() -> dict:
    """The cart, its operator with a PIN, an open shift and VARIANTS stocked variants, through the
    domain services. Runs in this process against the bench database; returns what the client needs."""
    import django

    django.setup()
    from django.db import connections
    from graphql_relay import to_global_id

    from accounts.models import User
    from artisans.services import artisan_create
    from carts.services import cart_create, operator_create, operator_pin_set, shift_open, site_create
    from catalog.services import VariantInput, category_create, product_create
    from inventory.services import LineQuantity, intake_create

    staff = User.objects.create_superuser("bench-staff", password="bench-pass-word-123")
    site = site_create(code="chaka", name_zh="茶卡盐湖", name_en="Chaka Salt Lake")
    # The measured cart, and a second one whose sales only warm the workers up.
    carts = [
        cart_create(code=code, name_zh=f"{code}车", name_en=code.title(), site=site)
        for code in (*MEASURED_CARTS, "warmup")
    ]
    operator = operator_create(
        username="bench-op", password="bench-pass-word-123", display_name="Bench", carts=carts
    )
    operator_pin_set(operator=operator, pin=PIN)
    artisan = artisan_create(code="bench-artisan", name_zh="乌仁娜", name_latin="Urna", county="wulan")
    category = category_create(slug="felt", name_zh="毡艺", name_en="Felt")
    rng = random.Random(7)
    catalogue = []
    for index in range(VARIANTS // 2):
        variants = [
            VariantInput(sku=f"B{index:03d}-{size}", price_fen=rng.randrange(20, 400) * 100, artisan=artisan,
                         name_zh=size, name_en=size)
            for size in ("S", "L")
        ]  # fmt: skip
        product_create(
            slug=f"bench-{index}", name_zh=f"毡制品{index}", name_en=f"Felt {index}", category=category,
            variants=variants,
        )  # fmt: skip
        catalogue += [(variant.sku, variant.price_fen) for variant in variants]
    from catalog.models import Variant

    world = {"catalogue": catalogue}
    for cart in carts:
        intake_create(
            artisan=artisan,
            location=cart.location,
            lines=[LineQuantity(variant=variant, quantity=1000) for variant in Variant.objects.all()],
            actor=staff,
        )
        # Opened before the sales' device times (from 1 July 02:00 UTC): sales outside their shift
        # would be held for review (docs/pos.md).
        shift = shift_open(
            cart=cart,
            operator=operator,
            device_id=DEVICE,
            opening_cash_fen=50000,
            opened_at=datetime.datetime(2026, 7, 1, 1, 0, tzinfo=datetime.UTC),
        )
        world[cart.code] = {
            "cart": cart.code,
            "shift": to_global_id("Shift", shift.pk),
            "location": cart.location_id,
        }
    connections.close_all()
    return world


def make_batches(world: dict, cart: str, count: int, seed: int) -> list[bytes]:
    """Every request body, made before the clock starts: one to three lines a sale, mixed methods."""
    rng = random.Random(seed)
    catalogue, shift = world["catalogue"], world[cart]["shift"]
    start = datetime.datetime(2026, 7, 1, 2, 0, tzinfo=datetime.UTC)
    methods = ["CASH", "WECHAT", "ALIPAY", "CARD"]
    bodies = []
    for first in range(0, count, BATCH):
        sales = []
        for number in range(first, min(first + BATCH, count)):
            lines = [
                {"sku": sku, "quantity": rng.choice((1, 1, 1, 2)), "unitPriceFen": price}
                for sku, price in rng.sample(catalogue, rng.choice((1, 1, 2, 3)))
            ]
            total = sum(line["quantity"] * line["unitPriceFen"] for line in lines)
            method = rng.choice(methods)
            payment = {"method": method, "amountFen": total}
            if method == "CASH":
                payment["tenderedFen"] = -(-total // 10000) * 10000
            sales.append(
                {
                    "clientUuid": str(uuid.uuid4()),
                    "shift": shift,
                    "deviceTime": (start + datetime.timedelta(seconds=3 * number)).isoformat(),
                    "receiptNumber": f"{cart.upper()}-{DEVICE[-4:]}-{number + 1:06d}",
                    "lines": lines,
                    "payment": payment,
                }
            )
        variables = {"input": {"cart": cart, "deviceId": DEVICE, "sales": sales}}
        bodies.append(json.dumps({"query": SYNC, "variables": variables}).encode())
    return bodies


def post(connection: http.client.HTTPConnection, body: bytes, token: str | None = None) -> dict:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    connection.request("POST", "/graphql/", body=body, headers=headers)
    response = connection.getresponse()
    payload = response.read()
    if response.status != 200:
        raise RuntimeError(f"HTTP {response.status}: {payload[:500]!r}")
    return json.loads(payload)


def run_clients(
    port: int, token: str, per_cart: list[list[bytes]], memory: ServerMemory | None, clients: int = CLIENTS
) -> tuple[float, list, list]:
    """Post every body from CLIENTS threads, client i taking the batches of cart i modulo the carts;
    (seconds, rss after each batch in order, bad results)."""
    queues = [queue.Queue() for _ in per_cart]
    bodies = [body for cart_bodies in per_cart for body in cart_bodies]
    index = 0
    for work, cart_bodies in zip(queues, per_cart, strict=True):
        for body in cart_bodies:
            work.put((index, body))
            index += 1
    rss = [0] * len(bodies)
    latency = [0.0] * len(bodies)
    bad = []
    failures = []

    def client(work: queue.Queue):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            while True:
                try:
                    index, body = work.get_nowait()
                except queue.Empty:
                    return
                sent = time.perf_counter()
                answer = post(connection, body, token)
                latency[index] = time.perf_counter() - sent
                payload = (answer.get("data") or {}).get("posSyncSales")
                if payload is None or payload["errors"]:
                    failures.append(answer)
                    return
                bad.extend(
                    r for r in payload["results"] if r["status"] not in ("RECORDED", "RECORDED_WITH_FLAGS")
                )
                if memory is not None:
                    rss[index] = memory.rss_kb()
        except Exception as error:  # reported below; the bench must not hang on a dead thread
            failures.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(queues[i % len(queues)],)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    if failures:
        raise RuntimeError(f"a batch failed: {str(failures[0])[:2000]}")
    if memory is not None:
        low, middle, high = (sorted(latency)[i] * 1000 for i in (0, len(latency) // 2, -1))
        print(f"request ms: min {low:.0f}, median {middle:.0f}, max {high:.0f}", file=sys.stderr)
    return seconds, rss, bad


def main() -> int:
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    postgres = None
    server = None
    redis_port = None
    var_dir = Path(tempfile.mkdtemp(prefix="gongfang-bench-var-"))
    try:
        database_url = os.environ.get("DATABASE_URL")
        if not database_url:
            postgres = ThrowawayPostgres(extra_options="-c max_connections=50")
            database_url = postgres.start()
        redis_url, redis_port = start_redis(var_dir)
        env = server_env(database_url, var_dir, redis_url)
        os.environ.update(env)
        os.environ.pop("DEBUG", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        world = build_world()
        per_cart = [
            make_batches(world, cart, SALES // CARTS, seed=11 + number)
            for number, cart in enumerate(MEASURED_CARTS)
        ]
        warm_up_bodies = make_batches(world, "warmup", WARM_UP_BATCHES * BATCH, seed=5)

        port = free_port()
        server = start_gunicorn(env, port, var_dir / "gunicorn.log", workers=WORKERS)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        signed_in = post(
            connection, json.dumps({"query": TOKEN, "variables": {"u": "bench-op", "p": PIN}}).encode()
        )
        connection.close()
        token = signed_in["data"]["operatorTokenCreate"]["token"]
        if not token:
            raise RuntimeError(f"operatorTokenCreate refused: {signed_in}")

        # Every worker imports, connects and grows to its working size before the clock starts.
        run_clients(port, token, [warm_up_bodies], memory=None, clients=WORKERS)
        # CPU time the server side spends on the measured batches: a figure other load on the machine
        # barely moves, unlike sales/s (the 2 cores are shared with the clients and anything else).
        roots = {"gunicorn": server.pid}
        if postgres:
            roots["postgres"] = int((postgres.data / "postmaster.pid").read_text().split()[0])
        cpu_before = cpu_sample(roots)
        seconds, rss, bad = run_clients(port, token, per_cart, ServerMemory(server.pid))
        cpu = cpu_used(cpu_before, cpu_sample(roots))
        batches = sum(len(bodies) for bodies in per_cart)
        gunicorn_cpu = cpu["gunicorn"] * 1000 / batches
        postgres_cpu = cpu["postgres"] * 1000 / batches if postgres else None
        # The bench's own client threads share the cores with the server.
        client_cpu = cpu["bench_clients"] * 1000 / batches

        from orders.models import Order

        locations = [world[cart]["location"] for cart in MEASURED_CARTS]
        orders = Order.objects.filter(location_id__in=locations).count()
        result = {
            "sales": SALES,
            "batch_size": BATCH,
            "workers": WORKERS,
            "clients": CLIENTS,
            "carts": CARTS,
            "seconds": round(seconds, 2),
            "sales_per_second": round(SALES / seconds),
            "server_peak_rss_mb": round(max(rss) / 1024, 1),
            "rss_first_batch_mb": round(rss[0] / 1024, 1),
            "rss_last_batch_mb": round(rss[-1] / 1024, 1),
            "gunicorn_cpu_ms_per_batch": round(gunicorn_cpu, 1),
            "postgres_cpu_ms_per_batch": None if postgres_cpu is None else round(postgres_cpu, 1),
            "client_cpu_ms_per_batch": round(client_cpu, 1),
            "orders_in_db": orders,
            "not_recorded": len(bad),
        }
        print(json.dumps(result))
        print("rss MB after each batch:", " ".join(f"{kb / 1024:.0f}" for kb in rss), file=sys.stderr)
        if bad:
            print(f"not recorded, e.g.: {bad[:3]}", file=sys.stderr)
        return 0 if orders == SALES and not bad else 1
    finally:
        tear_down(processes=(server,), postgres=postgres, redis_port=redis_port, folder=var_dir)


if __name__ == "__main__":
    sys.exit(main())
