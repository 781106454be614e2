"""Recording an intent's status: once, whichever comes first, never backwards."""

import pytest

from core.errors import NotFound
from payments.errors import PaymentMismatch
from payments.models import Payment
from payments.services import payment_confirm_test_card, payment_intent_create, payment_sync_from_intent
from payments.stripe_client import get_client
from tests.payments.conftest import snapshot, stripe_intent


@pytest.fixture
def payment(stripe_server):
    return payment_intent_create(reference="chk_7f3a", amount_fen=16800)


def pay_in_stripe_only(payment):
    """The customer pays in the browser; nothing has told us yet."""
    intents = get_client().v1.payment_intents
    intents.update(payment.provider_reference, params={"payment_method": "pm_card_visa"})
    return intents.confirm(payment.provider_reference)


@pytest.mark.django_db
def test_a_success_seen_twice_is_recorded_once(payment):
    intent = pay_in_stripe_only(payment)

    first = payment_sync_from_intent(intent=intent)
    second = payment_sync_from_intent(payment=payment, intent=intent)

    assert [(p.pk, p.status, became) for p, became in (first, second)] == [
        (payment.pk, Payment.Status.SUCCEEDED, True),
        (payment.pk, Payment.Status.SUCCEEDED, False),
    ]
    assert first[0].succeeded_at == Payment.objects.get().succeeded_at


@pytest.mark.django_db
def test_a_stale_snapshot_never_takes_a_paid_payment_back(payment):
    unpaid_snapshot = stripe_intent(payment)
    payment_sync_from_intent(intent=pay_in_stripe_only(payment))

    late, became_succeeded = payment_sync_from_intent(intent=unpaid_snapshot)

    assert (late.status, became_succeeded) == (Payment.Status.SUCCEEDED, False)


@pytest.mark.django_db
def test_a_plain_dict_intent_is_read_too(payment):
    intent = pay_in_stripe_only(payment).to_dict()

    recorded, became_succeeded = payment_sync_from_intent(intent=intent)

    assert (recorded.status, became_succeeded) == (Payment.Status.SUCCEEDED, True)


@pytest.mark.django_db
def test_an_intent_for_another_amount_is_refused(payment):
    intent = pay_in_stripe_only(payment).to_dict()
    intent["amount"] = 100
    before = snapshot()

    with pytest.raises(PaymentMismatch):
        payment_sync_from_intent(intent=intent)

    assert snapshot() == before


@pytest.mark.django_db
def test_another_payments_intent_is_refused(payment):
    other = payment_intent_create(reference="chk_other", amount_fen=16800)
    before = snapshot()

    with pytest.raises(PaymentMismatch):
        payment_sync_from_intent(payment=payment, intent=stripe_intent(other))

    assert snapshot() == before


@pytest.mark.django_db
def test_an_unknown_intent_is_not_found(stripe_server):
    intent = get_client().v1.payment_intents.create(params={"amount": 100, "currency": "cny"})

    with pytest.raises(NotFound):
        payment_sync_from_intent(intent=intent)


@pytest.mark.django_db
def test_an_attempt_that_failed_is_recorded(payment):
    payment_confirm_test_card(payment=payment, payment_method="pm_card_chargeCustomerFail")

    recorded, became_succeeded = payment_sync_from_intent(intent=stripe_intent(payment))

    assert (recorded.status, recorded.failure_code, became_succeeded) == (
        Payment.Status.FAILED,
        "card_declined",
        False,
    )
