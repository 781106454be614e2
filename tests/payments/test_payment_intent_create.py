import pytest

from core.errors import ValidationFailed
from payments.errors import PaymentProviderError
from payments.models import Payment
from payments.services import payment_intent_create
from payments.stripe_client import get_client
from tests.payments.conftest import snapshot, stripe_intent


@pytest.mark.django_db
def test_an_intent_in_cny_is_created_and_recorded(stripe_server):
    payment = payment_intent_create(reference="chk_7f3a", amount_fen=16800, email="li@example.com")

    intent = stripe_intent(payment)
    assert (intent.amount, intent.currency, intent.status) == (16800, "cny", "requires_payment_method")
    assert intent.metadata.to_dict() == {"reference": "chk_7f3a", "email": "li@example.com"}
    payment.refresh_from_db()
    assert (payment.reference, payment.amount_fen, payment.currency, payment.status) == (
        "chk_7f3a",
        16800,
        "cny",
        Payment.Status.CREATED,
    )
    assert payment.provider_reference == intent.id
    assert payment.client_secret == intent.client_secret
    assert (payment.payment_method_types, payment.email, payment.refunded_fen) == (
        ["card"],
        "li@example.com",
        0,
    )
    assert payment.succeeded_at is None


@pytest.mark.django_db
def test_wallets_are_offered_only_where_the_account_allows_them(stripe_server, settings):
    settings.STRIPE_PAYMENT_METHOD_TYPES = ["card", "alipay", "wechat_pay"]

    everything = payment_intent_create(reference="chk_1", amount_fen=100)
    asked = payment_intent_create(reference="chk_2", amount_fen=100, methods=["wechat_pay", "paypal", "card"])

    assert everything.payment_method_types == ["card", "alipay", "wechat_pay"]
    assert asked.payment_method_types == ["wechat_pay", "card"]


@pytest.mark.django_db
def test_by_default_only_cards_are_offered(stripe_server, settings):
    settings.STRIPE_PAYMENT_METHOD_TYPES = None

    payment = payment_intent_create(reference="chk_1", amount_fen=100, methods=["card", "alipay"])

    assert payment.payment_method_types == ["card"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"reference": "chk_1", "amount_fen": 0}, "amount"),
        ({"reference": "chk_1", "amount_fen": -5}, "amount"),
        ({"reference": "chk_1", "amount_fen": 12.5}, "amount"),
        ({"reference": "", "amount_fen": 100}, "reference"),
        ({"reference": "chk_1", "amount_fen": 100, "methods": ["paypal"]}, "methods"),
    ],
)
def test_bad_input_is_refused_before_stripe_is_asked(stripe_server, kwargs, field):
    before = snapshot()

    with pytest.raises(ValidationFailed) as refused:
        payment_intent_create(**kwargs)

    assert refused.value.field == field
    assert snapshot() == before
    assert get_client().v1.payment_intents.list().data == []


@pytest.mark.django_db
def test_a_stripe_error_becomes_a_domain_error_and_writes_nothing(stripe_server, settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    before = snapshot()

    with pytest.raises(PaymentProviderError):
        payment_intent_create(reference="chk_1", amount_fen=100)

    assert snapshot() == before
