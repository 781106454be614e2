"""Load run: tourists browsing and buying, three cart tablets syncing and artisans checking balances,
all at once, against gunicorn and PostgreSQL on loopback (issue 6, item 4).

    .venv/bin/python bench/load_run.py                          # or: make bench-load
    .venv/bin/python bench/load_run.py --users 10 --duration 20s  # a quick try

Starts a throwaway PostgreSQL (unless DATABASE_URL is given), Redis (Celery broker and shared cache)
and localstripe on loopback; migrates and builds the world: the storefront bench's catalogue
(BENCH_PRODUCTS products, two variants each, 1,000 pieces of each at the base), three carts each with
its operator, an open shift and LOAD_CART_SKUS SKUs on board, five artisans with a sign-in (password
for the API, phone and PIN for the portal) and LOAD_HISTORY_LINES sale lines over the last 60 days in
the ledger (the ledger bench's generator). Then gunicorn (BENCH_WORKERS sync workers), a Celery worker
(posting each sale to the ledger as in production) and `locust -f bench/load.py --headless`.

Prints one JSON object: throughput, p50/p95/p99 overall, by user kind and by request, the error count
and the errors, checkout flows completed and sales synced (with the orders the database holds), the
ledger's lag, and the load average before and after. The overall figures are the app's requests; the
card confirmations at localstripe (the browser's, not ours) are listed apart. Exits 1 when a request
failed, the database disagrees with what the users saw, or p95 is 300 ms or more.

Knobs: --users / LOAD_USERS (50), --spawn-rate / LOAD_SPAWN_RATE (10), --duration / LOAD_DURATION (2m),
BENCH_PRODUCTS (300), BENCH_WORKERS (3), LOAD_CELERY_CONCURRENCY (1), LOAD_CART_SKUS (150),
LOAD_HISTORY_LINES (6000).
"""

import argparse
import http.client
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

from catalogue_world import build_world
from harness import bench_module, graphql, start_celery_worker, tear_down, wait_for_worker
from load_report import P95_TARGET_MS, database_figures, report, server_times
from processes import cpu_sample, cpu_used, load_average, start_gunicorn
from throwaway_postgres import ThrowawayPostgres, free_port
from throwaway_redis import start_redis

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
PYTHON = sys.executable
CARTS = [("chaka", "茶卡盐湖", "Chaka Salt Lake"), ("feicui", "翡翠湖", "Emerald Lake"),
         ("dongtai", "东台吉乃尔湖", "Dongtaijinai'er Lake")]  # fmt: skip
PASSWORD = "load-pass-word-123"
OPERATOR_PIN = "482916"
ARTISAN_PIN = "246810"
ARTISAN_TOKEN = """
mutation T($u: String!, $p: String!) { tokenCreate(email: $u, password: $p) { token errors { code } } }
"""


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOAD_USERS", "50")))
    parser.add_argument("--spawn-rate", type=float, default=float(os.environ.get("LOAD_SPAWN_RATE", "10")))
    parser.add_argument("--duration", default=os.environ.get("LOAD_DURATION", "2m"), help="e.g. 20s, 2m")
    return parser.parse_args()


