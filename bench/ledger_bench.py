"""Benchmark: post the splits of 1,000,000 sale lines, then run one payout run over them.

    .venv/bin/python bench/ledger_bench.py

Starts a throwaway PostgreSQL (as scripts/test.sh does) unless DATABASE_URL is given, migrates, makes
BENCH_ARTISANS artisans with agreements and a product each, three carts with their operators, then
posts BENCH_LINES sale lines over the last 60 days through ledger.services.sale_lines_post in batches
of BENCH_BATCH (70% at carts, 30% online with a 3% fee, half of those attributed to a cart), from
BENCH_POSTERS threads with a database connection each (as that many Celery worker processes would),
and runs payout_run_create once over all of it. Posting and the run are timed and measured apart.
The journal is posted per batch and day (docs/ledger.md): each batch gives one sale transaction for each
day of sale in it, with her payable's entry and a split per line.
Prints one JSON object: {lines, post_seconds, post_cpu_seconds, post_peak_rss_mb, payout_run_seconds,
payout_run_peak_rss_mb, ...}; exits non-zero when the books do not balance or the run did not pay
exactly what was available.
Targets: posting the million within 60 s, the run within 30 s, memory within 500 MB.

Knobs (environment): BENCH_LINES (1000000), BENCH_BATCH (10000), BENCH_ARTISANS (500), BENCH_SEED (5),
BENCH_POSTERS (2: the production worker's processes, docker-compose.yml).
"""

import contextlib
import datetime
import gc
import json
import os
import random
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from throwaway_postgres import ThrowawayPostgres

ROOT = Path(__file__).resolve().parent.parent
LINES = int(os.environ.get("BENCH_LINES", "1000000"))
BATCH = int(os.environ.get("BENCH_BATCH", "10000"))
ARTISANS = int(os.environ.get("BENCH_ARTISANS", "500"))
SEED = int(os.environ.get("BENCH_SEED", "5"))
POSTERS = int(os.environ.get("BENCH_POSTERS", "2"))
TICKS = os.sysconf("SC_CLK_TCK")


def peak_rss_mb() -> float:
    """This process's peak resident memory since it started or since reset_peak_rss()."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def reset_peak_rss() -> None:
    """Linux resets a process's peak resident memory when it writes 5 to its clear_refs."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # not on this machine (an external DATABASE_URL)
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def world():
    """Artisans with agreements and a product each, three carts and their operators."""
    from accounts.models import User
    from artisans.models import Agreement, Artisan, County
    from catalog.models import Category, Product
    from inventory.models import Location

    artisans = Artisan.objects.bulk_create(
        Artisan(code=f"bench-{n}", name_zh=f"手艺人{n}", name_latin=f"Artisan {n}", county=County.WULAN)
        for n in range(ARTISANS)
    )
    Agreement.objects.bulk_create(
        Agreement(artisan=a, valid_from=datetime.date(2020, 1, 1), artisan_bp=7000, operator_bp=1000,
                  programme_bp=2000)
        for a in artisans
    )  # fmt: skip
    category = Category.objects.create(slug="bench", name_zh="基准", name_en="Bench")
    products = Product.objects.bulk_create(
        Product(slug=f"bench-{n}", name_zh=f"商品{n}", name_en=f"Product {n}", category=category)
        for n in range(ARTISANS)
    )
    carts = Location.objects.bulk_create(
        Location(code=f"bench-cart-{n}", kind=Location.Kind.CART, name_zh=f"零售车{n}", name_en=f"Cart {n}")
        for n in range(3)
    )
    operators = User.objects.bulk_create(User(username=f"bench-op-{n}") for n in range(3))
    return (
        [(a.pk, p.pk) for a, p in zip(artisans, products, strict=True)],
        [c.pk for c in carts],
        [o.pk for o in operators],
    )


