"""Paid order lines and refunds into the ledger (its splits), after the transaction that made them.

Posting runs as a Celery task once the order or refund is committed, so a cart's sync or a checkout
never waits on the ledger; a sweep (Celery beat) posts whatever a lost task left behind. Both are
idempotent: the ledger skips a line or refund it already has, and the rows a run marks are locked
with SKIP LOCKED, so two runs (a task and the sweep) never post the same order at once.

A line the ledger refuses (say, its artisan had no agreement in force that day) holds back only its
own order: the rest of the batch is posted, the refused order stays unposted and is logged, and the
sweep tries it again (it posts once staff have fixed the agreement).
"""

import dataclasses
import datetime
import logging
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.errors import DomainError
from core.money import allocate
from ledger.services import SaleLine, refund_post, sale_lines_post
from orders.models import LedgerOutbox, Order, OrderHold, OrderLine, OrderRefund, OrderRefundLine
from payments.models import Payment
from payments.services import payment_fee_record

logger = logging.getLogger(__name__)

LIMIT = 5000
# A row this old has lost its task (a task runs within a second or two of the commit).
OUTBOX_STALE = datetime.timedelta(seconds=5)
OUTBOX_LIMIT = 50  # rows a drain posts in one transaction (a batch of 200 orders each, at most)
OUTBOX_BATCHES = 20
HELD = (OrderHold.Status.HELD, OrderHold.Status.VOIDED)  # a voided sale is posted held, then reversed


def ledger_posting_schedule(*, order_ids: Iterable[int] = (), refund_ids: Iterable[int] = ()) -> None:
    """Post these orders' lines and these refunds once the current transaction commits.

    The debt is written first, in the caller's transaction (a LedgerOutbox row), so it is never lost
    with the enqueue: the task drains that row, and should the task never be sent (the broker down,
    the web worker killed right after the commit), the next task and beat's short drain take the row
    within seconds (ledger_outbox_drain). robust: a broker that is down must not fail the sale.
    """
    order_ids, refund_ids = list(order_ids), list(refund_ids)
    if not order_ids and not refund_ids:
        return
    outbox_id = LedgerOutbox.objects.create(order_ids=order_ids, refund_ids=refund_ids).pk

    def enqueue():
        from orders.tasks.posting import ledger_post

        ledger_post.delay(order_ids=order_ids, refund_ids=refund_ids, outbox_id=outbox_id)

    transaction.on_commit(enqueue, robust=True)


def ledger_outbox_drain(
    *, outbox_id: int | None = None, stale_after: datetime.timedelta = OUTBOX_STALE
) -> int:
    """Post what the outbox owes: row outbox_id, and every row older than stale_after (its task was
    lost); returns how many rows were drained. Rows another run holds are skipped (that run drains
    them); a row whose orders the ledger refuses is drained all the same (the sweep retries them)."""
    drained = 0
    for _batch in range(OUTBOX_BATCHES):
        with transaction.atomic():
            owed = Q(created_at__lt=timezone.now() - stale_after)
            if outbox_id is not None:
                owed |= Q(pk=outbox_id)
            rows = list(
                LedgerOutbox.objects.filter(owed)
                .select_for_update(skip_locked=True)
                .order_by("pk")
                .values_list("pk", "order_ids", "refund_ids")[:OUTBOX_LIMIT]
            )
            if not rows:
                return drained
            order_ids = sorted({pk for _, orders, _ in rows for pk in orders})
            refund_ids = sorted({pk for _, _, refunds in rows for pk in refunds})
            if order_ids:
                orders_post_to_ledger(order_ids=order_ids, limit=len(order_ids))
            if refund_ids:
                refunds_post_to_ledger(refund_ids=refund_ids, limit=len(refund_ids))
            LedgerOutbox.objects.filter(pk__in=[pk for pk, _, _ in rows]).delete()
        drained += len(rows)
        outbox_id = None
        if len(rows) < OUTBOX_LIMIT:
            return drained
    return drained


def order_paid_followups_schedule(*, order_id: int) -> None:
    """Once the current transaction commits, one task posts this paid online order and sends its
    confirmation (orders.tasks.checkout.order_paid_followups): one publish, not two.

    robust: a broker that is down must not fail the sale; the sweeps post it and send it."""

    def enqueue():
        from orders.tasks.checkout import order_paid_followups

        order_paid_followups.delay(order_id)

    transaction.on_commit(enqueue, robust=True)


def line_reference(number: str, line_id: int) -> str:
    """The ledger's reference of an order line: its sale split is found by it."""
    return f"{number}/{line_id}"


