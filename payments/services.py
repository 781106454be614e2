"""Writes for online payments, whichever provider takes them (payments.providers): each service asks
the payment's provider and records what it said; callers see core domain errors (payments.errors),
never a provider's own.

Status is recorded in one place, payment_sync, by one conditional UPDATE of the row, so the browser's
return, a notification delivered twice and the query for a lost one, in any order, record a success
once.
"""

import datetime
import uuid
from collections.abc import Sequence

import stripe
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError, InvalidState, NotFound, ValidationFailed
from payments.errors import PaymentMismatch, PaymentUnavailable, RefundExceedsPayment
from payments.handlers import payment_succeeded_handlers_call
from payments.models import Payment, Provider, Refund
from payments.providers import ProviderState, Scene, provider_get
from payments.providers.stripe import intent_retrieve, provider_error, state_of
from payments.stripe_client import get_client, is_live_key

CANCELLABLE = (Payment.Status.CREATED, Payment.Status.REQUIRES_ACTION, Payment.Status.FAILED)
# A payment in one of these has nothing more to learn from its provider.
SETTLED = (*Payment.PAID_STATUSES, Payment.Status.CANCELLED)


def payments_require_available(provider: str = Provider.STRIPE) -> None:
    """Raise PaymentUnavailable unless the provider takes payments here: in production without its
    settings (a real Stripe key, a WeChat Pay merchant...) nothing pretends to take money."""
    if not provider_get(provider).available():
        raise PaymentUnavailable()


def out_trade_no() -> str:
    """Our number for a wallet payment (WeChat Pay and Alipay key on it): 6–32 letters and digits."""
    return f"GF{uuid.uuid4().hex[:26].upper()}"


def payment_create(
    *,
    reference: str,
    amount_fen: int,
    provider: str = Provider.STRIPE,
    scene: str = Scene.CARD,
    email: str | None = None,
    methods: Sequence[str] | None = None,
    description: str = "",
    client_ip: str = "",
    openid: str = "",
) -> Payment:
    """A payment of amount_fen CNY at the provider for the scene the tourist is in, and its Payment
    (status created) with the tourist's next step (payment.next_step and next_step_value, or
    client_secret for Stripe). Raises ValidationFailed, PaymentUnavailable, PaymentProviderError;
    nothing is written unless the provider made it."""
    if not reference:
        raise ValidationFailed(_("缺少订单号。"), field="reference")
    if type(amount_fen) is not int or amount_fen <= 0:
        raise ValidationFailed(_("金额必须是正整数（分）。"), field="amount")
    payments_require_available(provider)
    gateway = provider_get(provider)
    if scene not in gateway.scenes():
        raise ValidationFailed(_("此支付方式在这里不可用。"), field="scene")
    created = gateway.create(
        reference=reference,
        out_trade_no=out_trade_no(),
        amount_fen=amount_fen,
        description=description or str(_("巾帼工坊手工艺品")),
        scene=scene,
        email=email or "",
        methods=methods,
        client_ip=client_ip,
        openid=openid,
    )
    return Payment.objects.create(
        reference=reference,
        amount_fen=amount_fen,
        currency="cny",
        provider=provider,
        status=created.status,
        provider_reference=created.provider_reference,
        client_secret=created.client_secret,
        next_step=created.next_step,
        next_step_value=created.next_step_value,
        payment_method_types=list(created.methods) or [scene],
        email=email or "",
    )


def payment_intent_create(
    *, reference: str, amount_fen: int, email: str | None = None, methods: Sequence[str] | None = None
) -> Payment:
    """A Stripe PaymentIntent for amount_fen (payment_create with Stripe): the browser completes it
    with the returned client_secret."""
    return payment_create(reference=reference, amount_fen=amount_fen, email=email, methods=methods)


def payment_sync(
    *, payment: Payment | None = None, provider: str, state: ProviderState
) -> tuple[Payment, bool]:
    """Record the provider's state of a payment on its Payment (found by the provider's reference
    when not given).

    Returns (payment, became_succeeded): became_succeeded is True only for the call that first
    records the success, whoever calls first (a notification, its duplicate, the browser's return,
    the query for a lost one); that call also runs the registered payment-succeeded handlers
    (payments.handlers: orders completes the checkout), before returning. A paid payment never goes
    back to an earlier status.

    The change is one conditional UPDATE (unless settled, unless already so), needing no transaction
    of its own: PostgreSQL re-checks its condition on the row's latest version under the row's lock,
    so of two calls at once only one changes it; inside a caller's transaction the row stays locked
    until it commits. Amount, currency and reference never change after creation, so they are
    checked against the row as given (PaymentMismatch: never an order for another amount).
    """
    if payment is not None and (payment.provider, payment.provider_reference) != (
        provider,
        state.provider_reference,
    ):
        raise PaymentMismatch()
    if payment is None:
        payment = Payment.objects.filter(
            provider=provider, provider_reference=state.provider_reference
        ).first()
        if payment is None:
            raise NotFound(_("找不到此支付。"), field="payment_intent")
    if state.amount_fen != payment.amount_fen or (state.currency or "").lower() != payment.currency:
        raise PaymentMismatch()
    status, failure_code = state.status, state.failure_code
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


def payment_sync_from_intent(*, payment: Payment | None = None, intent) -> tuple[Payment, bool]:
    """Record a Stripe PaymentIntent (an object or its webhook's plain dict): payment_sync."""
    return payment_sync(payment=payment, provider=Provider.STRIPE, state=state_of(intent))


