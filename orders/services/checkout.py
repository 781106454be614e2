"""The tourist's basket before it is paid: its lines, contact, delivery and attribution, and its totals.

Paying and completing it (the reservation, the Stripe payment, the order) is in
orders.services.checkout_completion; its functions are importable from here as well (docs/checkout.md).
A checkout whose lines or delivery change while it waits for its payment goes back to open and
gives up its reservation: the changed basket has to be paid again.
"""

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Variant
from core.errors import InsufficientStock, InvalidState, NotFound, ValidationFailed
from inventory.models import Location
from inventory.selectors import base_location
from inventory.services import stock_holds_release
from orders.models import Campaign, Checkout, CheckoutLine, Order, ShippingRegion
from orders.selectors import most_available_online
from orders.services.checkout_holds import checkout_pieces_check
from orders.services.checkout_rows import checkout_read
from orders.services.checkout_totals import (  # re-exported: the flow's reads come with its writes
    CheckoutTotals,
    CheckoutTotalsLine,
    checkout_totals,
    checkout_totals_known,
    checkout_totals_of,
    checkout_totals_remember,
    variant_price_at,
)

QUANTITY_MAX = 99
PHONE_CHARACTERS = re.compile(r"^[0-9+\-\s]+$")
EDITABLE = (Checkout.Status.OPEN, Checkout.Status.AWAITING_PAYMENT)
_DELIVERY_FIELDS = (
    "delivery_method",
    "shipping_region",
    "recipient_name",
    "shipping_address",
    "pickup_location",
)


@dataclass(frozen=True)
class CheckoutLineInput:
    variant_id: int
    quantity: int


def reservation_reference(checkout: Checkout) -> str:
    return f"checkout:{checkout.token}"


# --- checks (before any write, so that a refusal leaves the caller's transaction usable) ---