def orders_post_to_ledger(*, order_ids: Iterable[int] | None = None, limit: int = LIMIT) -> int:
    """Post the split of every line of these paid orders (None: any unposted, oldest first, at most
    `limit`) and mark them posted; returns how many orders were posted now.

    A handful of statements for the batch: the orders locked, their lines read, the ledger's own
    batch insert, one UPDATE. An order locked by a concurrent run is skipped (that run posts it).
    An online order waits until Stripe's fee on its payment is known (read first, outside the
    transaction; if Stripe cannot say now, the sweep tries again).
    """
    order_ids = None if order_ids is None else list(order_ids)
    _record_fees(order_ids, limit)
    return _post_locked(order_ids, limit)


def _record_fees(order_ids: list[int] | None, limit: int) -> None:
    unknown = Payment.objects.filter(
        order__ledger_posted_at__isnull=True, order__paid_at__isnull=False, fee_fen__isnull=True
    )
    if order_ids is not None:
        unknown = unknown.filter(order__pk__in=order_ids)
    for payment in unknown.order_by("pk")[:limit]:
        try:
            payment_fee_record(payment=payment)
        except DomainError as error:
            logger.warning("no Stripe fee yet for payment %s (%s): %s", payment.pk, error.code, error)


@transaction.atomic
def _post_locked(order_ids: list[int] | None, limit: int) -> int:
    postable = Order.objects.filter(paid_at__isnull=False).exclude(
        payment__isnull=False, payment__fee_fen__isnull=True
    )
    ids = _lock_unposted(postable, order_ids, limit, "paid_at")
    if not ids:
        return 0
    per_order = _sale_lines(ids)
    posted = _post_orders(per_order)
    Order.objects.filter(pk__in=posted).update(ledger_posted_at=timezone.now())
    if posted:
        _notify_artisans(list(posted))
    return len(posted)


def _notify_artisans(order_ids: list[int]) -> None:
    """Once the posting commits, each artisan hears that a piece of hers sold (one task a batch)."""

    def enqueue():
        from orders.tasks.checkout import artisan_sale_notices

        artisan_sale_notices.delay(order_ids)

    transaction.on_commit(enqueue, robust=True)


@transaction.atomic
def refunds_post_to_ledger(*, refund_ids: Iterable[int] | None = None, limit: int = LIMIT) -> int:
    """Reverse in the ledger every line of these refunds (None: any unposted, oldest first), each in
    proportion to the sale it refunds, and mark them posted; returns how many were posted now.

    A refund's order is posted first when it is not yet; a refund whose order cannot be posted now
    (refused by the ledger, or being posted by a concurrent run) waits for the next sweep.
    """
    ids = _lock_unposted(OrderRefund.objects.all(), refund_ids, limit, "created_at")
    if not ids:
        return 0
    refunds = {
        row["pk"]: row
        for row in OrderRefund.objects.filter(pk__in=ids).values(
            "pk", "reference", "created_at", "order_id", "order__ledger_posted_at"
        )
    }
    waiting = {row["order_id"] for row in refunds.values() if row["order__ledger_posted_at"] is None}
    if waiting:
        orders_post_to_ledger(order_ids=waiting, limit=len(waiting))
        waiting = set(
            Order.objects.filter(pk__in=waiting, ledger_posted_at__isnull=True).values_list("pk", flat=True)
        )
    lines: dict[int, list] = {}
    for row in (
        OrderRefundLine.objects.filter(refund_id__in=list(refunds))
        .values("refund_id", "order_line_id", "order_line__order__number", "amount_fen")
        .order_by("refund_id", "pk")
    ):
        lines.setdefault(row["refund_id"], []).append(row)
    posted = []
    for pk in ids:
        refund = refunds[pk]
        if refund["order_id"] in waiting:
            logger.info("refund %s waits for its order to be posted", refund["reference"])
            continue
        try:
            with transaction.atomic():
                for line in lines.get(pk, ()):
                    if line["amount_fen"] <= 0:
                        continue
                    refund_post(
                        reference=line_reference(line["order_line__order__number"], line["order_line_id"]),
                        refunded_fen=line["amount_fen"],
                        occurred_at=refund["created_at"],
                        refund_reference=line_reference(refund["reference"], line["order_line_id"]),
                    )
        except DomainError as error:
            logger.warning(
                "the ledger refused refund %s (%s): %s %s",
                refund["reference"],
                error.code,
                error,
                error.params,
            )
            continue
        posted.append(pk)
    OrderRefund.objects.filter(pk__in=posted).update(ledger_posted_at=timezone.now())
    return len(posted)


