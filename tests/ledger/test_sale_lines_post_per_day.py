"""The journal posted per batch and day (docs/ledger.md): one sale transaction for each day of sale in
a batch, the shared accounts summed, her payable one entry a line naming its split; the split is the
sale for refunds and statements."""

import datetime

import pytest

from core.errors import ValidationFailed
from ledger.models import Account, JournalEntry, JournalTransaction, SaleSplit
from ledger.selectors import artisan_balance, ledger_trial_balance
from ledger.services import Journal, Posting, journal_write, payout_run_create, refund_post, sale_lines_post
from ledger.services.journal import account_id
from ledger.statements import artisan_statement
from tests.ledger.support import QINGHAI, at, journal_size, postings, sale_postings, unbalanced_transactions

Kind = Account.Kind


def test_a_batch_is_one_transaction_per_day_of_sale_at_its_latest_sale(chimeg, cart, operator, cart_sale):
    posted = sale_lines_post(
        lines=[
            cart_sale("C/1", 10000, at(3, 1, 10)),
            cart_sale("C/2", 16800, at(3, 2, 9)),
            cart_sale("C/3", 5000, at(3, 1, 18)),
            cart_sale("C/4", 2000, at(3, 1, 14)),
        ]
    )

    assert posted == 4
    assert list(
        JournalTransaction.objects.order_by("occurred_at").values_list(
            "kind", "reference", "occurred_at", "memo"
        )
    ) == [
        ("sale", "C/1", at(3, 1, 18), "2026-03-01 ×3"),
        ("sale", "C/2", at(3, 2, 9), "2026-03-02 ×1"),
    ]
    # March 1st: the cart's takings, the commission and the fund summed; her share line by line.
    assert sale_postings("C/1") == {
        f"cart_cash:{cart.pk}": 17000,
        f"artisan_payable:{chimeg.pk}": -11900,
        f"operator_commission:{operator.pk}": -1700,
        "programme_fund": -3400,
    }
    march_1 = SaleSplit.objects.get(reference="C/1").transaction
    assert sorted(
        (entry.sale_split.reference, entry.amount_fen, entry.available_at, entry.occurred_at)
        for entry in march_1.entries.filter(account__kind=Kind.ARTISAN_PAYABLE).select_related("sale_split")
    ) == [
        ("C/1", -7000, at(3, 8, 10), at(3, 1, 18)),
        ("C/3", -3500, at(3, 8, 18), at(3, 1, 18)),
        ("C/4", -1400, at(3, 8, 14), at(3, 1, 18)),
    ]
    assert march_1.entries.filter(sale_split__isnull=False).count() == 3
    # The split keeps the sale's own time: it is the sale.
    assert list(
        SaleSplit.objects.order_by("reference").values_list("reference", "occurred_at", "available_at")
    ) == [
        ("C/1", at(3, 1, 10), at(3, 8, 10)),
        ("C/2", at(3, 2, 9), at(3, 9, 9)),
        ("C/3", at(3, 1, 18), at(3, 8, 18)),
        ("C/4", at(3, 1, 14), at(3, 8, 14)),
    ]
    assert unbalanced_transactions() == []


def test_the_day_is_the_day_in_qinghai(chimeg, cart_sale):
    late = datetime.datetime(2026, 3, 1, 23, 59, 59, tzinfo=QINGHAI)  # 15:59:59 UTC
    early = datetime.datetime(2026, 3, 2, 0, 0, 1, tzinfo=QINGHAI)  # 16:00:01 UTC, still March 1st in UTC

    sale_lines_post(lines=[cart_sale("C/1", 1000, late), cart_sale("C/2", 1000, early)])

    assert list(JournalTransaction.objects.order_by("occurred_at").values_list("occurred_at", flat=True)) == [
        late,
        early,
    ]


