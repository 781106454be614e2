"""The books balance whatever happens: a random season of sales, refunds (partial, repeated) and payouts
(confirmed, failed) always leaves a trial balance of zero, and each artisan's figures add up."""

import datetime

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.models import Channel, Payout, RefundSplit, SaleSplit
from ledger.selectors import artisan_balance, ledger_trial_balance
from ledger.services import (
    SaleLine,
    payout_confirm,
    payout_fail,
    payout_run_create,
    refund_post,
    sale_lines_post,
)
from tests.ledger.support import at, unbalanced_transactions

sale = st.tuples(
    st.just("sale"), st.integers(0, 1), st.integers(1, 200_000), st.integers(0, 2), st.integers(0, 500)
)
refund = st.tuples(st.just("refund"), st.integers(0, 10_000), st.integers(1, 100_000))
run = st.tuples(st.just("run"))
settle = st.tuples(st.just("settle"), st.booleans())
operations = st.lists(st.one_of(sale, sale, refund, run, settle), min_size=1, max_size=25)


def test_an_empty_ledger_balances(db):
    balance = ledger_trial_balance()

    assert balance.total_fen == 0
    assert {row.kind for row in balance.rows} >= {"artisan_payable", "programme_fund", "payouts_in_transit"}


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=operations)
def test_the_trial_balance_is_zero_after_any_season(
    chimeg, xiulan, robe, purse, cart, operator, staff_user, operations
):
    artisans = [(chimeg, robe), (xiulan, purse)]
    with transaction.atomic():
        day = datetime.timedelta(0)
        for n, operation in enumerate(operations):
            day += datetime.timedelta(days=1)
            when = at(3, 1) + day
            if operation[0] == "sale":
                _, who, paid, channel, fee_per_mille = operation
                artisan, product = artisans[who]
                online = channel != 0
                sale_lines_post(
                    lines=[
                        SaleLine(
                            reference=f"S/{n}", occurred_at=when, artisan_id=artisan.pk,
                            product_id=product.pk, paid_fen=paid,
                            channel=Channel.ONLINE if online else Channel.CART,
                            location_id=None if channel == 2 else cart.pk,
                            operator_user_id=None if channel == 2 else operator.pk,
                            fee_fen=paid * fee_per_mille // 10_000 if online else 0,
                        )
                    ]
                )  # fmt: skip
            elif operation[0] == "refund":
                sales = list(SaleSplit.objects.order_by("pk"))
                if sales:
                    target = sales[operation[1] % len(sales)]
                    left = target.paid_fen - sum(r.refunded_fen for r in target.refunds.all())
                    if left:
                        refund_post(
                            reference=target.reference, refunded_fen=1 + operation[2] % left,
                            occurred_at=when, refund_reference=f"R/{n}",
                        )  # fmt: skip
            elif operation[0] == "run":
                payout_run_create(run_date=when.date(), actor=staff_user, minimum_fen=1, at=when)
            else:
                for payout in Payout.objects.filter(status="pending"):
                    if operation[1]:
                        payout_confirm(payout=payout, actor=staff_user, paid_at=when)
                    else:
                        payout_fail(payout=payout, reason="退回")

        assert ledger_trial_balance().total_fen == 0
        assert unbalanced_transactions() == []
        for artisan, _ in artisans:
            shares = sum(s.artisan_fen for s in SaleSplit.objects.filter(artisan=artisan))
            refunded = sum(r.artisan_fen for r in RefundSplit.objects.filter(sale__artisan=artisan))
            balance = artisan_balance(artisan=artisan, at=at(12, 31, 0) + datetime.timedelta(days=400))
            assert balance.owed_fen + balance.in_transit_fen + balance.paid_fen == shares - refunded
        transaction.set_rollback(True)
