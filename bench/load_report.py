"""The load run's report (bench/load_run.py): locust's per-request statistics summed by user kind
and overall (percentiles from its response-time histograms), gunicorn's own request times from its
access log, and what the database holds after the run, to hold against what the users saw."""

import time
from pathlib import Path

from harness import percentile

P95_TARGET_MS = 300
KINDS = ("browse", "buy", "cart", "artisan")  # request names start with the user kind
CLASS_KINDS = {
    "TouristBrowsing": "browse",
    "TouristBuying": "buy",
    "CartTablet": "cart",
    "ArtisanChecking": "artisan",
}


def histogram_percentiles(histogram: dict[int, int]) -> dict:
    """p50/p95/p99 in ms from locust's response-time histogram (rounded times -> counts)."""
    total = sum(histogram.values())
    result = {}
    for label, fraction in (("p50_ms", 0.50), ("p95_ms", 0.95), ("p99_ms", 0.99)):
        seen, value = 0, 0
        for milliseconds in sorted(histogram):
            seen += histogram[milliseconds]
            value = milliseconds
            if seen >= fraction * total:
                break
        result[label] = value
    return result


def summarise(entries: list, seconds: float) -> dict:
    histogram: dict[int, int] = {}
    for entry in entries:
        for milliseconds, count in entry["response_times"].items():
            histogram[int(float(milliseconds))] = histogram.get(int(float(milliseconds)), 0) + count
    requests = sum(entry["num_requests"] for entry in entries)
    return {
        "requests": requests,
        "requests_per_second": round(requests / seconds, 1) if seconds else 0,
        **histogram_percentiles(histogram),
        "max_ms": round(max((entry["max_response_time"] for entry in entries), default=0)),
        "errors": sum(entry["num_failures"] for entry in entries),
    }


def database_figures(world: dict) -> dict:
    """What the database holds after the run, to hold against what the users saw; waits (up to a
    minute) for the worker to post every new order line to the ledger."""
    from django.db import connections

    from carts.models import Cart
    from ledger.models import SaleSplit
    from orders.models import Order, OrderLine

    connections.close_all()  # the connections from before the run may have been idle for minutes
    online = Order.objects.filter(channel=Order.Channel.ONLINE).count()
    by_cart = {
        cart.code: Order.objects.filter(channel=Order.Channel.CART, location_id=cart.location_id).count()
        for cart in Cart.objects.filter(code__in=[cart["code"] for cart in world["carts"]])
    }
    lines = OrderLine.objects.count()
    waited = time.perf_counter()
    while True:
        posted = SaleSplit.objects.exclude(reference__startswith="B-").count()
        if posted >= lines or time.perf_counter() - waited > 60:
            break
        time.sleep(0.5)
    return {
        "online_orders_in_db": online,
        "cart_orders_in_db": by_cart,
        "order_lines": lines,
        "ledger_lines_posted": posted,
        "ledger_caught_up_seconds_after_run": round(time.perf_counter() - waited, 1)
        if posted >= lines
        else None,
    }


def server_times(access_log: Path, start: int) -> dict:
    """p50/p95/p99 of the run's requests by gunicorn's clock (from accepting a request to the last
    byte sent), GraphQL and pages apart: how long the server took, without the load generator's own
    waits for the CPU."""
    with access_log.open("rb") as file:
        file.seek(start)
        rows = [line.decode().split() for line in file]
    kinds: dict[str, list[float]] = {"all": [], "graphql": [], "pages": []}
    for path, micros in (row for row in rows if len(row) == 2):
        kinds["all"].append(int(micros) / 1000)
        kinds["graphql" if path == "/graphql/" else "pages"].append(int(micros) / 1000)
    answer = {}
    for kind, values in kinds.items():
        ordered = sorted(values)
        answer[kind] = {"requests": len(ordered)} | {
            f"p{round(fraction * 100)}_ms": round(percentile(ordered, fraction), 1)
            for fraction in (0.5, 0.95, 0.99)
        }
    return answer


def report(args, entries: list, counts: dict, figures: dict) -> dict:
    app = [entry for entry in entries if entry["name"].split(":")[0] in KINDS]
    stripe = [entry for entry in entries if entry["name"].startswith("localstripe")]
    seconds = counts["stopped_at"] - counts["started_at"]  # spawning and the last tasks' finish included
    users = {CLASS_KINDS[name]: count for name, count in counts.get("users", {}).items()}
    by_kind = {
        kind: {
            "users": users.get(kind, 0),
            **summarise([e for e in app if e["name"].startswith(f"{kind}:")], seconds),
        }
        for kind in KINDS
    }
    by_kind["buy"].update(
        checkout_flows_completed=counts["checkout_flows_completed"],
        online_orders_in_db=figures["online_orders_in_db"],
    )
    by_kind["cart"].update(
        sales_synced=counts["sales_synced"],
        cart_orders_in_db=figures["cart_orders_in_db"],
        sync_batches=counts["sync_batches"],
        batches_resent=counts["batches_resent"],
    )
    overall = summarise(app, seconds)
    return {
        "users": args.users,
        "spawn_rate": args.spawn_rate,
        "duration_seconds": round(seconds, 1),
        **overall,
        "by_kind": by_kind,
        "by_request": {
            entry["name"]: summarise([entry], seconds) for entry in sorted(app, key=lambda e: e["name"])
        },
        "localstripe_card_confirmations": summarise(stripe, seconds),
        "error_list": counts["errors"],
        "checkout_flows_completed": counts["checkout_flows_completed"],
        "sales_synced": counts["sales_synced"],
        **figures,
        "p95_target_ms": P95_TARGET_MS,
    }