def test_a_batch_that_partly_repeats_an_earlier_one_posts_only_its_new_lines(chimeg, cart, cart_sale):
    sale_lines_post(lines=[cart_sale("C/1", 10000, at(3, 1, 10)), cart_sale("C/2", 5000, at(3, 1, 11))])
    first = SaleSplit.objects.get(reference="C/2").transaction_id

    posted = sale_lines_post(
        lines=[
            cart_sale("C/2", 5000, at(3, 1, 11)),
            cart_sale("C/3", 2000, at(3, 1, 12)),
            cart_sale("C/1", 10000, at(3, 1, 10)),
        ]
    )

    assert posted == 1
    assert SaleSplit.objects.get(reference="C/2").transaction_id == first
    # The second batch's transaction holds only the new line, at its own time (the latest new one).
    assert postings("sales:C/3")[f"cart_cash:{cart.pk}"] == 2000
    assert JournalTransaction.objects.get(idempotency_key="sales:C/3").occurred_at == at(3, 1, 12)
    assert journal_size() == (2, (3 + 2) + (3 + 1))  # the shared accounts and a share a line
    assert artisan_balance(artisan=chimeg, at=at(3, 2)).pending_fen == 7000 + 3500 + 1400
    assert sale_lines_post(lines=[cart_sale("C/3", 2000, at(3, 1, 12))]) == 0
    assert journal_size() == (2, 9)


def test_a_refund_reverses_exactly_its_lines_shares(chimeg, cart, operator, cart_sale):
    sale_lines_post(lines=[cart_sale("C/1", 10000, at(3, 1, 10)), cart_sale("C/2", 16800, at(3, 1, 11))])

    refund_post(reference="C/2", refunded_fen=16800, occurred_at=at(3, 3), refund_reference="R/2")
    partial = refund_post(reference="C/1", refunded_fen=1001, occurred_at=at(3, 3), refund_reference="R/1")

    assert postings("refund:R/2") == {
        f"cart_cash:{cart.pk}": -16800,
        f"artisan_payable:{chimeg.pk}": 11760,
        f"operator_commission:{operator.pk}": 1680,
        "programme_fund": 3360,
    }
    assert partial.parts_fen == (701, 100, 200)  # 1001 by 7000:1000:2000
    assert artisan_balance(artisan=chimeg, at=at(3, 4)).pending_fen == 7000 - 701
    before = journal_size()
    with pytest.raises(ValidationFailed) as refused:
        refund_post(reference="C/2", refunded_fen=1, occurred_at=at(3, 3), refund_reference="R/3")
    assert refused.value.code == "REFUND_EXCEEDS_SALE"
    assert journal_size() == before
    assert unbalanced_transactions() == []


def test_a_refund_within_the_day_is_booked_no_earlier_than_its_sales_transaction(chimeg, cart_sale):
    sale_lines_post(lines=[cart_sale("C/1", 10000, at(3, 1, 10)), cart_sale("C/2", 5000, at(3, 1, 18))])

    refund = refund_post(
        reference="C/1", refunded_fen=10000, occurred_at=at(3, 1, 11), refund_reference="R/1"
    )

    assert refund.occurred_at == at(3, 1, 11)  # its own time
    assert refund.transaction.occurred_at == at(3, 1, 18)  # the books: with the sale's transaction
    for moment in (at(3, 1, 12), at(3, 1, 18), at(3, 2, 0)):
        assert ledger_trial_balance(at=moment).total_fen == 0
    assert artisan_balance(artisan=chimeg, at=at(3, 1, 12)).pending_fen == 0  # neither sale nor refund yet
    assert artisan_balance(artisan=chimeg, at=at(3, 2, 0)).pending_fen == 3500


