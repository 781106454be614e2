"""Whatever a season brings (cart sales, online sales with and without a cart's QR code, refunds whole
and partial through orders.services.order_refund, posting at any moment, payout runs), the ledger's
trial balance is zero and each artisan's and operator's balance is her shares less refunds and payouts."""

import datetime
from collections import defaultdict

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.money import allocate
from ledger.models import Account, JournalEntry, Payout
from ledger.selectors import artisan_balance, ledger_trial_balance
from ledger.services import payout_confirm, payout_run_create
from orders.models import Order, OrderRefund
from orders.services import order_refund
from orders.tasks.posting import ledger_post_pending
from tests.ledger.support import at, unbalanced_transactions
from tests.orders.test_posting import sell, world  # noqa: F401  (world: the fixture)

WEIGHTS = {"uren": (7000, 1000, 2000), "xiulan": (6000, 1500, 2500)}
VARIANTS = (("robe", "uren"), ("purse", "xiulan"))
CARTS = (("chaka", "tana"), ("feicui", "sarula"))

line = st.tuples(st.integers(0, 1), st.integers(1, 3), st.integers(0, 200_000), st.integers(0, 100))
lines = st.lists(line, min_size=1, max_size=3)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("pos"), st.integers(0, 1), lines),
        st.tuples(st.just("online"), st.integers(0, 2), lines),
        st.tuples(st.just("refund_whole"), st.integers(0, 99)),
        st.tuples(st.just("refund_part"), st.integers(0, 99), st.integers(0, 2), st.integers(1, 3)),
        st.tuples(st.just("post")),
        st.tuples(st.just("run"), st.booleans()),
    ),
    min_size=1,
    max_size=20,
)


def as_drafts(drawn):
    """(variant, quantity, unit price, discount) lines; the discount a share of the line, in percent."""
    return [
        (VARIANTS[v][0], quantity, price, price * quantity * percent // 100)
        for v, quantity, price, percent in drawn
    ]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=operations)
def test_the_books_balance_after_any_season_of_orders(world, operations):  # noqa: F811
    with transaction.atomic():
        expected = Expected()
        orders = []
        for n, operation in enumerate(operations):
            when = at(3, 1) + datetime.timedelta(days=n)
            kind = operation[0]
            if kind == "pos":
                cart, operator = CARTS[operation[1]]
                order = sell(
                    world, f"C-{n}", *as_drafts(operation[2]), location=cart, operator=operator, when=when
                )
                expected.sale(order)
                orders.append(order)
            elif kind == "online":
                cart, operator = CARTS[operation[1] - 1] if operation[1] else (None, None)
                order = sell(
                    world, f"W{n:08d}", *as_drafts(operation[2]), location="base", channel="online",
                    operator=operator, attributed=cart, when=when,
                )  # fmt: skip
                expected.sale(order)
                orders.append(order)
            elif kind.startswith("refund") and orders:
                order = orders[operation[1] % len(orders)]
                left = [ln for ln in order.lines.order_by("pk") if ln.refunded_quantity < ln.quantity]
                if not left:
                    continue
                if kind == "refund_whole":
                    made = order_refund(order=order, actor=world["staff"])
                else:
                    target = left[operation[2] % len(left)]
                    quantity = 1 + (operation[3] - 1) % (target.quantity - target.refunded_quantity)
                    made = order_refund(order=order, actor=world["staff"], lines=[(target.pk, quantity)])
                # The service stamps the refund now; the season is in 2026.
                OrderRefund.objects.filter(pk=made.pk).update(created_at=when)
                made.refresh_from_db()
                expected.refund(made)
            elif kind == "post":
                ledger_post_pending()
            elif kind == "run":
                run = payout_run_create(run_date=when.date(), actor=world["staff"], minimum_fen=1, at=when)
                for payout in Payout.objects.filter(run=run):
                    expected.paid_out[payout.artisan_id] += payout.amount_fen
                    if operation[1]:
                        payout_confirm(payout=payout, actor=world["staff"], paid_at=when)

        ledger_post_pending()

        assert not Order.objects.filter(ledger_posted_at__isnull=True).exists()
        assert ledger_trial_balance().total_fen == 0
        assert unbalanced_transactions() == []
        later = at(12, 31) + datetime.timedelta(days=400)
        for name in WEIGHTS:
            artisan = world[name]
            balance = artisan_balance(artisan=artisan, at=later)
            shares = expected.parts[artisan.pk][0]
            assert balance.owed_fen == shares - expected.paid_out[artisan.pk]
            assert balance.owed_fen + balance.in_transit_fen + balance.paid_fen == shares
        for _cart, name in CARTS:
            assert commission(world[name]) == expected.commission[world[name].pk]
        transaction.set_rollback(True)


class Expected:
    """The split worked out here, independently of the ledger: each line by its artisan's weights,
    each refund by what is left of the line's parts."""

    def __init__(self):
        self.parts = defaultdict(lambda: [0, 0, 0])  # artisan id: her, operator, programme net of refunds
        self.line_parts = {}  # order line id: [artisan, operator, programme] not yet refunded
        self.line_owner = {}  # order line id: (artisan id, operator user id)
        self.commission = defaultdict(int)  # operator user id: net commission
        self.paid_out = defaultdict(int)  # artisan id: what payout runs took from her balance

    def sale(self, order):
        for ln in order.lines.select_related("artisan"):
            split = allocate(ln.total_fen, WEIGHTS[ln.artisan.code])
            self.line_parts[ln.pk] = list(split)
            self.line_owner[ln.pk] = (ln.artisan_id, order.operator_id)
            self._add(ln.artisan_id, order.operator_id, split, 1)

    def refund(self, made):
        for refund_line in made.lines.all():
            if refund_line.amount_fen <= 0:
                continue
            remaining = self.line_parts[refund_line.order_line_id]
            back = allocate(refund_line.amount_fen, remaining)
            self.line_parts[refund_line.order_line_id] = [r - b for r, b in zip(remaining, back, strict=True)]
            self._add(*self.line_owner[refund_line.order_line_id], back, -1)

    def _add(self, artisan_id, operator_id, split, sign):
        parts = self.parts[artisan_id]
        for i, part in enumerate(split):
            parts[i] += sign * part
        if operator_id is not None:
            self.commission[operator_id] += sign * split[1]


def commission(user) -> int:
    """What the ledger says the programme owes her in commission (its credit balance)."""
    entries = JournalEntry.objects.filter(
        account__kind=Account.Kind.OPERATOR_COMMISSION, account__operator=user
    )
    return -sum(entries.values_list("amount_fen", flat=True))
