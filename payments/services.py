"""Writes for online payments. Each service talks to Stripe through payments.stripe_client and
records what Stripe said; callers see core domain errors (payments.errors), never stripe's own.

Status is recorded in one place, payment_sync_from_intent, by one conditional UPDATE of the row, so the
browser's return and a webhook delivered twice, in any order, record a success once.
"""

import uuid
from collections.abc import Sequence

import stripe
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import InvalidState, NotFound, ValidationFailed
from payments.errors import PaymentMismatch, PaymentProviderError, PaymentUnavailable, RefundExceedsPayment
from payments.handlers import payment_succeeded_handlers_call
from payments.models import Payment, Refund
from payments.stripe_client import get_client, is_live_key, payments_available

DEFAULT_METHODS = ("card",)
CANCELLABLE = (Payment.Status.CREATED, Payment.Status.REQUIRES_ACTION, Payment.Status.FAILED)


def field(obj, name: str):
    """A field of a Stripe object or of a plain dict (an event's payload), None when absent."""
    return obj[name] if obj is not None and name in obj else None


def configured_methods() -> tuple[str, ...]:
    """The payment method types the Stripe account offers (STRIPE_PAYMENT_METHOD_TYPES)."""
    return tuple(getattr(settings, "STRIPE_PAYMENT_METHOD_TYPES", None) or DEFAULT_METHODS)


def payments_require_available() -> None:
    """Raise PaymentUnavailable unless online payment can be taken (payments_available): in production
    without a real Stripe key nothing pretends to take money."""
    if not payments_available():
        raise PaymentUnavailable()


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


def provider_error(error: stripe.StripeError) -> PaymentProviderError:
    return PaymentProviderError(params={"stripe_code": error.code or "", "stripe_message": str(error)})


def payment_intent_create(
    *, reference: str, amount_fen: int, email: str | None = None, methods: Sequence[str] | None = None
) -> Payment:
    """A PaymentIntent in CNY for amount_fen, and its Payment (status created).

    methods: the payment method types wanted (default: every configured one); those the account does
    not offer (STRIPE_PAYMENT_METHOD_TYPES) are left out. The browser completes the payment with the
    returned client_secret.
    """
    if not reference:
        raise ValidationFailed(_("缺少订单号。"), field="reference")
    if type(amount_fen) is not int or amount_fen <= 0:
        raise ValidationFailed(_("金额必须是正整数（分）。"), field="amount")
    payments_require_available()
    offered = configured_methods()
    wanted = offered if methods is None else tuple(methods)
    types = [method for method in dict.fromkeys(wanted) if method in offered]
    if not types:
        raise ValidationFailed(_("没有可用的支付方式。"), field="methods")
    metadata = {"reference": reference}
    if email:
        # Not receipt_email: our own confirmation email is the receipt (and localstripe refuses it).
        metadata["email"] = email
    params = {"amount": amount_fen, "currency": "cny", "payment_method_types": types, "metadata": metadata}
    if "wechat_pay" in types:
        params["payment_method_options"] = {"wechat_pay": {"client": "web"}}
    try:
        intent = _intent_json("post", "/v1/payment_intents", params)
    except stripe.StripeError as error:
        raise provider_error(error) from error
    return Payment.objects.create(
        reference=reference,
        amount_fen=amount_fen,
        currency="cny",
        status=status_for_intent(intent),
        stripe_payment_intent_id=field(intent, "id"),
        client_secret=field(intent, "client_secret"),
        payment_method_types=types,
        email=email or "",
    )


# A payment in one of these has nothing more to learn from its intent.
SETTLED = (*Payment.PAID_STATUSES, Payment.Status.CANCELLED)