def _lock_unposted(rows, ids: Iterable[int] | None, limit: int, oldest: str) -> list[int]:
    """Ids of the unposted rows asked for, locked for this transaction; rows another run holds are
    skipped, and so are rows it posted before we looked (ledger_posted_at is read again here)."""
    rows = rows.filter(ledger_posted_at__isnull=True)
    if ids is not None:
        ids = list(ids)
        if not ids:
            return []
        rows = rows.filter(pk__in=ids)
    return list(
        rows.select_for_update(skip_locked=True, of=("self",))
        .order_by(oldest, "pk")
        .values_list("pk", flat=True)[:limit]
    )


def _sale_lines(order_ids: list[int]) -> dict[int, list[SaleLine]]:
    """{order id: a SaleLine per line}, read in one query."""
    per_order: dict[int, list[SaleLine]] = {pk: [] for pk in order_ids}
    fees: dict[int, int | None] = {}
    for row in (
        OrderLine.objects.filter(order_id__in=order_ids)
        .values(
            "pk",
            "order_id",
            "order__number",
            "order__paid_at",
            "order__channel",
            "order__location_id",
            "order__attributed_location_id",
            "order__operator_id",
            "variant__product_id",
            "artisan_id",
            "quantity",
            "total_fen",
            "order__payment__fee_fen",
            "order__created_at",
            "order__hold__status",
        )
        .order_by("order_id", "pk")
    ):
        cart = row["order__channel"] == Order.Channel.CART
        fees[row["order_id"]] = row["order__payment__fee_fen"]
        received_at = row["order__created_at"] if cart else None
        paid_at = row["order__paid_at"]
        assert paid_at is not None  # only paid orders are posted
        per_order[row["order_id"]].append(
            SaleLine(
                reference=line_reference(row["order__number"], row["pk"]),
                # A cart sale's time is the tablet's claim: never later than the server got it.
                occurred_at=min(paid_at, received_at) if received_at is not None else paid_at,
                received_at=received_at,
                held=row["order__hold__status"] in HELD,
                artisan_id=row["artisan_id"],
                product_id=row["variant__product_id"],
                paid_fen=row["total_fen"],
                channel=row["order__channel"],
                location_id=row["order__location_id"] if cart else row["order__attributed_location_id"],
                operator_user_id=row["order__operator_id"],
                quantity=row["quantity"],
            )
        )
    return {pk: _with_fees(lines, fees.get(pk) or 0) for pk, lines in per_order.items()}


def _with_fees(lines: list[SaleLine], fee_fen: int) -> list[SaleLine]:
    """Stripe's fee on the order shared over its lines by what each was paid (the one allocation)."""
    if not fee_fen or not lines or not sum(line.paid_fen for line in lines):
        return lines
    shares = allocate(fee_fen, [line.paid_fen for line in lines])
    return [dataclasses.replace(line, fee_fen=share) for line, share in zip(lines, shares, strict=True)]


def _post_orders(per_order: dict[int, list[SaleLine]]) -> list[int]:
    """Post the orders' lines in one batch; when the ledger refuses it, set aside the orders it names
    (or, if it names none, try each order alone) and post the rest. Returns the ids posted."""
    pending = dict(per_order)
    while pending:
        try:
            with transaction.atomic():
                sale_lines_post(lines=[line for lines in pending.values() for line in lines])
            return list(pending)
        except DomainError as error:
            refused = _refused_orders(pending, error)
            if not refused:
                return _post_each(pending)
            for pk in refused:
                _log_refused(pending.pop(pk), error)
    return []


def _refused_orders(pending: dict[int, list[SaleLine]], error: DomainError) -> set[int]:
    """The orders whose lines the error names (the ledger lists references it refused)."""
    params = error.params or {}
    named = set(params.get("references") or ())
    if params.get("reference"):
        named.add(params["reference"])
    return {pk for pk, lines in pending.items() if any(line.reference in named for line in lines)}


def _post_each(pending: dict[int, list[SaleLine]]) -> list[int]:
    posted = []
    for pk, lines in pending.items():
        try:
            with transaction.atomic():
                sale_lines_post(lines=lines)
        except DomainError as error:
            _log_refused(lines, error)
            continue
        posted.append(pk)
    return posted


def _log_refused(lines: list[SaleLine], error: DomainError) -> None:
    number = lines[0].reference.rsplit("/", 1)[0] if lines else "?"
    logger.warning(
        "the ledger refused order %s (%s); it stays unposted: %s %s", number, error.code, error, error.params
    )
