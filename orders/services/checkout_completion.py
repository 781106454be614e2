"""Paying for a checkout and turning it into an order (docs/checkout.md).

Locks: the checkout's row first, then the stock rows (inventory.services.holds), then the payment's
row; Stripe is called while the checkout's row is held, so two calls for one checkout (a double
click, the expiry and a late payment) are one after the other. The webhook comes in holding the
payment's row (payments' sync) and then takes the checkout's: the only pair that can deadlock is a
webhook for a payment and the cancelling of that same payment, which PostgreSQL breaks by failing
one (the webhook answers 500 and Stripe delivers it again).
"""

import datetime
import uuid
from collections.abc import Sequence

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core import sql_rows
from core.errors import DomainError, InsufficientStock, InvalidState, ValidationFailed
from inventory.services import (
    HeldLine,
    stock_allocate,
    stock_available_check,
    stock_holds_release,
    stock_reservation_convert_at,
    stock_reservations_expire,
    stock_reserve,
)
from orders.models import Checkout, Order, OrderLine
from orders.services.checkout import (
    CheckoutTotals,
    checkout_key,
    checkout_source_location,
    checkout_totals_of,
    reservation_reference,
)
from orders.services.checkout_holds import client_holds_check, hold_ends_at
from orders.services.checkout_rows import checkout_read, order_of_checkout
from orders.services.posting import order_paid_followups_schedule
from payments.models import Payment, Provider
from payments.providers import Scene
from payments.services import (
    CANCELLABLE,
    payment_cancel,
    payment_create,
    payment_refresh,
    payment_refund,
    payments_require_available,
)

REUSABLE = (Payment.Status.CREATED, Payment.Status.REQUIRES_ACTION)


def _check_complete(checkout: Checkout, totals: CheckoutTotals) -> None:
    if not totals.lines:
        raise ValidationFailed(_("购物袋是空的。"), field="lines")
    if not checkout.email and not checkout.phone:
        raise ValidationFailed(_("请填写手机号或邮箱，至少一项。"), field="phone")
    if checkout.delivery_method not in (Order.Delivery.SHIPPING, Order.Delivery.PICKUP):
        raise ValidationFailed(_("请选择快递或自提。"), field="deliveryMethod")


