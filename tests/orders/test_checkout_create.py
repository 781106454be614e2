"""A tourist fills her basket: lines, contact, delivery. Bad input is refused with the field it is
about and writes nothing; a changed basket waiting for its payment gives up its reservation."""

import pytest

from core.errors import InsufficientStock, InvalidState, NotFound, ValidationFailed
from inventory.models import Location
from orders.models import Checkout, CheckoutLine, ShippingRegion
from orders.services import (
    CheckoutLineInput,
    checkout_attribution_set,
    checkout_contact_update,
    checkout_create,
    checkout_delivery_update,
    checkout_lines_add,
    checkout_lines_update,
    checkout_totals,
)
from tests import factories

pytestmark = pytest.mark.django_db


def lines_of(checkout) -> list[tuple[str, int]]:
    return list(checkout.lines.order_by("pk").values_list("variant__sku", "quantity"))


def written() -> tuple[int, int]:
    return Checkout.objects.count(), CheckoutLine.objects.count()


def test_a_checkout_holds_its_lines_contact_and_totals(base_stocked, robe, purse, region):
    # when
    checkout = checkout_create(
        lines=[CheckoutLineInput(robe.pk, 1), CheckoutLineInput(purse.pk, 2), CheckoutLineInput(purse.pk, 1)],
        email=" tourist@example.com ",
        phone="+86 138-0000-0000",
        language="en",
    )
    checkout = checkout_delivery_update(
        checkout=checkout,
        method="shipping",
        shipping_region=region,
        recipient_name="李华",
        shipping_address="西宁",
    )

    # then
    stored = Checkout.objects.get()
    assert (stored.status, stored.email, stored.phone, stored.language) == (
        "open",
        "tourist@example.com",
        "+86 138-0000-0000",
        "en",
    )
    assert lines_of(stored) == [("ROBE-M", 1), ("PURSE-RED", 3)]
    totals = checkout_totals(stored)
    assert (totals.subtotal_fen, totals.shipping_fen, totals.total_fen) == (128000 + 3 * 9800, 1200, 158600)
    assert [(line.variant.sku, line.unit_price_fen, line.total_fen) for line in totals.lines] == [
        ("ROBE-M", 128000, 128000),
        ("PURSE-RED", 9800, 29400),
    ]


def test_lines_are_added_to_and_set(base_stocked, robe, purse):
    checkout = checkout_create(lines=[CheckoutLineInput(purse.pk, 1)])

    checkout_lines_add(
        checkout=checkout, lines=[CheckoutLineInput(purse.pk, 2), CheckoutLineInput(robe.pk, 1)]
    )
    assert lines_of(checkout) == [("PURSE-RED", 3), ("ROBE-M", 1)]

    checkout_lines_update(
        checkout=checkout, lines=[CheckoutLineInput(purse.pk, 0), CheckoutLineInput(robe.pk, 2)]
    )
    assert lines_of(checkout) == [("ROBE-M", 2)]


@pytest.mark.parametrize(
    ("email", "phone", "field"),
    [
        ("not-an-email", "13800000000", "email"),
        ("a@example.com", "12345", "phone"),
        ("a@example.com", "138 0000 abcd", "phone"),
        ("a@example.com", "1" * 21, "phone"),
        ("", "", "phone"),
        (" ", "  ", "phone"),
    ],
)
def test_bad_contact_is_refused(base_stocked, purse, email, phone, field):
    checkout = checkout_create(lines=[CheckoutLineInput(purse.pk, 1)])

    with pytest.raises(ValidationFailed) as error:
        checkout_contact_update(checkout=checkout, email=email, phone=phone)

    assert error.value.field == field
    assert Checkout.objects.values_list("email", "phone").get() == ("", "")


@pytest.mark.parametrize(("email", "phone"), [("", "138 0000 0000"), ("a@example.com", "")])
def test_a_phone_or_an_email_alone_is_enough(base_stocked, purse, email, phone):
    checkout = checkout_create(lines=[CheckoutLineInput(purse.pk, 1)])

    checkout_contact_update(checkout=checkout, email=email, phone=phone)

    assert Checkout.objects.values_list("email", "phone").get() == (email, phone)