def payment_fee_record(*, payment: Payment) -> Payment:
    """Record the provider's fee on a paid payment, once.

    Called off the request path (the ledger posting task), since it may be one more call out.
    """
    if payment.fee_fen is not None or payment.status not in Payment.PAID_STATUSES:
        return payment
    fee = provider_get(payment.provider).fee(payment=payment)
    Payment.objects.filter(pk=payment.pk, fee_fen__isnull=True).update(fee_fen=fee)
    payment.fee_fen = fee
    return payment


def payment_refresh(*, payment: Payment) -> tuple[Payment, bool]:
    """Ask the provider and record its answer (the browser's return, a notification that never came:
    never trust a query string)."""
    state = provider_get(payment.provider).query(payment=payment)
    return payment_sync(payment=payment, provider=payment.provider, state=state)


def payment_confirm_test_card(
    *, payment: Payment, payment_method: str = "pm_card_visa"
) -> tuple[Payment, bool]:
    """Confirm a Stripe payment on the server with a test payment method, as Stripe.js would in the
    browser (the demo's "pay with the test card" and the tests). A decline is recorded (status
    failed), not raised.
    """
    if payment.provider != Provider.STRIPE or is_live_key():
        raise InvalidState(_("真实账户不能使用测试卡。"))
    payments_require_available()
    intents = get_client().v1.payment_intents
    try:
        # Set, then confirm: localstripe refuses payment_method on confirm ("Not implemented").
        intents.update(payment.provider_reference, params={"payment_method": payment_method})
        intent = intents.confirm(payment.provider_reference)
    except stripe.CardError:
        intent = intent_retrieve(payment)
    except stripe.StripeError as error:
        raise provider_error(error) from error
    return payment_sync_from_intent(payment=payment, intent=intent)


def payment_cancel(*, payment: Payment) -> tuple[Payment, bool]:
    """Cancel an unpaid payment (a checkout whose reservation expired, or one replaced), so it can no
    longer be paid.

    If the tourist paid meanwhile, the provider refuses the cancel: the success is recorded instead
    and returned as (payment, became_succeeded) like payment_sync; check payment.status.
    """
    if payment.status == Payment.Status.CANCELLED:
        return payment, False
    if payment.status not in CANCELLABLE:
        raise InvalidState(_("此支付不能取消。"))
    state = provider_get(payment.provider).cancel(payment=payment)
    return payment_sync(payment=payment, provider=payment.provider, state=state)


@transaction.atomic
def payment_refund(
    *, payment: Payment, amount_fen: int, reason: str, idempotency_key: str | None = None
) -> Refund:
    """Refund amount_fen of a paid payment through its provider.

    We refuse over-refunds ourselves (localstripe does not; nor may a wallet be trusted to): under
    the payment's row lock, refunded_fen + amount_fen must not pass amount_fen. The same
    idempotency_key (e.g. the caller's refund id) answered twice returns the first Refund. If the
    provider fails, nothing is written.
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
    provider_refund_id = provider_get(payment.provider).refund(
        payment=payment, amount_fen=amount_fen, reason=reason, key=key
    )
    refund = Refund.objects.create(
        payment=payment,
        amount_fen=amount_fen,
        provider_refund_id=provider_refund_id,
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


# A wallet payment still unconfirmed after this long is asked about (its notification may be lost).
UNCONFIRMED_AFTER = datetime.timedelta(minutes=1)
UNCONFIRMED_UNTIL = datetime.timedelta(days=1)


def payments_unconfirmed_refresh(*, now: datetime.datetime | None = None) -> int:
    """Ask WeChat Pay and Alipay about each of their payments still waiting one minute to a day after
    it was made, and record the answer (a notification that never came; Celery beat, every minute).
    One that cannot be asked now is asked on the next run. Returns how many became paid."""
    now = now or timezone.now()
    waiting = Payment.objects.filter(
        provider__in=(Provider.WECHAT_PAY, Provider.ALIPAY),
        status__in=(Payment.Status.CREATED, Payment.Status.PROCESSING),
        created__lte=now - UNCONFIRMED_AFTER,
        created__gte=now - UNCONFIRMED_UNTIL,
    ).order_by("pk")
    paid = 0
    for payment in waiting:
        if not provider_get(payment.provider).available():
            continue
        try:
            _payment, became_succeeded = payment_refresh(payment=payment)
        except DomainError:
            continue
        paid += became_succeeded
    return paid


@transaction.atomic
def payment_refund_record(
    *, payment: Payment, amount_fen: int, provider_refund_id: str, reason: str
) -> tuple[Refund, bool]:
    """Record a refund the provider made without us (in its merchant platform; found by
    reconciliation): a Refund row, and the payment's refunded amount and status, under the row lock.
    The same provider_refund_id recorded twice returns the first (refund, False). Raises
    RefundExceedsPayment or InvalidState and writes nothing then."""
    if type(amount_fen) is not int or amount_fen <= 0:
        raise ValidationFailed(_("金额必须是正整数（分）。"), field="amount")
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    existing = Refund.objects.filter(provider_refund_id=provider_refund_id).first()
    if existing is not None:
        return existing, False
    if payment.status not in Payment.PAID_STATUSES:
        raise InvalidState(_("只有已支付的款项可以退款。"))
    if payment.refunded_fen + amount_fen > payment.amount_fen:
        raise RefundExceedsPayment(params={"refundable_fen": payment.amount_fen - payment.refunded_fen})
    refund = Refund.objects.create(
        payment=payment,
        amount_fen=amount_fen,
        provider_refund_id=provider_refund_id,
        reason=reason[:200],
        idempotency_key=f"{payment.provider}:{provider_refund_id}"[:80],
    )
    payment.refunded_fen += amount_fen
    payment.status = (
        Payment.Status.REFUNDED
        if payment.refunded_fen == payment.amount_fen
        else Payment.Status.PARTIALLY_REFUNDED
    )
    payment.save(update_fields=["refunded_fen", "status", "updated"])
    return refund, True