@transaction.atomic
def checkout_payment_create(
    *,
    checkout: Checkout | None = None,
    token=None,
    methods: Sequence[str] | None = None,
    client: str = "",
    provider: str = Provider.STRIPE,
    scene: str = Scene.CARD,
    client_ip: str = "",
    openid: str = "",
) -> Payment:
    """Reserve the pieces at the source location and make (or reuse) the payment for the total at
    the provider, for the scene the tourist is in (payments.providers.Scene: Stripe's card form,
    a wallet's H5 redirect on a phone, its QR code on a desktop, JSAPI inside WeChat).

    The pieces are held until one reservation period after the checkout's first hold, however often
    this is called or the basket changed in between (orders.services.checkout_holds); past it the
    payment is made without a hold (the pieces are checked now and allocated when it is paid, if
    they are still there). client (core.clients.client_key): who starts a first hold, refused
    (TOO_MANY_CHECKOUTS) when it has started too many unpaid ones lately.

    Called again: the same payment while its amount is unchanged, else a new one is made and the old
    one cancelled. Raises InsufficientStock and writes nothing; PaymentUnavailable without a real
    payment provider. A checkout found paid meanwhile is completed and its payment answered.
    methods: the payment method types wanted (default: every one the account offers;
    payments.payment_create). The checkout: the instance (given the outcome), or the one
    behind token (Checkout.DoesNotExist if none), read once, locked.
    """
    payments_require_available(provider)  # (PaymentUnavailable) before anything is held
    locked = checkout_read(checkout_key(checkout, token), lock=True, payment=True)
    if locked.status not in (Checkout.Status.OPEN, Checkout.Status.AWAITING_PAYMENT):
        raise InvalidState(_("此订单已结算。"), field="checkout", params={"status": locked.status})
    old = locked.payment
    if old is not None and old.status == Payment.Status.SUCCEEDED:  # (a refunded one is done with)
        _complete(key={"pk": locked.pk}, payment=old)
        return old
    totals = checkout_totals_of(locked, related=("variant",))  # what the reservation and amount need
    _check_complete(locked, totals)
    location = checkout_source_location(locked)
    assert location is not None  # _check_complete: shipping or pickup, each from a location
    now = timezone.now()
    first_hold = locked.hold_started_at is None
    if first_hold:
        client_holds_check(client=client, checkout=locked, now=now)
    expires_at: datetime.datetime | None  # None once its one reservation period is over
    expires_at = hold_ends_at(locked.hold_started_at or now)
    lines = [HeldLine(line.variant.pk, line.quantity) for line in totals.lines]
    if expires_at > now:
        stock_reserve(
            location=location, lines=lines, reference=reservation_reference(locked), expires_at=expires_at
        )
    else:  # its one reservation period is over: paid for without a hold
        stock_holds_release(reference=reservation_reference(locked))
        stock_available_check(location=location, lines=lines)
        expires_at = None
    reuse = (
        old is not None
        and old.status in REUSABLE
        and old.amount_fen == totals.total_fen
        and old.provider == provider
        # A wallet's payment is made for one scene (its QR code is no use on the phone that scans it).
        and (provider == Provider.STRIPE or old.payment_method_types == [scene])
        and (methods is None or set(old.payment_method_types) == set(methods))
    )
    payment = old
    if not reuse:
        payment = payment_create(
            reference=reservation_reference(locked),
            amount_fen=totals.total_fen,
            provider=provider,
            scene=scene,
            email=locked.email,
            methods=methods,
            client_ip=client_ip,
            openid=openid,
        )
        # Last, as nothing after it can fail: a provider's cancel cannot be rolled back with us.
        if old is not None and old.status in CANCELLABLE:
            old, _became = payment_cancel(payment=old)
            if old.status == Payment.Status.SUCCEEDED:  # paid at the last moment in another tab
                _complete(key={"pk": locked.pk}, payment=old)
                return old
    assert payment is not None  # reused only when there was one
    locked.payment = payment
    locked.status = Checkout.Status.AWAITING_PAYMENT
    locked.reserved_until = expires_at
    saved = ["payment", "status", "reserved_until", "updated_at"]
    if first_hold:
        locked.hold_started_at, locked.hold_client = now, client
        saved += ["hold_started_at", "hold_client"]
    locked.save(update_fields=saved)
    if checkout is not None:
        checkout.status, checkout.payment, checkout.reserved_until = locked.status, payment, expires_at
        checkout.hold_started_at, checkout.hold_client = locked.hold_started_at, locked.hold_client
    return payment


def checkout_complete(*, checkout: Checkout) -> Order:
    """The order of a paid checkout (made now, or the one made before). Asks Stripe when the payment
    is not known to have succeeded; raises InvalidState(code="PAYMENT_NOT_SUCCEEDED") when it has not.

    The checkout as its caller has just read it, best with its payment joined (else the payment is
    read here); the lock in _complete decides anyway. Its order is read only when there is one (not
    joined: most often there is none yet, and an order's row is wide)."""
    if checkout.order_id is not None:
        assert checkout.order is not None  # its id is set
        return checkout.order
    payment = checkout.payment
    became_succeeded = False
    if payment is not None and payment.status not in Payment.PAID_STATUSES:
        # Recorded before (outside) the order's transaction: kept even if the order cannot be made.
        payment, became_succeeded = payment_refresh(payment=payment)
    if payment is None or payment.status not in Payment.PAID_STATUSES:
        raise InvalidState(_("尚未收到付款。"), field="payment", code="PAYMENT_NOT_SUCCEEDED")
    # Recording the success ran our payment-succeeded handler (checkout_complete_for_payment), which
    # completed the checkout: its order is read rather than completed again. Without one, _complete
    # decides (it answers an order made meanwhile, or why there is none).
    order = order_of_checkout(checkout.pk) if became_succeeded else None
    if order is None:
        order = _complete(key={"pk": checkout.pk}, payment=payment)
    if order is None:
        if Checkout.objects.filter(pk=checkout.pk, status=Checkout.Status.FAILED).exists():
            message = _("所选商品已售完，款项已退回。")
        else:
            message = _("付款后购物袋有变更，款项已退回，请重新付款。")
        raise InvalidState(message, field="lines", code="CHECKOUT_FAILED")
    return order