@pytest.mark.parametrize("quantity", [0, -1, 100, 1.5, True, "2"])
def test_a_bad_quantity_is_refused_and_nothing_is_written(base_stocked, purse, quantity):
    with pytest.raises(ValidationFailed) as error:
        checkout_create(lines=[CheckoutLineInput(purse.pk, quantity)])

    assert (error.value.field, error.value.code) == ("lines", "INVALID")
    assert written() == (0, 0)


def test_an_unknown_or_unpublished_variant_is_not_found(base_stocked, purse):
    hidden = factories.VariantFactory(sku="HIDDEN", product__is_published=False)

    for variant_id in (hidden.pk, 999999):
        with pytest.raises(NotFound) as error:
            checkout_create(lines=[CheckoutLineInput(variant_id, 1)])
        assert (error.value.field, error.value.params) == ("lines", {"variantId": variant_id})
    assert written() == (0, 0)


def test_more_than_any_location_has_is_insufficient_stock(base_stocked, stocked, robe):
    # two robes at the base, two at the cart: never three in one place
    with pytest.raises(InsufficientStock) as error:
        checkout_create(lines=[CheckoutLineInput(robe.pk, 3)])

    assert (error.value.code, error.value.params) == (
        "INSUFFICIENT_STOCK",
        {"variantId": robe.pk, "available": 2},
    )
    assert written() == (0, 0)


def test_delivery_needs_an_active_region_or_an_active_cart(base_stocked, purse, region, cart_location, base):
    checkout = checkout_create(lines=[CheckoutLineInput(purse.pk, 1)])
    closed = ShippingRegion.objects.create(code="tibet", name_zh="西藏", price_fen=3000, active=False)
    parked = factories.LocationFactory(code="parked", kind=Location.Kind.CART, is_active=False)
    cases = [
        (
            {
                "method": "shipping",
                "shipping_region": closed,
                "recipient_name": "李",
                "shipping_address": "x",
            },
            "shippingRegion",
        ),
        (
            {"method": "shipping", "shipping_region": region, "recipient_name": "", "shipping_address": "x"},
            "recipientName",
        ),
        (
            {
                "method": "shipping",
                "shipping_region": region,
                "recipient_name": "李",
                "shipping_address": " ",
            },
            "shippingAddress",
        ),
        ({"method": "pickup", "pickup_location": base}, "pickupLocation"),
        ({"method": "pickup", "pickup_location": parked}, "pickupLocation"),
        ({"method": "pickup"}, "pickupLocation"),
        ({"method": "drone"}, "deliveryMethod"),
    ]
    for arguments, field in cases:
        with pytest.raises(ValidationFailed) as error:
            checkout_delivery_update(checkout=checkout, **arguments)
        assert error.value.field == field
    stored = Checkout.objects.get()
    assert (stored.delivery_method, stored.shipping_region_id, stored.pickup_location_id) == ("", None, None)

    checkout_delivery_update(checkout=checkout, method="pickup", pickup_location=cart_location)
    stored = Checkout.objects.get()
    assert (stored.delivery_method, stored.pickup_location) == ("pickup", cart_location)


def test_attribution_credits_a_cart_and_a_campaign_its_cart(base_stocked, purse, cart_location, seller):
    from orders.models import Campaign

    campaign = Campaign.objects.create(code="live", name="直播", attributed_location=cart_location)
    checkout = checkout_create(lines=[CheckoutLineInput(purse.pk, 1)])

    checkout_attribution_set(checkout=checkout, campaign=campaign)
    assert Checkout.objects.values_list("attributed_location", "campaign").get() == (
        cart_location.pk,
        campaign.pk,
    )

    checkout_attribution_set(checkout=checkout, location=cart_location, operator_user_id=seller.pk)
    assert Checkout.objects.values_list("attributed_location", "attributed_operator", "campaign").get() == (
        cart_location.pk,
        seller.pk,
        None,
    )


def test_a_completed_checkout_cannot_change(base_stocked, purse):
    checkout = checkout_create(lines=[CheckoutLineInput(purse.pk, 1)])
    Checkout.objects.filter(pk=checkout.pk).update(status=Checkout.Status.FAILED)

    with pytest.raises(InvalidState):
        checkout_lines_add(checkout=checkout, lines=[CheckoutLineInput(purse.pk, 1)])

    assert lines_of(checkout) == [("PURSE-RED", 1)]
