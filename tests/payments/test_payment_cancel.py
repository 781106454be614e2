import pytest

from core.errors import InvalidState
from payments.models import Payment
from payments.services import payment_cancel, payment_confirm_test_card, payment_intent_create
from payments.stripe_client import get_client
from tests.payments.conftest import snapshot, stripe_intent


@pytest.fixture
def payment(stripe_server):
    return payment_intent_create(reference="chk_7f3a", amount_fen=16800)


@pytest.mark.django_db
def test_an_unpaid_intent_is_cancelled(payment):
    cancelled, became_succeeded = payment_cancel(payment=payment)

    assert stripe_intent(payment).status == "canceled"
    assert (cancelled.status, became_succeeded) == (Payment.Status.CANCELLED, False)


@pytest.mark.django_db
def test_cancelling_twice_is_harmless(payment):
    cancelled, _ = payment_cancel(payment=payment)

    again, became_succeeded = payment_cancel(payment=cancelled)

    assert (again.status, became_succeeded) == (Payment.Status.CANCELLED, False)


@pytest.mark.django_db
def test_a_payment_made_meanwhile_is_recorded_instead(payment):
    intents = get_client().v1.payment_intents
    intents.update(payment.provider_reference, params={"payment_method": "pm_card_visa"})
    intents.confirm(payment.provider_reference)

    recorded, became_succeeded = payment_cancel(payment=payment)

    assert (recorded.status, became_succeeded) == (Payment.Status.SUCCEEDED, True)


@pytest.mark.django_db
def test_a_recorded_payment_is_not_cancelled(payment):
    paid, _ = payment_confirm_test_card(payment=payment)
    before = snapshot()

    with pytest.raises(InvalidState):
        payment_cancel(payment=paid)

    assert snapshot() == before
    assert stripe_intent(payment).status == "succeeded"