def build_load_world(catalogue: dict, *, stripe_url: str, stripe_key: str) -> dict:
    """On top of the storefront bench's catalogue: the carts, their operators, shifts and stock, the
    artisans' sign-ins and a season of ledger history, through the domain services."""
    from django.contrib.auth import get_user_model
    from django.db import connection, connections
    from django.utils import timezone
    from graphql_relay import to_global_id

    from artisans.models import Artisan
    from artisans.services import artisan_pin_set, artisan_update
    from carts.services import cart_create, operator_create, operator_pin_set, shift_open, site_create
    from catalog.models import Category, Product, Variant
    from inventory.services import LineQuantity, intake_create
    from ledger.services import sale_lines_post

    ledger_bench = bench_module("ledger_bench")
    staff = get_user_model().objects.get(username="bench-staff")
    rng = random.Random(11)
    variants = list(Variant.objects.select_related("artisan").order_by("pk"))
    carts, operators, cart_locations = [], [], []
    for code, site_zh, site_en in CARTS:
        site = site_create(code=code, name_zh=site_zh, name_en=site_en)
        cart = cart_create(code=code, name_zh=f"{site_zh}零售车", name_en=f"{site_en} cart", site=site)
        operator = operator_create(
            username=f"load-op-{code}", password=PASSWORD, display_name=f"{site_zh}运营员", carts=[cart]
        )
        operator_pin_set(operator=operator, pin=OPERATOR_PIN)
        on_board = rng.sample(variants, min(int(os.environ.get("LOAD_CART_SKUS", "150")), len(variants)))
        by_artisan: dict = {}
        for variant in on_board:
            by_artisan.setdefault(variant.artisan, []).append(LineQuantity(variant=variant, quantity=200))
        for artisan, lines in by_artisan.items():
            intake_create(artisan=artisan, location=cart.location, lines=lines, actor=staff)
        device = f"TAB-{code.upper()}"
        shift = shift_open(cart=cart, operator=operator, device_id=device, opening_cash_fen=50000)
        carts.append(
            {
                "code": code,
                "device": device,
                "receipt_prefix": f"{code.upper()}-{device[-4:]}",
                "shift": to_global_id("Shift", shift.pk),
                "username": f"load-op-{code}",
                "pin": OPERATOR_PIN,
                "catalogue": [(variant.sku, variant.price_fen) for variant in on_board],
            }
        )
        operators.append(operator.user_id)
        cart_locations.append(cart.location_id)

    artisans = []
    for number, artisan in enumerate(Artisan.objects.order_by("code")[:5]):
        user = get_user_model().objects.create_user(username=f"load-artisan-{number}", password=PASSWORD)
        phone = f"1390000{number:04d}"
        artisan_update(artisan=artisan, user=user, phone=phone)
        artisan_pin_set(artisan=artisan, pin=ARTISAN_PIN)
        artisans.append({"username": user.username, "password": PASSWORD, "phone": phone, "pin": ARTISAN_PIN})

    # A season of sales already in the ledger, so balances and statements have lines to show.
    pairs = list(Variant.objects.values_list("artisan_id", "product_id").distinct().order_by("artisan_id"))
    for lines in ledger_bench.batches(pairs, cart_locations, operators, timezone.now()):
        sale_lines_post(lines=lines)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")

    slugs = list(Product.objects.values_list("slug", flat=True))
    world = {
        **catalogue,
        "variant_ids": rng.sample(catalogue["variant_ids"], min(2000, len(catalogue["variant_ids"]))),
        "product_slugs": rng.sample(slugs, min(500, len(slugs))),
        "category_slugs": list(Category.objects.values_list("slug", flat=True)),
        "search_terms": ["毡", "毡制品1", "Felt", "felt piece 12", "p0004", "毡制品2", "Felt piece 7"],
        "product_pages": max(1, min(25, len(slugs) // 20)),
        "carts": carts,
        "artisans": artisans,
        "stripe_url": stripe_url,
        "stripe_key": stripe_key,
    }
    connections.close_all()
    return world


def warm_up(port: int, world: dict, products_query: str) -> None:
    """Each gunicorn worker builds the GraphQL schema, compiles its templates and opens its database
    connection on its first requests; do that before the clock starts. The sync workers close every
    connection, so the requests spread over the workers."""
    body = json.dumps({"query": products_query, "variables": {"after": None}}).encode()
    paths = ["/", f"/category/{world['category_slugs'][0]}/", f"/p/{world['product_slugs'][0]}/",
             "/search/?q=%E6%AF%A1", "/me/login/"]  # fmt: skip
    for _ in range(4 * int(os.environ.get("BENCH_WORKERS", "3"))):
        for path in paths:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", path)
            connection.getresponse().read()
            connection.close()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        graphql(connection, body)
        connection.close()


def sign_in(port: int, world: dict) -> dict:
    """Sign every tablet and artisan in before the run, as they would have been for hours (a PIN or
    password check is a deliberately slow hash: seven of them in the run's first second would queue
    every other request behind them). Answers the median time of each kind of sign-in, in ms."""
    from pos_sync import TOKEN as OPERATOR_TOKEN

    times: dict[str, list[float]] = {"operatorTokenCreate": [], "tokenCreate": [], "portal": []}

    def timed(kind: str, call):
        started = time.perf_counter()
        answer = call()
        times[kind].append((time.perf_counter() - started) * 1000)
        return answer

    for cart in world["carts"]:
        body = json.dumps({"query": OPERATOR_TOKEN, "variables": {"u": cart["username"], "p": cart["pin"]}})
        data = timed("operatorTokenCreate", lambda body=body: graphql_once(port, body.encode()))
        cart["token"] = data["operatorTokenCreate"]["token"]
    for artisan in world["artisans"]:
        variables = {"u": artisan["username"], "p": artisan["password"]}
        body = json.dumps({"query": ARTISAN_TOKEN, "variables": variables}).encode()
        data = timed("tokenCreate", lambda body=body: graphql_once(port, body))
        artisan["token"] = data["tokenCreate"]["token"]
        artisan["session"] = timed("portal", lambda artisan=artisan: portal_sign_in(port, artisan))
    if not all(cart["token"] for cart in world["carts"]) or not all(a["token"] for a in world["artisans"]):
        raise RuntimeError("a sign-in was refused")
    return {kind: round(sorted(values)[len(values) // 2]) for kind, values in times.items()}


def graphql_once(port: int, body: bytes) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        return graphql(connection, body)
    finally:
        connection.close()


def portal_sign_in(port: int, artisan: dict) -> str:
    """Her phone and PIN on /me/login/, as the portal's form posts them; answers the session cookie."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/me/login/")
    response = connection.getresponse()
    response.read()
    csrf = SimpleCookie(response.headers.get("Set-Cookie", ""))["csrftoken"].value
    connection.close()
    form = urllib.parse.urlencode(
        {"phone": artisan["phone"], "pin": artisan["pin"], "csrfmiddlewaretoken": csrf}
    )
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}"}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("POST", "/me/login/", body=form, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    cookies = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    if response.status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"portal sign-in for {artisan['phone']}: HTTP {response.status}, no session")
    return cookies["sessionid"].value


def run_locust(args, host: str, world_file: Path, folder: Path) -> tuple[list, dict]:
    """locust's own command line, headless; answers (its stats entries, what load.py counted)."""
    stats, counts, log = folder / "locust-stats", folder / "locust-counts.json", folder / "locust.log"
    command = [
        PYTHON, "-m", "locust", "-f", str(BENCH / "load.py"), "--headless", "-u", str(args.users),
        "-r", str(args.spawn_rate), "-t", args.duration, "--host", host, "--json-file", str(stats),
        "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "15",
    ]  # fmt: skip
    env = {**os.environ, "LOAD_WORLD": str(world_file), "LOAD_COUNTS": str(counts)}
    finished = subprocess.run(command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    if not counts.exists() or not Path(f"{stats}.json").exists():
        raise RuntimeError(f"locust exited {finished.returncode}: {log.read_text()[-3000:]}")
    return json.loads(Path(f"{stats}.json").read_text()), json.loads(counts.read_text())


def main() -> int:
    args = arguments()
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))  # before bench/: the Django app `storefront`, not bench/storefront.py
    os.environ.setdefault("BENCH_PRODUCTS", "300")
    os.environ["BENCH_LINES"] = os.environ.get("LOAD_HISTORY_LINES", "6000")
    os.environ["BENCH_BATCH"] = "5000"
    storefront = bench_module("storefront")
    postgres = server = worker = stripe_process = redis_port = None
    var_dir = Path(tempfile.mkdtemp(prefix="gongfang-load-"))
    try:
        database_url = os.environ.get("DATABASE_URL")
        if not database_url:
            postgres = ThrowawayPostgres(extra_options="-c max_connections=50 -c shared_buffers=256MB")
            database_url = postgres.start()
        stripe_process, stripe_port = storefront.start_localstripe(var_dir)
        stripe_url = f"http://127.0.0.1:{stripe_port}"
        redis_url, redis_port = start_redis(var_dir)
        env = storefront.server_env(database_url, var_dir, stripe_url, redis_url)
        # gunicorn's own clock for each request (%(D)s, µs): the server's time, apart from the client's.
        access_log = var_dir / "access.log"
        env["GUNICORN_CMD_ARGS"] = f"--access-logfile {access_log} --access-logformat '%(U)s %(D)s'"
        os.environ.update(env)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        built = time.perf_counter()
        world = build_load_world(
            build_world(product_count=storefront.PRODUCTS, artisan_count=storefront.ARTISANS),
            stripe_url=stripe_url,
            stripe_key=storefront.STRIPE_KEY,
        )
        build_seconds = time.perf_counter() - built
        world_file = var_dir / "world.json"

        port = free_port()
        server = start_gunicorn(env, port, var_dir / "gunicorn.log", workers=storefront.WORKERS)
        worker = start_celery_worker(env, var_dir, os.environ.get("LOAD_CELERY_CONCURRENCY", "1"))
        warm_up(port, world, storefront.PRODUCTS_QUERY)
        wait_for_worker()
        sign_in_ms = sign_in(port, world)
        world_file.write_text(json.dumps(world, ensure_ascii=False))
        print(f"world built in {build_seconds:.0f} s; the servers are up, locust starts", file=sys.stderr)
        before = load_average()
        roots = {"gunicorn": server.pid, "celery": worker.pid}
        if postgres is not None:
            roots["postgres"] = int((postgres.data / "postmaster.pid").read_text().split()[0])
        cpu_before = cpu_sample(roots)
        locust_before = os.times()
        access_log_start = access_log.stat().st_size
        entries, counts = run_locust(args, f"http://127.0.0.1:{port}", world_file, var_dir)
        # The trees are walked again: a database backend may have started during the run (the worker's).
        cpu = cpu_used(cpu_before, cpu_sample(roots))
        del cpu["bench_clients"]  # locust runs as this process's child, counted below
        cpu["locust"] = sum(os.times()[2:4]) - sum(locust_before[2:4])  # its children's: locust, waited for
        after = load_average()
        figures = report(args, entries, counts, database_figures(world))
        result = {
            **figures,
            "server_side": server_times(access_log, access_log_start),
            "products": int(os.environ["BENCH_PRODUCTS"]),
            "gunicorn_workers": storefront.WORKERS,
            "cpus": os.cpu_count(),
            "world_build_seconds": round(build_seconds, 1),
            "sign_in_ms_before_the_run": sign_in_ms,
            "cpu_seconds": {name: round(seconds, 1) for name, seconds in cpu.items()},
            "cpu_ms_per_request": {
                name: round(cpu[name] * 1000 / max(1, figures["requests"]), 1)
                for name in ("gunicorn", "postgres")
                if name in cpu
            },
            "load_average_before": before,
            "load_average_after": after,
        }
        print(json.dumps(result, ensure_ascii=False))
        consistent = (
            result["online_orders_in_db"] == result["checkout_flows_completed"]
            and sum(result["cart_orders_in_db"].values()) == result["sales_synced"]
        )
        failed = result["errors"] or result["localstripe_card_confirmations"]["errors"]
        return 0 if consistent and not failed and result["p95_ms"] < P95_TARGET_MS else 1
    finally:
        tear_down(
            processes=(server, worker, stripe_process),
            postgres=postgres,
            redis_port=redis_port,
            folder=var_dir,
        )


if __name__ == "__main__":
    sys.exit(main())
