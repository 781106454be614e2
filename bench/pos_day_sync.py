"""A cart tablet's day of sales synced on reconnect, end to end: the real tablet app in headless
Chromium against gunicorn and PostgreSQL, as JSON on stdout.

    .venv/bin/python bench/pos_day_sync.py       # or: make bench-pos-day

A throwaway PostgreSQL (unless DATABASE_URL names an empty database) and Redis; migrate and
collectstatic; a cart with an operator (PIN) and BENCH_VARIANTS products of 1,000 pieces each, made
through the domain services; gunicorn (BENCH_WORKERS sync workers, 3) on a free loopback port, every
worker warmed up with BENCH_WARM_UP_BATCHES (6) batches of 200 sales for a second cart (0: cold
workers, whose first sync costs about a second each). Chromium at
1024×768 opens /pos/, the operator signs in and opens her shift through the screens, online (the
shift's opening syncs). Then, offline, the day goes into the tablet's queue through the app's own
IndexedDB layer (static/pos/db.js `recordSale` / `recordRefund`, with sale.js building each sale as the
payment screen does): BENCH_DAY_SALES sales (500) of one to three lines, one or two pieces a line, paid
in cash (with change), WeChat or Alipay, and BENCH_DAY_REFUNDS (10) refunds (half of them the whole
sale, half one piece of its first line). The clock starts when the connection comes back (the app's
own `online` handler syncs) and stops when the tablet's header says nothing waits ("待同步 0 笔") and
the queue store is empty. Every posSyncSales request the page sends is counted with the sales and
refunds it carried.

Then it checks the server holds exactly BENCH_DAY_SALES sales of this cart, each client UUID once, as
many orders, and the refunds; exits 1 otherwise, or over 10 s (issue 15's target)."""

import datetime
import http.client
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import tear_down
from pos_sync import TOKEN, make_batches, post, run_clients, server_env
from processes import cpu_sample, cpu_used, load_average, process_table, start_gunicorn
from throwaway_postgres import ThrowawayPostgres, free_port
from throwaway_redis import start_redis

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")