def payment_sync_from_intent(*, payment: Payment | None = None, intent) -> tuple[Payment, bool]:
    """Record the PaymentIntent's status on its Payment (found by intent id when not given).

    Returns (payment, became_succeeded): became_succeeded is True only for the call that first
    records the success, whoever calls first (a webhook, its duplicate, the browser's return); that
    call also runs the registered payment-succeeded handlers (payments.handlers: orders completes
    the checkout), before returning. A paid payment never goes back to an earlier status.

    The change is one conditional UPDATE (unless settled, unless already so), needing no transaction
    of its own: PostgreSQL re-checks its condition on the row's latest version under the row's lock,
    so of two calls at once only one changes it; inside a caller's transaction the row stays locked
    until it commits (the webhook completes the checkout while holding it). Amount, currency and
    intent never change after creation, so they are checked against the row as given.
    """
    intent_id = field(intent, "id")
    if payment is not None and payment.stripe_payment_intent_id != intent_id:
        raise PaymentMismatch()
    if payment is None:
        payment = Payment.objects.filter(stripe_payment_intent_id=intent_id).first()
        if payment is None:
            raise NotFound(_("找不到此支付。"), field="payment_intent")
    if field(intent, "amount") != payment.amount_fen or field(intent, "currency") != payment.currency:
        raise PaymentMismatch()
    status = status_for_intent(intent)
    error = field(intent, "last_payment_error")
    failure_code = (field(error, "code") or "") if status == Payment.Status.FAILED else ""
    now = timezone.now()
    succeeded_at = now if status == Payment.Status.SUCCEEDED else None
    changed = (
        Payment.objects.filter(pk=payment.pk)
        .exclude(status__in=SETTLED)
        .exclude(status=status, failure_code=failure_code)
        .update(status=status, failure_code=failure_code, succeeded_at=succeeded_at, updated=now)
    )
    if not changed:  # settled, or it already said so: the row as it stands
        return Payment.objects.get(pk=payment.pk), False
    # The row was unsettled until now, so nothing else of it has changed since it was made.
    payment.status, payment.failure_code, payment.succeeded_at, payment.updated = (
        status,
        failure_code,
        succeeded_at,
        now,
    )
    became_succeeded = status == Payment.Status.SUCCEEDED
    if became_succeeded:
        payment_succeeded_handlers_call(payment=payment)  # orders completes its checkout
    return payment, became_succeeded


def payment_fee_record(*, payment: Payment) -> Payment:
    """Record Stripe's fee on a paid payment (its charge's balance transaction), once.

    Called off the request path (the ledger posting task), since it is one more call to Stripe.
    """
    if payment.fee_fen is not None or payment.status not in Payment.PAID_STATUSES:
        return payment
    try:
        intent = get_client().v1.payment_intents.retrieve(
            payment.stripe_payment_intent_id, params={"expand": ["latest_charge.balance_transaction"]}
        )
    except stripe.StripeError as error:
        raise provider_error(error) from error
    transaction_ = field(field(intent, "latest_charge"), "balance_transaction")
    fee = field(transaction_, "fee")
    if type(fee) is not int or not 0 <= fee <= payment.amount_fen:
        raise PaymentMismatch(_("Stripe 没有给出这笔支付的手续费。"))
    Payment.objects.filter(pk=payment.pk, fee_fen__isnull=True).update(fee_fen=fee)
    payment.fee_fen = fee
    return payment


def payment_refresh(*, payment: Payment) -> tuple[Payment, bool]:
    """Ask Stripe for the intent and record it (the browser's return: never trust its query string)."""
    try:
        intent = _intent_json("get", f"/v1/payment_intents/{payment.stripe_payment_intent_id}")
    except stripe.StripeError as error:
        raise provider_error(error) from error
    return payment_sync_from_intent(payment=payment, intent=intent)


def _intent_json(method: str, path: str, params: dict | None = None) -> dict:
    """A PaymentIntent request on the checkout's path, answered as Stripe's JSON (a dict), which
    field() reads: stripe-python's objects for a whole intent cost more CPU to build than the
    request itself. Stripe's errors are raised as stripe.StripeError, as with its services."""
    return get_client().raw_request(method, path, **(params or {})).data


