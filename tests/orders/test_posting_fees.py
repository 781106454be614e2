"""Stripe's fee on an online payment reaches the ledger: read from the charge's balance transaction,
shared over the order's lines, borne by the programme fund (LEDGER_FEES_BORNE_BY's default)."""

import pytest

from ledger.models import SaleSplit
from orders.models import Order
from orders.services.posting import orders_post_to_ledger
from payments.models import Payment
from tests import factories
from tests.ledger.support import sale_postings, unbalanced_transactions
from tests.orders.test_posting import line_ids, sell, world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_the_fee_is_shared_over_the_lines_and_comes_off_the_programme_funds_part(world):  # noqa: F811
    # given: an unattributed online order of ¥100 + ¥200 whose payment Stripe charged ¥3.00 for
    order = sell(
        world, "W00000001", ("robe", 1, 10000), ("purse", 1, 20000), location="base", channel="online",
        operator=None,
    )  # fmt: skip
    payment = Payment.objects.create(
        reference="checkout:fee",
        amount_fen=30000,
        status=Payment.Status.SUCCEEDED,
        provider_reference="pi_fee",
        fee_fen=300,
    )
    Order.objects.filter(pk=order.pk).update(payment=payment)

    # when
    assert orders_post_to_ledger() == 1

    # then: ¥1.00 of the fee on the ¥100 line, ¥2.00 on the ¥200 line, all from the fund's share
    uren, xiulan = world["uren"].pk, world["xiulan"].pk
    robe_line, purse_line = line_ids(order)
    assert sale_postings(f"W00000001/{robe_line}") == {
        "stripe_clearing": 9900 + 19800,
        f"artisan_payable:{uren}": -7000,
        f"artisan_payable:{xiulan}": -12000,
        "programme_fund": -2900 - 7800,
    }
    assert SaleSplit.objects.get(reference=f"W00000001/{robe_line}").fee_fen == 100
    assert SaleSplit.objects.get(reference=f"W00000001/{purse_line}").fee_fen == 200
    assert unbalanced_transactions() == []


def test_the_fee_is_asked_of_stripe_before_the_order_is_posted(
    stripe_server, base_stocked, robe, make_checkout, pay
):
    # given: an agreement for the robe's maker and an order paid with the test card at localstripe
    factories.AgreementFactory(artisan=robe.artisan)
    order = pay(make_checkout([(robe, 1)]))
    assert order.payment.fee_fen is None

    # when
    assert orders_post_to_ledger(order_ids=[order.pk]) == 1

    # then: the fee Stripe reported (localstripe charges none) is kept and the sale is in the ledger
    order.refresh_from_db()
    order.payment.refresh_from_db()
    assert order.payment.fee_fen == 0
    assert order.ledger_posted_at is not None


def test_an_order_waits_while_stripe_cannot_say_its_fee(
    stripe_server, base_stocked, robe, make_checkout, pay, settings
):
    # given: a paid order, then Stripe unreachable
    factories.AgreementFactory(artisan=robe.artisan)
    order = pay(make_checkout([(robe, 1)]))
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"

    # when
    assert orders_post_to_ledger(order_ids=[order.pk]) == 0

    # then: nothing posted yet; the sweep posts it once Stripe answers
    order.refresh_from_db()
    assert order.ledger_posted_at is None