def _clean_email(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except DjangoValidationError as error:
        raise ValidationFailed(_("请输入有效的邮箱地址。"), field="email") from error
    return email


def _clean_phone(phone: str) -> str:
    phone = (phone or "").strip()
    digits = sum(character.isdigit() for character in phone)
    if not PHONE_CHARACTERS.match(phone) or not 6 <= digits <= 20:
        raise ValidationFailed(_("请输入有效的电话号码（6 到 20 位数字）。"), field="phone")
    return phone


def _clean_language(language: str) -> str:
    language = (language or "").strip()
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationFailed(_("不支持的语言。"), field="language")
    return language


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _clean_lines(
    lines: Sequence[CheckoutLineInput],
    *,
    allow_zero: bool,
    variants: dict[int, Variant] | None = None,
    priced_at: datetime.datetime | None = None,
) -> dict[int, int]:
    """{variant id: quantity} of published variants; refuses bad quantities and unknown variants.

    variants: filled with the published variants themselves (with their products and artisans), for
    a caller that prices them next; with priced_at, each with its price on the price list then
    (price_then, None before its first price) read in the same query."""
    merged: dict[int, int] = {}
    for line in lines:
        params = {"variantId": line.variant_id}
        if not _whole(line.quantity) or not (0 if allow_zero else 1) <= line.quantity <= QUANTITY_MAX:
            raise ValidationFailed(
                _("数量必须是 1 到 %(max)d 之间的整数。") % {"max": QUANTITY_MAX},
                field="lines",
                params=params,
            )
        merged[line.variant_id] = (0 if allow_zero else merged.get(line.variant_id, 0)) + line.quantity
    ids = [pk for pk in merged if _whole(pk)]
    query = Variant.objects.filter(pk__in=ids, product__is_published=True)
    if variants is None:
        published = set(query.values_list("pk", flat=True))
    else:
        query = query.select_related("product", "artisan")
        if priced_at is not None:
            variant_column = f"{Variant._meta.db_table}.{Variant._meta.pk.column}"
            query = query.annotate(price_then=variant_price_at(priced_at, variant_column=variant_column))
        variants.update((variant.pk, variant) for variant in query)
        published = set(variants)
    for variant_id in merged:
        if variant_id not in published:
            raise NotFound(_("找不到此商品。"), field="lines", params={"variantId": variant_id})
    return merged


def _check_quantities(wanted: dict[int, int]) -> None:
    """Each quantity within the limit and available at some active location (where it is held is
    decided with the delivery; the reservation at payment is the real check)."""
    available = most_available_online(variant_ids=list(wanted))
    for variant_id, quantity in wanted.items():
        params = {"variantId": variant_id}
        if quantity > QUANTITY_MAX:
            raise ValidationFailed(
                _("数量必须是 1 到 %(max)d 之间的整数。") % {"max": QUANTITY_MAX},
                field="lines",
                params=params,
            )
        most = available.get(variant_id, 0)
        if quantity > most:
            raise InsufficientStock(
                _("库存不足：只剩 %(available)d 件。") % {"available": most},
                field="lines",
                params={**params, "available": most},
            )


def checkout_key(checkout: Checkout | None, token) -> dict:
    """The lookup of a service's checkout: the instance's row, or the row behind a token (read only
    when it is locked, which saves the caller a read of its own; Checkout.DoesNotExist if none)."""
    if checkout is not None:
        return {"pk": checkout.pk}
    if token is None:
        raise Checkout.DoesNotExist
    return {"token": token}


def _lock(checkout: Checkout | None, token=None) -> Checkout:
    """The checkout's row, locked, refused unless it can still be changed."""
    locked = checkout_read(checkout_key(checkout, token), lock=True)
    if locked.status not in EDITABLE:
        raise InvalidState(
            _("此订单已结算，不能再修改。"), field="checkout", params={"status": locked.status}
        )
    return locked


def _reopen(checkout: Checkout) -> None:
    """A changed basket: the reservation goes and the checkout has to be paid again."""
    if checkout.status == Checkout.Status.AWAITING_PAYMENT:
        stock_holds_release(reference=reservation_reference(checkout))
        checkout.status = Checkout.Status.OPEN
        checkout.reserved_until = None


def _write_lines(checkout: Checkout, quantities: dict[int, int]) -> None:
    current = {line.variant_id: line for line in checkout.lines.all()}
    for variant_id, quantity in quantities.items():
        line = current.get(variant_id)
        if quantity == 0:
            if line is not None:
                line.delete()
        elif line is None:
            CheckoutLine.objects.create(checkout=checkout, variant_id=variant_id, quantity=quantity)
        elif line.quantity != quantity:
            line.quantity = quantity
            line.save(update_fields=["quantity"])


# --- writes ---


@transaction.atomic
def checkout_create(
    *,
    lines: Sequence[CheckoutLineInput] = (),
    email: str = "",
    phone: str = "",
    language: str = "",
    attributed_location: Location | None = None,
    attributed_operator_id: int | None = None,
    campaign: Campaign | None = None,
) -> Checkout:
    """A new checkout with these lines (each variant once, quantities added up) and contact."""
    variants: dict[int, Variant] = {}
    now = timezone.now()
    wanted = _clean_lines(lines, allow_zero=False, variants=variants, priced_at=now)
    checkout_pieces_check(wanted)
    _check_quantities(wanted)
    email = _clean_email(email) if email else ""
    phone = _clean_phone(phone) if phone else ""
    checkout = Checkout(email=email, phone=phone, language=_clean_language(language))
    _attribute(checkout, attributed_location, attributed_operator_id, campaign)
    checkout.save(force_insert=True)
    # A new checkout has no lines yet: one INSERT for them all, and its totals from what is in hand.
    created = CheckoutLine.objects.bulk_create(
        [
            CheckoutLine(checkout=checkout, variant=variants[variant_id], quantity=quantity)
            for variant_id, quantity in wanted.items()
        ]
    )
    # price_then: annotated on each variant by _clean_lines's query.
    prices = {pk: variant.price_then for pk, variant in variants.items() if variant.price_then is not None}  # type: ignore[attr-defined]
    checkout_totals_remember(checkout, created, when=now, prices=prices)
    return checkout


@transaction.atomic
def checkout_lines_add(
    *, checkout: Checkout | None = None, token=None, lines: Sequence[CheckoutLineInput]
) -> Checkout:
    """Add these quantities to what the checkout already has (the checkout given, or the one behind token)."""
    added = _clean_lines(lines, allow_zero=False)
    locked = _lock(checkout, token)
    current = dict(locked.lines.values_list("variant_id", "quantity"))
    wanted = {variant_id: current.get(variant_id, 0) + quantity for variant_id, quantity in added.items()}
    checkout_pieces_check({**current, **wanted})
    _reopen(locked)  # first, so that its own reservation does not count against it
    _check_quantities(wanted)
    _write_lines(locked, wanted)
    locked.save()
    return locked


@transaction.atomic
def checkout_lines_update(
    *, checkout: Checkout | None = None, token=None, lines: Sequence[CheckoutLineInput]
) -> Checkout:
    """Set these quantities; 0 removes the line (the checkout given, or the one behind token)."""
    wanted = _clean_lines(lines, allow_zero=True)
    locked = _lock(checkout, token)
    checkout_pieces_check({**dict(locked.lines.values_list("variant_id", "quantity")), **wanted})
    _reopen(locked)  # first, so that its own reservation does not count against it
    _check_quantities({variant_id: quantity for variant_id, quantity in wanted.items() if quantity})
    _write_lines(locked, wanted)
    locked.save()
    return locked


@transaction.atomic
def checkout_contact_update(*, checkout: Checkout, email: str, phone: str) -> Checkout:
    """A phone number or an email address, at least one: where the order's news goes."""
    email = _clean_email(email) if (email or "").strip() else ""
    phone = _clean_phone(phone) if (phone or "").strip() else ""
    if not email and not phone:
        raise ValidationFailed(_("请填写手机号或邮箱，至少一项。"), field="phone")
    locked = _lock(checkout)
    locked.email, locked.phone = email, phone
    locked.save(update_fields=["email", "phone", "updated_at"])
    return locked


@transaction.atomic
def checkout_delivery_update(
    *,
    checkout: Checkout | None = None,
    token=None,
    method: str,
    shipping_region: ShippingRegion | None = None,
    recipient_name: str = "",
    shipping_address: str = "",
    pickup_location: Location | None = None,
) -> Checkout:
    """Ship to an address in an active region, or pick up at an active cart (active as the caller
    read them, just before). The checkout: the instance, or the one behind token
    (Checkout.DoesNotExist if none)."""
    recipient_name, shipping_address = (recipient_name or "").strip(), (shipping_address or "").strip()
    if method == Order.Delivery.SHIPPING:
        # As the caller read it (the region's row is not locked: reading it again here would prove
        # no more than the caller's read a moment before, and cost a statement every time).
        if shipping_region is None or not shipping_region.active:
            raise ValidationFailed(_("请选择可配送的地区。"), field="shippingRegion")
        if not recipient_name or len(recipient_name) > 100:
            raise ValidationFailed(_("请填写收件人（不超过 100 个字）。"), field="recipientName")
        if not shipping_address or len(shipping_address) > 500:
            raise ValidationFailed(_("请填写收货地址（不超过 500 个字）。"), field="shippingAddress")
        pickup_location = None
    elif method == Order.Delivery.PICKUP:
        if (
            pickup_location is None
            or pickup_location.kind != Location.Kind.CART
            or not pickup_location.is_active
        ):
            raise ValidationFailed(_("请选择营业中的零售车自提。"), field="pickupLocation")
        shipping_region, recipient_name, shipping_address = None, "", ""
    else:
        raise ValidationFailed(_("请选择快递或自提。"), field="deliveryMethod")
    locked = _lock(checkout, token)
    _reopen(locked)
    locked.delivery_method = method
    locked.shipping_region = shipping_region
    locked.recipient_name, locked.shipping_address = recipient_name, shipping_address
    locked.pickup_location = pickup_location
    locked.save(update_fields=[*_DELIVERY_FIELDS, "status", "reserved_until", "updated_at"])
    return locked


def _attribute(checkout: Checkout, location, operator_user_id, campaign) -> None:
    if location is not None and location.kind != Location.Kind.CART:
        raise ValidationFailed(_("只能归属到零售车。"), field="location")
    if campaign is not None and location is None:
        location = campaign.attributed_location
    checkout.attributed_location = location
    checkout.attributed_operator_id = operator_user_id
    checkout.campaign = campaign


@transaction.atomic
def checkout_attribution_set(
    *,
    checkout: Checkout,
    location: Location | None = None,
    operator_user_id: int | None = None,
    campaign: Campaign | None = None,
) -> Checkout:
    """The cart (and its operator) or campaign the sale is credited to (a scanned QR code, a link)."""
    locked = _lock(checkout)
    _attribute(locked, location, operator_user_id, campaign)
    locked.save(update_fields=["attributed_location", "attributed_operator", "campaign", "updated_at"])
    return locked


# --- reads used by the writes above and by the pages ---


def checkout_source_location(checkout: Checkout) -> Location | None:
    """Where the pieces leave from: the chosen cart for pickup, the base for shipping."""
    if checkout.delivery_method == Order.Delivery.PICKUP:
        return checkout.pickup_location
    if checkout.delivery_method == Order.Delivery.SHIPPING:
        return base_location()
    return None


from orders.services.checkout_completion import (  # noqa: E402  (the same contract, split by size)
    checkout_complete,
    checkout_complete_for_payment,
    checkout_payment_create,
    checkouts_expire,
)

__all__ = [
    "CheckoutLineInput",
    "CheckoutTotals",
    "CheckoutTotalsLine",
    "checkout_attribution_set",
    "checkout_complete",
    "checkout_complete_for_payment",
    "checkout_contact_update",
    "checkout_create",
    "checkout_delivery_update",
    "checkout_lines_add",
    "checkout_lines_update",
    "checkout_payment_create",
    "checkout_source_location",
    "checkout_totals",
    "checkout_totals_known",
    "checkout_totals_of",
    "checkouts_expire",
]