def payment_confirm_test_card(
    *, payment: Payment, payment_method: str = "pm_card_visa"
) -> tuple[Payment, bool]:
    """Confirm on the server with a test payment method, as Stripe.js would in the browser (the demo's
    "pay with the test card" and the tests). A decline is recorded (status failed), not raised.
    """
    if is_live_key():
        raise InvalidState(_("真实账户不能使用测试卡。"))
    payments_require_available()
    client = get_client()
    intents = client.v1.payment_intents
    try:
        # Set, then confirm: localstripe refuses payment_method on confirm ("Not implemented").
        intents.update(payment.stripe_payment_intent_id, params={"payment_method": payment_method})
        intent = intents.confirm(payment.stripe_payment_intent_id)
    except stripe.CardError:
        intent = _retrieve(client, payment)
    except stripe.StripeError as error:
        raise provider_error(error) from error
    return payment_sync_from_intent(payment=payment, intent=intent)


def payment_cancel(*, payment: Payment) -> tuple[Payment, bool]:
    """Cancel an unpaid intent (a checkout whose reservation expired), so it can no longer be paid.

    If the tourist paid meanwhile, Stripe refuses the cancel: the success is recorded instead and
    returned as (payment, became_succeeded) like payment_sync_from_intent; check payment.status.
    """
    if payment.status == Payment.Status.CANCELLED:
        return payment, False
    if payment.status not in CANCELLABLE:
        raise InvalidState(_("此支付不能取消。"))
    client = get_client()
    try:
        intent = client.v1.payment_intents.cancel(payment.stripe_payment_intent_id)
    except stripe.InvalidRequestError as error:
        intent = _retrieve(client, payment)
        if field(intent, "status") != "succeeded":
            raise provider_error(error) from error
    except stripe.StripeError as error:
        raise provider_error(error) from error
    return payment_sync_from_intent(payment=payment, intent=intent)


@transaction.atomic
def payment_refund(
    *, payment: Payment, amount_fen: int, reason: str, idempotency_key: str | None = None
) -> Refund:
    """Refund amount_fen of a paid payment through Stripe.

    We refuse over-refunds ourselves (localstripe does not): under the payment's row lock,
    refunded_fen + amount_fen must not pass amount_fen. The same idempotency_key (e.g. the caller's
    refund id) answered twice returns the first Refund. If Stripe fails, nothing is written.
    """
    if type(amount_fen) is not int or amount_fen <= 0:
        raise ValidationFailed(_("金额必须是正整数（分）。"), field="amount")
    key = idempotency_key or f"gongfang-refund-{uuid.uuid4().hex}"
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    existing = Refund.objects.filter(idempotency_key=key).first()
    if existing is not None:
        if existing.payment_id != payment.pk or existing.amount_fen != amount_fen:
            raise ValidationFailed(_("此幂等键已用于另一笔退款。"), field="idempotency_key")
        return existing
    if payment.status not in Payment.PAID_STATUSES:
        raise InvalidState(_("只有已支付的款项可以退款。"))
    if payment.refunded_fen + amount_fen > payment.amount_fen:
        raise RefundExceedsPayment(params={"refundable_fen": payment.amount_fen - payment.refunded_fen})
    params = {
        "payment_intent": payment.stripe_payment_intent_id,
        "amount": amount_fen,
        # Stripe's own `reason` is an enum (and localstripe refuses it): ours travels in metadata.
        "metadata": {"reference": payment.reference, "reason": reason[:500]},
    }
    try:
        stripe_refund = get_client().v1.refunds.create(params=params, options={"idempotency_key": key})
    except stripe.StripeError as error:
        raise provider_error(error) from error
    refund = Refund.objects.create(
        payment=payment,
        amount_fen=amount_fen,
        stripe_refund_id=stripe_refund.id,
        reason=reason[:200],
        idempotency_key=key,
    )
    payment.refunded_fen += amount_fen
    payment.status = (
        Payment.Status.REFUNDED
        if payment.refunded_fen == payment.amount_fen
        else Payment.Status.PARTIALLY_REFUNDED
    )
    payment.save(update_fields=["refunded_fen", "status", "updated"])
    return refund


def _retrieve(client: stripe.StripeClient, payment: Payment):
    try:
        return client.v1.payment_intents.retrieve(payment.stripe_payment_intent_id)
    except stripe.StripeError as error:
        raise provider_error(error) from error
