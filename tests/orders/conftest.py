"""A cart location with a robe and a purse on its books, and someone who sells them."""

import pytest

from inventory.models import Location
from inventory.services import LineQuantity, intake_create
from tests import factories


@pytest.fixture
def seller(db):
    return factories.UserFactory(username="seller")


@pytest.fixture
def cart_location(db):
    return factories.LocationFactory(code="chaka", kind=Location.Kind.CART, name_zh="茶卡盐湖零售车")


@pytest.fixture
def uren(db):
    return factories.ArtisanFactory(code="uren", name_zh="乌仁")


@pytest.fixture
def robe(uren):
    return factories.VariantFactory(
        sku="ROBE-M",
        price_fen=128000,
        artisan=uren,
        name_zh="M 码",
        product__name_zh="蓝缎蒙古袍",
        product__name_en="Robe",
    )


@pytest.fixture
def purse(uren):
    return factories.VariantFactory(
        sku="PURSE-RED", price_fen=9800, artisan=uren, product__name_zh="刺绣荷包", product__name_en="Purse"
    )


@pytest.fixture
def stocked(cart_location, seller, uren, robe, purse):
    """Two robes and five purses at the cart."""
    intake_create(
        artisan=uren,
        lines=[LineQuantity(robe, 2), LineQuantity(purse, 5)],
        actor=seller,
        location=cart_location,
    )


# --- online checkout: the base's stock, a shipping region, and a tourist's complete checkout ---


@pytest.fixture
def base(db):
    return factories.LocationFactory(
        code="base", kind=Location.Kind.BASE, name_zh="工坊总库", name_en="Workshop store room"
    )


@pytest.fixture
def base_stocked(base, seller, uren, robe, purse):
    """Two robes and five purses at the base."""
    intake_create(
        artisan=uren, lines=[LineQuantity(robe, 2), LineQuantity(purse, 5)], actor=seller, location=base
    )


@pytest.fixture
def region(db):
    from orders.models import ShippingRegion

    return ShippingRegion.objects.create(
        code="qinghai", name_zh="青海省内", name_en="Within Qinghai", price_fen=1200
    )


@pytest.fixture
def make_checkout(region):
    """A checkout ready to pay: these (variant, quantity) lines, contact, shipped to Qinghai (or
    picked up at pickup)."""
    from orders.services import (
        CheckoutLineInput,
        checkout_create,
        checkout_delivery_update,
    )

    def make(lines, *, pickup=None, email="tourist@example.com", language="zh-hans"):
        checkout = checkout_create(
            lines=[CheckoutLineInput(variant.pk, quantity) for variant, quantity in lines],
            email=email,
            phone="+86 138-0000-0000",
            language=language,
        )
        if pickup is not None:
            return checkout_delivery_update(checkout=checkout, method="pickup", pickup_location=pickup)
        return checkout_delivery_update(
            checkout=checkout,
            method="shipping",
            shipping_region=region,
            recipient_name="李华",
            shipping_address="西宁市城中区南大街 1 号",
        )

    return make


@pytest.fixture
def pay(stripe_server):
    """Pay a checkout with the test card, as the demo's button does, and answer its order."""
    from orders.services import checkout_complete, checkout_payment_create
    from payments.services import payment_confirm_test_card

    def pay(checkout):
        payment = checkout_payment_create(checkout=checkout)
        payment_confirm_test_card(payment=payment)
        return checkout_complete(checkout=checkout)

    return pay