def batches(pairs, carts, operators, now, *, first=0, step=1):
    """Batches number first, first + step, … of the BENCH_LINES lines; each batch's lines are the
    same whichever poster makes them (its own random generator)."""
    from ledger.models import Channel
    from ledger.services import SaleLine

    start = now - datetime.timedelta(days=60)
    for number in range(first, -(-LINES // BATCH), step):
        rng = random.Random(SEED * 1_000_003 + number)
        lines = []
        for n in range(number * BATCH, min((number + 1) * BATCH, LINES)):
            artisan_id, product_id = pairs[rng.randrange(len(pairs))]
            cart = rng.randrange(3)
            paid = rng.randrange(1_000, 200_000)
            kind = rng.random()
            online = kind >= 0.7
            attributed = kind < 0.85
            lines.append(
                SaleLine(
                    reference=f"B-{n:07d}/1",
                    occurred_at=start + datetime.timedelta(seconds=rng.randrange(60 * 86400)),
                    artisan_id=artisan_id,
                    product_id=product_id,
                    paid_fen=paid,
                    channel=Channel.ONLINE if online else Channel.CART,
                    location_id=carts[cart] if attributed else None,
                    operator_user_id=operators[cart] if attributed else None,
                    fee_fen=paid * 3 // 100 if online else 0,
                )
            )
        yield lines


def post(pairs, carts, operators, now) -> dict:
    """Every line through sale_lines_post from POSTERS threads; the wall time, and the CPU time of
    making the lines (the bench's own), of the rest of this process and of the PostgreSQL backends."""
    from django.db import connection

    from ledger.services import sale_lines_post

    done = []

    def poster(first: int) -> None:
        posted, making, backend_cpu = 0, 0.0, 0.0
        try:
            connection.ensure_connection()
            backend = connection.connection.info.backend_pid
            backend_before = cpu_seconds(backend)
            lines_of = batches(pairs, carts, operators, now, first=first, step=POSTERS)
            while True:
                began = time.thread_time()
                lines = next(lines_of, None)
                making += time.thread_time() - began
                if lines is None:
                    break
                posted += sale_lines_post(lines=lines)
            backend_cpu = cpu_seconds(backend) - backend_before
        finally:
            connection.close()
            done.append((posted, making, backend_cpu))

    threads = [threading.Thread(target=poster, args=(first,)) for first in range(POSTERS)]
    started, cpu_before = time.perf_counter(), time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    process_cpu = time.process_time() - cpu_before
    making = sum(making for _, making, _ in done)
    return {
        "lines": sum(posted for posted, _, _ in done),
        "seconds": seconds,
        "making_lines_cpu_seconds": round(making, 1),
        "python_cpu_seconds": round(process_cpu - making, 1),
        "postgres_cpu_seconds": round(sum(backend for _, _, backend in done), 1),
    }


def measure() -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Sum
    from django.utils import timezone

    from ledger.models import Account, JournalEntry, JournalTransaction, Payout, SaleSplit
    from ledger.selectors import ledger_trial_balance
    from ledger.services import payout_run_create

    call_command("migrate", verbosity=0)
    pairs, carts, operators = world()
    now = timezone.now()
    gc.freeze()  # as each Celery worker process does once it has started (config/celery.py)
    load_before = [round(value, 2) for value in os.getloadavg()]

    posting = post(pairs, carts, operators, now)
    peak_posting = peak_rss_mb()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE ledger_journalentry")

    reset_peak_rss()
    started = time.perf_counter()
    run = payout_run_create(run_date=now.date(), actor=None, at=now)
    payout_run_seconds = time.perf_counter() - started
    peak_run = peak_rss_mb()

    started = time.perf_counter()
    trial = ledger_trial_balance()
    trial_seconds = time.perf_counter() - started
    paid = Payout.objects.filter(run=run).aggregate(total=Sum("amount_fen"))
    left = -(
        JournalEntry.objects.filter(
            account__kind=Account.Kind.ARTISAN_PAYABLE, available_at__lte=now
        ).aggregate(total=Sum("amount_fen"))["total"]
        or 0
    )
    return {
        "lines": posting["lines"],
        "batch": BATCH,
        "posters": POSTERS,
        "artisans": ARTISANS,
        "entries": JournalEntry.objects.count(),
        # Posted per batch and day (docs/ledger.md): a transaction per day of sale in each batch, her
        # payable's entry and a split per line.
        "transactions": JournalTransaction.objects.filter(kind=JournalTransaction.Kind.SALE).count(),
        "splits": SaleSplit.objects.count(),
        "post_seconds": round(posting["seconds"], 1),
        "lines_per_second": round(posting["lines"] / posting["seconds"]),
        "post_cpu_seconds": {
            "making_lines": posting["making_lines_cpu_seconds"],
            "python": posting["python_cpu_seconds"],
            "postgres": posting["postgres_cpu_seconds"],
        },
        "post_cpu_us_per_line": round(
            (
                posting["making_lines_cpu_seconds"]
                + posting["python_cpu_seconds"]
                + posting["postgres_cpu_seconds"]
            )
            / max(posting["lines"], 1)
            * 1e6,
            1,
        ),
        "post_peak_rss_mb": peak_posting,
        "payout_run_seconds": round(payout_run_seconds, 2),
        "payout_run_peak_rss_mb": peak_run,
        "payouts": Payout.objects.filter(run=run).count(),
        "paid_fen": paid["total"] or 0,
        "available_left_fen": left,
        "trial_balance_seconds": round(trial_seconds, 2),
        "trial_balance_total_fen": trial.total_fen,
        "load_average_before": load_before,
        "load_average_after": [round(value, 2) for value in os.getloadavg()],
    }


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["GONGFANG_TESTING"] = "1"
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
    os.environ.pop("DEBUG", None)  # DEBUG keeps every query in memory
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    postgres = None
    var_dir = Path(tempfile.mkdtemp(prefix="gongfang-ledger-bench-var-"))
    os.environ["GONGFANG_VAR_DIR"] = str(var_dir)
    try:
        if not os.environ.get("DATABASE_URL"):
            postgres = ThrowawayPostgres(extra_options="-c shared_buffers=256MB -c work_mem=64MB")
            os.environ["DATABASE_URL"] = postgres.start()
        result = measure()
    finally:
        if postgres is not None:
            postgres.stop()
        shutil.rmtree(var_dir, ignore_errors=True)
    print(json.dumps(result))
    ok = result["trial_balance_total_fen"] == 0 and result["available_left_fen"] < 10_000 * ARTISANS
    return 0 if ok and result["lines"] == LINES else 1


if __name__ == "__main__":
    sys.exit(main())
