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
