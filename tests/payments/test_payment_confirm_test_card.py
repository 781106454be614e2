"""Confirming with test cards, as the browser's Stripe.js would: success, decline, 3-D Secure."""

import pytest

from core.errors import InvalidState
from payments.models import Payment
from payments.selectors import payments_for_reference
from payments.services import payment_confirm_test_card, payment_intent_create, payment_refresh
from payments.stripe_client import get_client
from tests.payments.conftest import snapshot, stripe_intent


@pytest.fixture
def payment(stripe_server):
    return payment_intent_create(reference="chk_7f3a", amount_fen=16800)


@pytest.mark.django_db
def test_the_test_card_pays_and_the_success_is_recorded_once(payment):
    paid, became_succeeded = payment_confirm_test_card(payment=payment)
    again, again_became_succeeded = payment_refresh(payment=paid)

    assert stripe_intent(payment).status == "succeeded"
    assert (paid.status, became_succeeded) == (Payment.Status.SUCCEEDED, True)
    assert (again.status, again_became_succeeded) == (Payment.Status.SUCCEEDED, False)
    assert again.succeeded_at == paid.succeeded_at is not None
    assert Payment.objects.get().status == Payment.Status.SUCCEEDED


@pytest.mark.django_db
def test_a_declined_card_is_recorded_as_failed_not_raised(payment):
    failed, became_succeeded = payment_confirm_test_card(
        payment=payment, payment_method="pm_card_chargeCustomerFail"
    )

    assert stripe_intent(payment).status == "requires_payment_method"
    assert (failed.status, failed.failure_code, became_succeeded) == (
        Payment.Status.FAILED,
        "card_declined",
        False,
    )
    assert failed.succeeded_at is None


@pytest.mark.django_db
def test_after_a_decline_a_new_intent_for_the_same_reference_can_pay(payment):
    # localstripe cannot confirm a declined intent again (Stripe can): the retry is a new intent.
    payment_confirm_test_card(payment=payment, payment_method="pm_card_chargeCustomerFail")

    retry = payment_intent_create(reference="chk_7f3a", amount_fen=16800)
    paid, became_succeeded = payment_confirm_test_card(payment=retry)

    assert (paid.status, paid.failure_code, became_succeeded) == (Payment.Status.SUCCEEDED, "", True)
    assert [(p.pk, p.status) for p in payments_for_reference(reference="chk_7f3a")] == [
        (retry.pk, Payment.Status.SUCCEEDED),
        (payment.pk, Payment.Status.FAILED),
    ]


@pytest.mark.django_db
def test_a_3d_secure_card_waits_for_the_customer(payment, three_d_secure_card):
    waiting, became_succeeded = payment_confirm_test_card(payment=payment, payment_method=three_d_secure_card)

    assert stripe_intent(payment).status == "requires_action"
    assert (waiting.status, became_succeeded) == (Payment.Status.REQUIRES_ACTION, False)


@pytest.mark.django_db
def test_once_the_customer_authenticates_the_payment_succeeds(payment, three_d_secure_card):
    payment_confirm_test_card(payment=payment, payment_method=three_d_secure_card)
    # What localstripe's Stripe.js does when the customer completes 3-D Secure in the browser.
    get_client().raw_request(
        "post",
        f"/v1/payment_intents/{payment.provider_reference}/_authenticate",
        client_secret=payment.client_secret,
        success="true",
    )

    paid, became_succeeded = payment_refresh(payment=payment)

    assert (paid.status, became_succeeded) == (Payment.Status.SUCCEEDED, True)


@pytest.mark.django_db
def test_test_cards_are_refused_with_a_live_key(payment, settings):
    settings.STRIPE_SECRET_KEY = "sk_live_not_a_real_key"
    before = snapshot()

    with pytest.raises(InvalidState):
        payment_confirm_test_card(payment=payment)

    assert snapshot() == before
