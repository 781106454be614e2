"""A small world for stock tests: the base, a cart, one artisan's robe and purse, another artisan's scarf."""

import pytest

from inventory.models import Location
from inventory.services import LineQuantity, intake_create
from tests import factories


@pytest.fixture
def actor(db):
    return factories.UserFactory(username="keeper")


@pytest.fixture
def base(db):
    return factories.LocationFactory(
        code="base", kind=Location.Kind.BASE, name_zh="工坊总库", name_en="Workshop store room"
    )


@pytest.fixture
def cart(db):
    return factories.LocationFactory(
        code="cart-chaka", kind=Location.Kind.CART, name_zh="茶卡盐湖零售车", name_en="Chaka Salt Lake cart"
    )


@pytest.fixture
def artisan(db):
    return factories.ArtisanFactory(code="uren", name_zh="乌仁", name_latin="Uren")


@pytest.fixture
def robe(artisan):
    return factories.VariantFactory(
        sku="ROBE-M", price_fen=128000, artisan=artisan, product__name_zh="蒙古袍", product__name_en="Robe"
    )


@pytest.fixture
def purse(artisan):
    return factories.VariantFactory(
        sku="PURSE-RED",
        price_fen=9800,
        artisan=artisan,
        product__name_zh="刺绣荷包",
        product__name_en="Purse",
    )


@pytest.fixture
def scarf(db):
    other = factories.ArtisanFactory(code="dolma", name_zh="卓玛", name_latin="Dolma")
    return factories.VariantFactory(
        sku="SCARF-BLUE", price_fen=6600, artisan=other, product__name_zh="哈达围巾", product__name_en="Scarf"
    )


@pytest.fixture
def stock_in(actor, base):
    """Put pieces at a location the only way stock ever arrives: an intake."""

    def stock_in(variant, quantity, location=None):
        return intake_create(
            artisan=variant.artisan,
            lines=[LineQuantity(variant, quantity)],
            actor=actor,
            location=location or base,
        )

    return stock_in
