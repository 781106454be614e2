"""Stripe PaymentIntents (cards from abroad; Stripe's own WeChat Pay and Alipay where the account offers
them), through payments.stripe_client. Stripe's errors become PaymentProviderError."""

from collections.abc import Sequence

import stripe
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.errors import ValidationFailed
from payments.errors import PaymentMismatch, PaymentProviderError
from payments.models import NextStep, Payment, Provider
from payments.providers.base import Created, PaymentProvider, ProviderState, Scene
from payments.stripe_client import get_client, payments_available

DEFAULT_METHODS = ("card",)


def field(obj, name: str):
    """A field of a Stripe object or of a plain dict (an event's payload), None when absent."""
    return obj[name] if obj is not None and name in obj else None


def configured_methods() -> tuple[str, ...]:
    """The payment method types the Stripe account offers (STRIPE_PAYMENT_METHOD_TYPES)."""
    return tuple(getattr(settings, "STRIPE_PAYMENT_METHOD_TYPES", None) or DEFAULT_METHODS)


def status_for_intent(intent) -> str:
    """Our status for a PaymentIntent's status (a decline leaves Stripe's intent waiting for a new
    payment method, with last_payment_error set: for us that attempt failed)."""
    status = field(intent, "status")
    if status == "succeeded":
        return Payment.Status.SUCCEEDED
    if status == "canceled":
        return Payment.Status.CANCELLED
    if status in ("processing", "requires_capture"):
        return Payment.Status.PROCESSING
    if status == "requires_action":
        return Payment.Status.REQUIRES_ACTION
    if status == "requires_payment_method" and field(intent, "last_payment_error"):
        return Payment.Status.FAILED
    return Payment.Status.CREATED


def state_of(intent) -> ProviderState:
    status = status_for_intent(intent)
    error = field(intent, "last_payment_error")
    return ProviderState(
        provider_reference=field(intent, "id"),
        amount_fen=field(intent, "amount"),
        currency=field(intent, "currency"),
        status=status,
        failure_code=(field(error, "code") or "") if status == Payment.Status.FAILED else "",
    )


def provider_error(error: stripe.StripeError) -> PaymentProviderError:
    return PaymentProviderError(params={"stripe_code": error.code or "", "stripe_message": str(error)})


def intent_json(method: str, path: str, params: dict | None = None) -> dict:
    """A PaymentIntent request on the checkout's path, answered as Stripe's JSON (a dict), which
    field() reads: stripe-python's objects for a whole intent cost more CPU to build than the
    request itself. Stripe's errors are raised as stripe.StripeError, as with its services."""
    return get_client().raw_request(method, path, **(params or {})).data


def intent_retrieve(payment: Payment):
    try:
        return get_client().v1.payment_intents.retrieve(payment.provider_reference)
    except stripe.StripeError as error:
        raise provider_error(error) from error


class StripeProvider(PaymentProvider):
    name = Provider.STRIPE

    def available(self) -> bool:
        return payments_available()

    def scenes(self) -> tuple[str, ...]:
        return (Scene.CARD,)

    def create(
        self,
        *,
        reference: str,
        out_trade_no: str,
        amount_fen: int,
        description: str,
        scene: str,
        email: str = "",
        methods: Sequence[str] | None = None,
        client_ip: str = "",
        openid: str = "",
    ) -> Created:
        """A PaymentIntent in CNY. methods: the payment method types wanted (default: every configured
        one); those the account does not offer (STRIPE_PAYMENT_METHOD_TYPES) are left out."""
        offered = configured_methods()
        wanted = offered if methods is None else tuple(methods)
        types = [method for method in dict.fromkeys(wanted) if method in offered]
        if not types:
            raise ValidationFailed(_("没有可用的支付方式。"), field="methods")
        metadata = {"reference": reference}
        if email:
            # Not receipt_email: our own confirmation email is the receipt (and localstripe refuses it).
            metadata["email"] = email
        params = {
            "amount": amount_fen,
            "currency": "cny",
            "payment_method_types": types,
            "metadata": metadata,
        }
        if "wechat_pay" in types:
            params["payment_method_options"] = {"wechat_pay": {"client": "web"}}
        try:
            intent = intent_json("post", "/v1/payment_intents", params)
        except stripe.StripeError as error:
            raise provider_error(error) from error
        return Created(
            provider_reference=field(intent, "id"),
            next_step=NextStep.CLIENT_SECRET,
            client_secret=field(intent, "client_secret"),
            status=status_for_intent(intent),
            methods=types,
        )

    def query(self, *, payment: Payment) -> ProviderState:
        try:
            intent = intent_json("get", f"/v1/payment_intents/{payment.provider_reference}")
        except stripe.StripeError as error:
            raise provider_error(error) from error
        return state_of(intent)

    def cancel(self, *, payment: Payment) -> ProviderState:
        try:
            intent = get_client().v1.payment_intents.cancel(payment.provider_reference)
        except stripe.InvalidRequestError as error:
            intent = intent_retrieve(payment)
            if field(intent, "status") != "succeeded":
                raise provider_error(error) from error
        except stripe.StripeError as error:
            raise provider_error(error) from error
        return state_of(intent)

    def refund(self, *, payment: Payment, amount_fen: int, reason: str, key: str) -> str:
        params = {
            "payment_intent": payment.provider_reference,
            "amount": amount_fen,
            # Stripe's own `reason` is an enum (and localstripe refuses it): ours travels in metadata.
            "metadata": {"reference": payment.reference, "reason": reason[:500]},
        }
        try:
            stripe_refund = get_client().v1.refunds.create(params=params, options={"idempotency_key": key})
        except stripe.StripeError as error:
            raise provider_error(error) from error
        return stripe_refund.id

    def fee(self, *, payment: Payment) -> int:
        """Stripe's fee on the charge, from its balance transaction."""
        try:
            intent = get_client().v1.payment_intents.retrieve(
                payment.provider_reference, params={"expand": ["latest_charge.balance_transaction"]}
            )
        except stripe.StripeError as error:
            raise provider_error(error) from error
        fee = field(field(field(intent, "latest_charge"), "balance_transaction"), "fee")
        if type(fee) is not int or not 0 <= fee <= payment.amount_fen:
            raise PaymentMismatch(_("Stripe 没有给出这笔支付的手续费。"))
        return fee


provider = StripeProvider()