def checkout_complete_for_payment(*, payment: Payment) -> Order | None:
    """payments' handler for a payment that succeeded (registered in OrdersConfig.ready, called by
    payment_sync_from_intent whoever learned of it first: the webhook, the browser's return...): the
    order of the checkout this payment is for; None when the payment is not a checkout's or the
    checkout could not be completed (the payment was refunded)."""
    if not payment.reference.startswith("checkout:"):
        return None
    try:
        token = uuid.UUID(payment.reference.removeprefix("checkout:"))
    except ValueError:
        return None
    try:  # locked by its token: no read of its own first
        return _complete(key={"token": token}, payment=payment)
    except Checkout.DoesNotExist:
        return None


@transaction.atomic
def _complete(*, key: dict, payment: Payment) -> Order | None:
    """The order of the checkout behind key (checkout_key's {"pk": …} or {"token": …}; locked) paid
    by payment: made now, or the one made before. None when the payment has not succeeded, or when
    it cannot pay for the checkout (then it is refunded)."""
    checkout = checkout_read(key, lock=True)
    # Read on its own, after the checkout's lock: a row joined to a locked one may be older than it.
    payment = sql_rows.by_pk(Payment, payment.pk)
    if checkout.order_id is not None and checkout.payment_id == payment.pk:
        return checkout.order
    if payment.status != Payment.Status.SUCCEEDED:
        return None
    if checkout.order_id is not None or checkout.payment_id != payment.pk:
        # An older payment of this checkout, paid in another tab after it was replaced: give it back.
        payment_refund(
            payment=payment,
            amount_fen=payment.amount_fen,
            reason=_("重复付款"),
            idempotency_key=f"stray-{payment.pk}",
        )
        return checkout.order
    # The order lines copy the variants' and products' names: those joined, no more.
    totals = checkout_totals_of(checkout, related=("variant__product",), when=payment.created)
    if totals.total_fen != payment.amount_fen:
        # The basket changed after this payment was made: it no longer pays for it.
        payment_refund(
            payment=payment,
            amount_fen=payment.amount_fen,
            reason=_("购物袋已变更"),
            idempotency_key=f"changed-{payment.pk}",
        )
        return None
    order = _order_or_none(checkout, payment, totals)
    if order is None:
        payment_refund(
            payment=payment,
            amount_fen=payment.amount_fen,
            reason=_("商品已售完"),
            idempotency_key=f"soldout-{payment.pk}",
        )
        checkout.status = Checkout.Status.FAILED
        checkout.reserved_until = None
        checkout.save(update_fields=["status", "reserved_until", "updated_at"])
        return None
    checkout.order = order
    checkout.status = Checkout.Status.COMPLETED
    checkout.reserved_until = None
    checkout.save(update_fields=["order", "status", "reserved_until", "updated_at"])
    order_paid_followups_schedule(order_id=order.pk)  # the ledger posting and the confirmation
    return order


def _order_or_none(checkout: Checkout, payment: Payment, totals: CheckoutTotals) -> Order | None:
    """The order with its lines and its pieces allocated; None (nothing written) if they are gone.

    The order's number comes first (its primary key taken from the table's sequence), so that the
    pieces are moved to "order:<number>" before anything is written: a refusal then leaves nothing
    to roll back but the fallback's own savepoint. The order's location is where its reservation
    was made (the checkout's source then; a change of delivery since would have released it)."""
    order_id = _new_order_id()
    number = f"W{order_id:08d}"
    reference, to_reference = reservation_reference(checkout), f"order:{number}"
    location_id = stock_reservation_convert_at(reference=reference, to_reference=to_reference)
    if location_id is None:
        # The reservation ran out: the pieces may still be there.
        location = checkout_source_location(checkout)
        location_id = location.pk if location is not None else None
        try:
            with transaction.atomic():
                stock_holds_release(reference=reference)
                stock_allocate(
                    location=location,
                    lines=[HeldLine(line.variant.pk, line.quantity) for line in totals.lines],
                    reference=to_reference,
                )
        except InsufficientStock:
            return None
    return _order_create(checkout, payment, totals, location_id, order_id=order_id, number=number)


