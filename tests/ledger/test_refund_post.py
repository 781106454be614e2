import datetime

import pytest

from artisans.models import Agreement
from core.errors import NotFound, ValidationFailed
from ledger.models import Account, Channel, RefundSplit
from ledger.selectors import Balance, artisan_balance
from ledger.services import refund_post, sale_lines_post
from ledger.statements import artisan_statement
from tests.ledger.support import at, journal_size, postings


def test_a_refund_reverses_the_split_in_proportion(chimeg, cart, operator, cart_sale):
    sale_lines_post(lines=[cart_sale("C/1", 16800, at(3, 1))])  # 11760 / 1680 / 3360

    refund = refund_post(reference="C/1", refunded_fen=1001, occurred_at=at(3, 2), refund_reference="R/1")

    # 1001 by 11760:1680:3360 is 700.7 / 100.1 / 200.2: the largest remainder gets the spare fen.
    assert refund.parts_fen == (701, 100, 200)
    assert postings("refund:R/1") == {
        f"cart_cash:{cart.pk}": -1001,
        f"artisan_payable:{chimeg.pk}": 701,
        f"operator_commission:{operator.pk}": 100,
        "programme_fund": 200,
    }


def test_a_refund_follows_the_original_split_after_her_agreement_changed(chimeg, cart_sale):
    sale_lines_post(lines=[cart_sale("C/2", 10000, at(3, 1))])
    Agreement.objects.create(
        artisan=chimeg,
        valid_from=datetime.date(2026, 4, 1),
        artisan_bp=5000,
        operator_bp=2000,
        programme_bp=3000,
    )

    refund = refund_post(reference="C/2", refunded_fen=10000, occurred_at=at(5, 1), refund_reference="R/2")

    assert refund.parts_fen == (7000, 1000, 2000)


def test_an_unattributed_online_refund_takes_the_commission_back_from_the_programme(chimeg, cart_sale):
    sale_lines_post(
        lines=[
            cart_sale("W/1", 10000, at(3, 1), channel=Channel.ONLINE, location_id=None, operator_user_id=None)
        ]
    )

    refund_post(reference="W/1", refunded_fen=5000, occurred_at=at(3, 2), refund_reference="R/3")

    assert postings("refund:R/3") == {
        "stripe_clearing": -5000,
        f"artisan_payable:{chimeg.pk}": 3500,
        "programme_fund": 1500,
    }


def test_repeated_partial_refunds_never_take_back_more_than_a_party_got(chimeg, robe, cart_sale):
    Agreement.objects.filter(artisan=chimeg).update(artisan_bp=3334, operator_bp=3333, programme_bp=3333)
    sale_lines_post(lines=[cart_sale("C/3", 3, at(3, 1))])  # 1 / 1 / 1

    parts = [
        refund_post(
            reference="C/3", refunded_fen=1, occurred_at=at(3, 2), refund_reference=f"R/3/{n}"
        ).parts_fen
        for n in range(3)
    ]

    assert parts == [(1, 0, 0), (0, 1, 0), (0, 0, 1)]
    with pytest.raises(ValidationFailed) as refused:
        refund_post(reference="C/3", refunded_fen=1, occurred_at=at(3, 3), refund_reference="R/3/3")
    assert refused.value.code == "REFUND_EXCEEDS_SALE"


def test_a_refund_above_what_is_left_writes_nothing(cart_sale):
    sale_lines_post(lines=[cart_sale("C/4", 10000, at(3, 1))])
    refund_post(reference="C/4", refunded_fen=6000, occurred_at=at(3, 2), refund_reference="R/4")
    before = journal_size()

    with pytest.raises(ValidationFailed) as refused:
        refund_post(reference="C/4", refunded_fen=4001, occurred_at=at(3, 3), refund_reference="R/5")

    assert refused.value.code == "REFUND_EXCEEDS_SALE"
    assert journal_size() == before
    assert RefundSplit.objects.count() == 1


def test_the_same_refund_posted_twice_is_posted_once(cart_sale):
    sale_lines_post(lines=[cart_sale("C/5", 10000, at(3, 1))])

    first = refund_post(reference="C/5", refunded_fen=3000, occurred_at=at(3, 2), refund_reference="R/6")
    again = refund_post(reference="C/5", refunded_fen=3000, occurred_at=at(3, 2), refund_reference="R/6")

    assert again.pk == first.pk
    assert RefundSplit.objects.count() == 1
    with pytest.raises(ValidationFailed) as refused:
        refund_post(reference="C/5", refunded_fen=2000, occurred_at=at(3, 2), refund_reference="R/6")
    assert refused.value.code == "DUPLICATE_REFERENCE"


def test_a_refund_of_an_unknown_sale_or_before_it_was_sold_is_refused(cart_sale):
    sale_lines_post(lines=[cart_sale("C/6", 10000, at(3, 1))])

    with pytest.raises(NotFound):
        refund_post(reference="C/404", refunded_fen=100, occurred_at=at(3, 2), refund_reference="R/7")
    with pytest.raises(ValidationFailed):
        refund_post(reference="C/6", refunded_fen=100, occurred_at=at(2, 28), refund_reference="R/8")
    with pytest.raises(ValidationFailed):
        refund_post(reference="C/6", refunded_fen=0, occurred_at=at(3, 2), refund_reference="R/9")

    assert RefundSplit.objects.count() == 0


def test_a_sale_and_its_refund_in_different_payout_periods_net_to_zero(chimeg, cart_sale):
    sale_lines_post(lines=[cart_sale("C/7", 16800, at(3, 30))])
    refund_post(reference="C/7", refunded_fen=16800, occurred_at=at(4, 20), refund_reference="R/10")

    march = artisan_statement(
        artisan=chimeg, date_from=datetime.date(2026, 3, 1), date_to=datetime.date(2026, 3, 31)
    )
    april = artisan_statement(
        artisan=chimeg, date_from=datetime.date(2026, 4, 1), date_to=datetime.date(2026, 4, 30)
    )

    assert (march.sales_fen, march.closing_fen) == (11760, 11760)
    assert (april.opening_fen, april.refunds_fen, april.closing_fen) == (11760, 11760, 0)
    assert artisan_balance(artisan=chimeg, at=at(5, 1)) == Balance(0, 0, 0, 0)
    sums = {
        account.kind: sum(e.amount_fen for e in account.entries.all()) for account in Account.objects.all()
    }
    assert set(sums.values()) == {0}


def test_a_refund_inside_the_holding_period_comes_off_what_is_pending(chimeg, cart_sale):
    sale_lines_post(lines=[cart_sale("C/8", 10000, at(3, 1))])
    refund_post(reference="C/8", refunded_fen=4000, occurred_at=at(3, 3), refund_reference="R/11")

    during = artisan_balance(artisan=chimeg, at=at(3, 5))
    after = artisan_balance(artisan=chimeg, at=at(3, 9))

    assert (during.pending_fen, during.available_fen) == (4200, 0)
    assert (after.pending_fen, after.available_fen) == (0, 4200)