SALES = int(os.environ.get("BENCH_DAY_SALES", "500"))
REFUNDS = int(os.environ.get("BENCH_DAY_REFUNDS", "10"))
VARIANTS = int(os.environ.get("BENCH_VARIANTS", "40"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
WARM_UP_BATCHES = int(os.environ.get("BENCH_WARM_UP_BATCHES", "6"))
DEVICE = "BENCH01"
TARGET_SECONDS = 10
USERNAME = "bench-op"
WARM_UP_USERNAME = "bench-warm-up"
PIN = "482916"

# Runs in the tablet's page: the day's sales and refunds through the app's own modules (the same
# instances the app uses: one URL, one module), then the header's counts re-read.
RECORD_DAY = """
async ({sales, refunds, seed}) => {
  const db = await import('/static/pos/db.js');
  const {buildSale, buildRefund} = await import('/static/pos/sale.js');
  const {state} = await import('/static/pos/state.js');
  const {refreshCounts} = await import('/static/pos/sync.js');
  let x = seed;
  const random = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const methods = ['CASH', 'CASH', 'WECHAT', 'WECHAT', 'ALIPAY'];
  const started = performance.now();
  const recorded = [];
  for (let n = 0; n < sales; n++) {
    const items = [...state.catalog].sort(() => random() - 0.5).slice(0, 1 + Math.floor(random() * 3));
    const basket = items.map((item) => ({
      sku: item.sku, item, quantity: pick([1, 1, 1, 2]), unitPriceFen: item.priceFen,
      discountFen: 0, discountReason: '',
    }));
    const total = basket.reduce((sum, line) => sum + line.quantity * line.unitPriceFen, 0);
    const method = pick(methods);
    const payment = method === 'CASH' ? {method, tenderedFen: Math.ceil(total / 10000) * 10000} : {method};
    recorded.push(await db.recordSale((seq) => buildSale({
      basket, payment, cart: state.cart, deviceId: state.deviceId, shiftId: state.shift.id, seq,
    })));
  }
  for (let n = 0; n < refunds; n++) {
    const sale = recorded[Math.floor((n + 0.5) * sales / refunds)];
    const input = buildRefund({sale, shiftId: state.shift.id, reason: '顾客退货'});
    // Every other refund gives back the whole sale, the others one piece of its first line.
    const wanted = {};
    if (n % 2) wanted[sale.lines[0].sku] = 1;
    else for (const line of sale.lines) wanted[line.sku] = (wanted[line.sku] || 0) + line.quantity;
    const {cart, deviceId} = sale;
    await db.recordRefund({saleUuid: sale.clientUuid, input, wanted, cart, deviceId});
  }
  await refreshCounts();
  return {
    ms: performance.now() - started,
    queued: await db.count('queue'),
    fen: recorded.reduce((sum, sale) => sum + sale.payment.amountFen, 0),
    pieces: recorded.reduce((sum, sale) => sum + sale.items, 0),
  };
}
"""


def build_world() -> dict:
    """The cart, its operator with a PIN and VARIANTS products of 1,000 pieces each at the cart; a
    second cart with an open shift, whose sales only warm the server's workers up."""
    import django

    django.setup()
    from django.db import connections
    from graphql_relay import to_global_id

    from accounts.models import User
    from artisans.services import artisan_create
    from carts.services import cart_create, operator_create, operator_pin_set, shift_open, site_create
    from catalog.models import Variant
    from catalog.services import VariantInput, category_create, product_create
    from inventory.services import LineQuantity, intake_create

    staff = User.objects.create_superuser("bench-staff", password="bench-pass-word-123")
    site = site_create(code="chaka", name_zh="茶卡盐湖", name_en="Chaka Salt Lake")
    cart = cart_create(code="chaka", name_zh="茶卡车", name_en="Chaka", site=site)
    warm_up = cart_create(code="warmup", name_zh="预热车", name_en="Warm-up", site=site)
    operator = operator_create(
        username=USERNAME, password="bench-pass-word-123", display_name="韩梅", carts=[cart]
    )
    # Her tablet would ask which cart with two: the warm-up cart has an operator of its own.
    warm_up_operator = operator_create(
        username=WARM_UP_USERNAME, password="bench-pass-word-123", display_name="预热", carts=[warm_up]
    )
    operator_pin_set(operator=warm_up_operator, pin=PIN)
    operator_pin_set(operator=operator, pin=PIN)
    artisan = artisan_create(code="bench-artisan", name_zh="乌仁娜", name_latin="Urna", county="wulan")
    category = category_create(slug="felt", name_zh="毡艺", name_en="Felt")
    rng = random.Random(7)
    for index in range(VARIANTS):
        product_create(
            slug=f"day-{index}", name_zh=f"毡制品{index}", name_en=f"Felt {index}", category=category,
            variants=[
                VariantInput(sku=f"DAY-{index:03d}", price_fen=rng.randrange(20, 400) * 100, artisan=artisan)
            ],
        )  # fmt: skip
    for location in (cart.location, warm_up.location):
        intake_create(
            artisan=artisan,
            location=location,
            lines=[LineQuantity(variant=variant, quantity=1000) for variant in Variant.objects.all()],
            actor=staff,
        )
    # pos_sync.make_batches' sales start at 1 July 2026 02:00 UTC.
    shift = shift_open(
        cart=warm_up, operator=warm_up_operator, device_id=DEVICE, opening_cash_fen=0,
        opened_at=datetime.datetime(2026, 7, 1, 1, 0, tzinfo=datetime.UTC),
    )  # fmt: skip
    world = {
        "catalogue": list(Variant.objects.values_list("sku", "price_fen")),
        "warmup": {"shift": to_global_id("Shift", shift.pk)},
    }
    connections.close_all()
    return world


def warm_up(world: dict, port: int) -> int:
    """WARM_UP_BATCHES real batches of 200 for the warm-up cart, from as many clients as workers: every
    worker has imported, connected and run the sync before the clock starts, as a server that has
    been up all day has (a cold worker's first batch took over a second)."""
    if not WARM_UP_BATCHES:
        return 0
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    sign_in = {"query": TOKEN, "variables": {"u": WARM_UP_USERNAME, "p": PIN}}
    signed_in = post(connection, json.dumps(sign_in).encode())
    connection.close()
    token = signed_in["data"]["operatorTokenCreate"]["token"]
    bodies = make_batches(world, "warmup", WARM_UP_BATCHES * 200, seed=5)
    _, _, bad = run_clients(port, token, [bodies], memory=None, clients=WORKERS)
    if bad:
        raise RuntimeError(f"a warm-up sale was not recorded: {bad[:1]}")
    return len(bodies)


def server_counts() -> dict:
    from django.db import connections
    from django.db.models import Count

    from carts.models import Cart, PosRefund, PosSale
    from orders.models import Order

    cart = Cart.objects.get(code="chaka")
    sales = PosSale.objects.filter(shift__cart__code="chaka")
    counts = {
        "sales_on_server": sales.count(),
        "distinct_client_uuids": sales.values("client_uuid").distinct().count(),
        "uuids_recorded_twice": sales.values("client_uuid").annotate(n=Count("pk")).filter(n__gt=1).count(),
        "orders_on_server": Order.objects.filter(location=cart.location, channel="cart").count(),
        "refunds_on_server": PosRefund.objects.filter(shift__cart__code="chaka").count(),
    }
    connections.close_all()
    return counts


def browser_root() -> int | None:
    """Playwright's driver (it started Chromium): a child of this process whose command names it."""
    for pid, (parent, _, _) in process_table().items():
        if parent != os.getpid():
            continue
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if "playwright" in command:
            return pid
    return None


def run_day(base_url: str, roots: dict) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        context = browser.new_context(
            viewport={"width": 1024, "height": 768}, service_workers="allow", locale="zh-CN"
        )
        context.set_default_timeout(60000)
        page = context.new_page()
        page.goto(base_url + "/pos/")
        page.fill("#login-username", USERNAME)
        page.fill("#login-pin", PIN)
        page.click("[data-testid=login-submit]")
        page.fill("[data-testid=opening-cash]", "300")
        page.click("[data-testid=open-shift]")
        page.wait_for_selector("[data-testid=tile-DAY-000]")
        page.wait_for_function("() => document.documentElement.dataset.offlineReady === '1'")
        waiting(page, 0)

        context.set_offline(True)
        page.wait_for_function("() => !navigator.onLine")
        day = page.evaluate(RECORD_DAY, {"sales": SALES, "refunds": REFUNDS, "seed": 20261207})
        waiting(page, SALES + REFUNDS)

        batches = []
        requests = []

        def count_batch(request):
            body = request.post_data or ""
            if request.method == "POST" and "posSyncSales" in body:
                variables = json.loads(body).get("variables", {}).get("input", {})
                batches.append((len(variables.get("sales") or []), len(variables.get("refunds") or [])))

        def time_request(request):
            # What the tablet asked for while the clock ran, and how long each answer took (Chromium's
            # own timing: from sending the request to the end of the answer).
            timing = request.timing
            operation = re.search(r"(mutation|query)\s+(\w+)", request.post_data or "")
            requests.append(
                (
                    (operation.group(2) if operation else request.url.rsplit("/", 2)[-2]) or "?",
                    round(timing["responseEnd"] - timing["requestStart"]),
                )
            )

        page.on("request", count_batch)
        page.on("requestfinished", time_request)
        roots = {**roots, "chromium": browser_root()}
        cpu_before = cpu_sample({name: pid for name, pid in roots.items() if pid})
        started = time.perf_counter()
        context.set_offline(False)  # the app's `online` handler starts the sync
        page.wait_for_function(
            "() => document.querySelector('[data-testid=queue-count]')?.textContent === '待同步 0 笔'",
            polling=10,
        )
        seconds = time.perf_counter() - started
        cpu = cpu_used(cpu_before, cpu_sample({name: pid for name, pid in roots.items() if pid}))
        left = page.evaluate("async () => (await import('/static/pos/db.js')).count('queue')")
        rejected = page.evaluate("async () => (await import('/static/pos/db.js')).count('rejected')")
        browser.close()
    return {
        "day": day,
        "seconds": seconds,
        "batches": batches,
        "requests": requests,
        "cpu": cpu,
        "queue_left": left,
        "rejected": rejected,
    }


def waiting(page, n: int) -> None:
    page.wait_for_function(
        "n => document.querySelector('[data-testid=queue-count]')?.textContent === `待同步 ${n} 笔`", arg=n
    )


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
            postgres = ThrowawayPostgres()
            database_url = postgres.start()
        redis_url, redis_port = start_redis(var_dir)
        env = server_env(database_url, var_dir, redis_url)
        os.environ.update(env)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        for command in (["migrate", "--no-input", "-v", "0"], ["collectstatic", "--no-input", "-v", "0"]):
            subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)
        world = build_world()
        port = free_port()
        server = start_gunicorn(env, port, var_dir / "gunicorn.log", workers=WORKERS)
        warm_up_batches = warm_up(world, port)
        roots = {"gunicorn": server.pid}
        if postgres:
            roots["postgres"] = int((postgres.data / "postmaster.pid").read_text().split()[0])
        run = run_day(f"http://127.0.0.1:{port}", roots)
        counts = server_counts()
        cpu = run["cpu"]
        result = {
            "sales": SALES,
            "refunds": REFUNDS,
            "pieces": run["day"]["pieces"],
            "sales_fen": run["day"]["fen"],
            "recorded_on_device_seconds": round(run["day"]["ms"] / 1000, 2),
            "seconds": round(run["seconds"], 2),
            "sales_per_second": round(SALES / run["seconds"]),
            "batches": len(run["batches"]),
            "batch_sizes": [sales + refunds for sales, refunds in run["batches"]],
            "requests_ms": run["requests"],
            "workers": WORKERS,
            "warm_up_batches": warm_up_batches,
            "cpu_seconds": {name: round(value, 2) for name, value in cpu.items()},
            "queue_left_on_device": run["queue_left"],
            "rejected_on_device": run["rejected"],
            **counts,
            "load_average": load_average(),
            "target_seconds": TARGET_SECONDS,
        }
        passed = (
            counts["sales_on_server"] == SALES
            and counts["distinct_client_uuids"] == SALES
            and counts["uuids_recorded_twice"] == 0
            and counts["orders_on_server"] == SALES
            and counts["refunds_on_server"] == REFUNDS
            and run["queue_left"] == 0
            and run["rejected"] == 0
            and run["seconds"] < TARGET_SECONDS
        )
        result["passed"] = passed
        print(json.dumps(result, ensure_ascii=False))
        return 0 if passed else 1
    finally:
        tear_down(processes=(server,), postgres=postgres, redis_port=redis_port, folder=var_dir)


if __name__ == "__main__":
    sys.exit(main())