def _new_order_id() -> int:
    """A primary key for a new order from its table's own sequence: unique however many complete at
    once (W + it is the online order's number)."""
    if connection.vendor != "postgresql":
        # The embedded demo (SQLite, one writer at a time): the next id after the highest used.
        return (Order.objects.aggregate(highest=Max("pk"))["highest"] or 0) + 1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s))", [Order._meta.db_table, Order._meta.pk.column]
        )
        return cursor.fetchone()[0]


def _order_create(
    checkout: Checkout, payment: Payment, totals: CheckoutTotals, location_id, *, order_id: int, number: str
) -> Order:
    order = Order.objects.create(
        pk=order_id,
        number=number,
        channel=Order.Channel.ONLINE,
        status=Order.Status.PAID,
        location_id=location_id,
        attributed_location_id=checkout.attributed_location_id,
        operator_id=checkout.attributed_operator_id,
        campaign_id=checkout.campaign_id,
        subtotal_fen=totals.subtotal_fen,
        discount_fen=0,
        shipping_fen=totals.shipping_fen,
        total_fen=totals.total_fen,
        paid_at=payment.succeeded_at or timezone.now(),
        token=uuid.uuid4(),
        email=checkout.email,
        phone=checkout.phone,
        language=checkout.language,
        delivery_method=checkout.delivery_method,
        shipping_region_id=checkout.shipping_region_id,
        recipient_name=checkout.recipient_name,
        shipping_address=checkout.shipping_address,
        fulfilment_status=Order.Fulfilment.UNFULFILLED,
        payment=payment,
    )
    OrderLine.objects.bulk_create(
        [
            OrderLine(
                order=order,
                variant=line.variant,
                artisan_id=line.variant.artisan_id,
                sku=line.variant.sku,
                product_name_zh=line.variant.product.name_zh,
                product_name_en=line.variant.product.name_en,
                variant_name_zh=line.variant.name_zh,
                variant_name_en=line.variant.name_en,
                quantity=line.quantity,
                list_price_fen=line.unit_price_fen,
                unit_price_fen=line.unit_price_fen,
                total_fen=line.total_fen,
            )
            for line in totals.lines
        ]
    )
    return order


def checkouts_expire(*, now: datetime.datetime | None = None) -> int:
    """Checkouts whose reservation ran out: their payment is cancelled at Stripe, their pieces are
    released and they are open again. One paid at the last moment is completed instead. Then any
    other expired reservation is released. Returns how many checkouts were reopened."""
    now = now or timezone.now()
    expired = Checkout.objects.filter(
        status=Checkout.Status.AWAITING_PAYMENT, reserved_until__lte=now
    ).values_list("pk", flat=True)
    reopened = 0
    for checkout_id in list(expired):
        reopened += _expire_one(checkout_id, now)
    stock_reservations_expire(now=now)
    return reopened


def _expire_one(checkout_id: int, now) -> int:
    with transaction.atomic():
        checkout = Checkout.objects.select_for_update(skip_locked=True).filter(pk=checkout_id).first()
        if checkout is None or checkout.status != Checkout.Status.AWAITING_PAYMENT:
            return 0
        if checkout.reserved_until is None or checkout.reserved_until > now:
            return 0
        payment = checkout.payment
        if payment is not None and payment.status not in Payment.PAID_STATUSES:
            try:
                payment, _became = payment_cancel(payment=payment)
            except DomainError:
                # Processing (its outcome decides) or Stripe unreachable: the next run tries again.
                return 0
        if payment is not None and payment.status in Payment.PAID_STATUSES:
            paid = True
        else:
            paid = False
            stock_holds_release(reference=reservation_reference(checkout))
            checkout.status = Checkout.Status.OPEN
            checkout.reserved_until = None
            checkout.save(update_fields=["status", "reserved_until", "updated_at"])
    if paid:
        assert payment is not None  # paid only with one
        _complete(key={"pk": checkout_id}, payment=payment)
        return 0
    return 1
