"""Refunds through Stripe, partial and whole; over-refunds refused by us (localstripe would accept)."""

import pytest

from core.errors import InvalidState, ValidationFailed
from payments.errors import RefundExceedsPayment
from payments.models import Payment, Refund
from payments.services import payment_confirm_test_card, payment_intent_create, payment_refund
from tests.payments.conftest import snapshot, stripe_refunds


@pytest.fixture
def paid(stripe_server):
    payment, _ = payment_confirm_test_card(
        payment=payment_intent_create(reference="ord_1001", amount_fen=16800)
    )
    return payment


@pytest.mark.django_db
def test_a_partial_refund(paid):
    refund = payment_refund(payment=paid, amount_fen=5000, reason="腰带退回")

    paid.refresh_from_db()
    assert (refund.payment_id, refund.amount_fen, refund.reason) == (paid.pk, 5000, "腰带退回")
    assert refund.provider_refund_id.startswith("re_")
    assert (paid.status, paid.refunded_fen, paid.refundable_fen) == (
        Payment.Status.PARTIALLY_REFUNDED,
        5000,
        11800,
    )
    assert stripe_refunds(paid) == [(5000, "腰带退回")]


@pytest.mark.django_db
def test_refunds_up_to_the_whole_amount(paid):
    payment_refund(payment=paid, amount_fen=5000, reason="腰带退回")
    payment_refund(payment=paid, amount_fen=11800, reason="整单退款")

    paid.refresh_from_db()
    assert (paid.status, paid.refunded_fen, paid.refundable_fen) == (Payment.Status.REFUNDED, 16800, 0)
    assert stripe_refunds(paid) == [(5000, "腰带退回"), (11800, "整单退款")]


@pytest.mark.django_db
def test_a_whole_refund_at_once(paid):
    payment_refund(payment=paid, amount_fen=16800, reason="整单退款")

    paid.refresh_from_db()
    assert (paid.status, paid.refunded_fen) == (Payment.Status.REFUNDED, 16800)


@pytest.mark.django_db
@pytest.mark.parametrize("first", [0, 5000, 16800])
def test_an_over_refund_is_refused_and_nothing_is_written(paid, first):
    if first:
        payment_refund(payment=paid, amount_fen=first, reason="先退")
    before, in_stripe = snapshot(), stripe_refunds(paid)

    with pytest.raises(RefundExceedsPayment) as refused:
        payment_refund(payment=paid, amount_fen=16800 - first + 1, reason="多退")

    assert refused.value.params == {"refundable_fen": 16800 - first}
    assert snapshot() == before
    assert stripe_refunds(paid) == in_stripe


@pytest.mark.django_db
def test_a_refund_asked_twice_with_one_key_is_made_once(paid):
    first = payment_refund(payment=paid, amount_fen=5000, reason="腰带退回", idempotency_key="order-refund-7")
    second = payment_refund(
        payment=paid, amount_fen=5000, reason="腰带退回", idempotency_key="order-refund-7"
    )

    paid.refresh_from_db()
    assert first.pk == second.pk
    assert (Refund.objects.count(), paid.refunded_fen) == (1, 5000)
    assert stripe_refunds(paid) == [(5000, "腰带退回")]


@pytest.mark.django_db
def test_a_key_reused_for_another_amount_is_refused(paid):
    payment_refund(payment=paid, amount_fen=5000, reason="腰带退回", idempotency_key="order-refund-7")
    before = snapshot()

    with pytest.raises(ValidationFailed) as refused:
        payment_refund(payment=paid, amount_fen=6000, reason="腰带退回", idempotency_key="order-refund-7")

    assert refused.value.field == "idempotency_key"
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("amount_fen", [0, -100])
def test_a_refund_must_be_positive(paid, amount_fen):
    before = snapshot()

    with pytest.raises(ValidationFailed):
        payment_refund(payment=paid, amount_fen=amount_fen, reason="")

    assert snapshot() == before
    assert stripe_refunds(paid) == []


@pytest.mark.django_db
def test_an_unpaid_payment_cannot_be_refunded(stripe_server):
    unpaid = payment_intent_create(reference="ord_1002", amount_fen=16800)
    before = snapshot()

    with pytest.raises(InvalidState):
        payment_refund(payment=unpaid, amount_fen=100, reason="")

    assert snapshot() == before