def test_the_statement_lists_a_days_lines_in_the_order_they_happened(chimeg, cart_sale):
    sale_lines_post(lines=[cart_sale("C/2", 5000, at(3, 1, 18)), cart_sale("C/1", 10000, at(3, 1, 10))])
    refund_post(reference="C/1", refunded_fen=10000, occurred_at=at(3, 1, 11), refund_reference="R/1")

    statement = artisan_statement(
        artisan=chimeg, date_from=datetime.date(2026, 3, 1), date_to=datetime.date(2026, 3, 1)
    )

    assert [(line.day, line.reference, line.share_fen) for line in statement.lines] == [
        (datetime.date(2026, 3, 1), "C/1", 7000),
        (datetime.date(2026, 3, 1), "R/1", -7000),
        (datetime.date(2026, 3, 1), "C/2", 3500),
    ]
    assert statement.closing_fen == 3500


def test_a_sale_posted_one_transaction_a_line_before_still_reads_and_refunds(
    chimeg, robe, cart, operator, cart_sale
):
    """A sale as posted before ledger migration 0007: its own transaction, no split on its entries."""
    payable = account_id(Kind.ARTISAN_PAYABLE, chimeg.pk)
    [tx] = journal_write(
        journals=[
            Journal(
                "sale",
                "OLD/1",
                "sale:OLD/1",
                at(2, 20),
                (
                    Posting(account_id(Kind.CART_CASH, cart.pk), 10000),
                    Posting(payable, -7000, None, at(2, 27)),
                    Posting(account_id(Kind.OPERATOR_COMMISSION, operator.pk), -1000),
                    Posting(account_id(Kind.PROGRAMME_FUND), -2000),
                ),
            )
        ]
    )
    SaleSplit.objects.create(
        transaction_id=tx, reference="OLD/1", occurred_at=at(2, 20), available_at=at(2, 27), channel="cart",
        artisan=chimeg, product=robe, location=cart, operator=operator, quantity=1, paid_fen=10000,
        artisan_bp=7000, operator_bp=1000, programme_bp=2000, artisan_fen=7000, operator_fen=1000,
        programme_fen=2000,
    )  # fmt: skip

    assert (
        sale_lines_post(lines=[cart_sale("OLD/1", 10000, at(2, 20)), cart_sale("C/1", 5000, at(2, 21))]) == 1
    )
    refund_post(reference="OLD/1", refunded_fen=4000, occurred_at=at(2, 22), refund_reference="R/1")
    statement = artisan_statement(
        artisan=chimeg, date_from=datetime.date(2026, 2, 1), date_to=datetime.date(2026, 2, 28)
    )

    assert [
        (line.kind, line.reference, line.product, line.place, line.share_fen) for line in statement.lines
    ] == [
        ("sale", "OLD/1", "蓝缎蒙古袍", "茶卡盐湖零售车", 7000),
        ("sale", "C/1", "蓝缎蒙古袍", "茶卡盐湖零售车", 3500),
        ("refund", "R/1", "蓝缎蒙古袍", "茶卡盐湖零售车", -2800),
    ]
    assert statement.closing_fen == 7000 + 3500 - 2800
    assert JournalEntry.objects.filter(sale_split__reference="OLD/1").count() == 0
    assert unbalanced_transactions() == []


def test_with_no_holding_period_a_share_is_paid_only_once_its_days_transaction_is_in_the_books(
    chimeg, cart_sale, settings
):
    settings.LEDGER_HOLDING_DAYS = 0
    # Two sales of March 1st posted together: the day's transaction is at 18:00.
    sale_lines_post(lines=[cart_sale("C/1", 20000, at(3, 1, 10)), cart_sale("C/2", 20000, at(3, 1, 18))])

    noon = payout_run_create(run_date=at(3, 1).date(), minimum_fen=100, at=at(3, 1, 12))
    evening = payout_run_create(run_date=at(3, 2).date(), minimum_fen=100, at=at(3, 1, 20))

    # At noon the journal holds nothing of March 1st yet, so nothing is paid then; her balance agrees.
    assert noon.payouts.count() == 0
    assert artisan_balance(artisan=chimeg, at=at(3, 1, 12)).available_fen == 0
    assert list(evening.payouts.values_list("amount_fen", flat=True)) == [28000]
    assert ledger_trial_balance(at=at(3, 1, 20)).total_fen == 0
