"""A small point-of-sale world: the base, the Chaka cart (and the Emerald Lake one), three products made
through product_create (so they have a price history), stock at Chaka, its operator and an open shift."""

import datetime

import pytest
from django.utils import timezone

from carts.services import cart_create, operator_create, shift_open
from catalog.services import VariantInput, product_create
from inventory.models import Location
from inventory.services import LineQuantity, intake_create, location_create
from tests import factories


@pytest.fixture(autouse=True)
def fast_hashers(settings):
    """PINs and passwords are hashed like passwords; the slow hasher proves nothing here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def keeper(db):
    return factories.UserFactory(username="keeper")


@pytest.fixture
def base(db):
    return location_create(code="base", kind=Location.Kind.BASE, name_zh="工坊总库", name_en="Store room")


@pytest.fixture
def cart(db):
    site = factories.SiteFactory(code="chaka", name_zh="茶卡盐湖")
    return cart_create(code="chaka", name_zh="茶卡盐湖零售车", name_en="Chaka cart", site=site)


@pytest.fixture
def other_cart(db):
    site = factories.SiteFactory(code="feicui", name_zh="翡翠湖")
    return cart_create(code="feicui", name_zh="翡翠湖零售车", name_en="Emerald Lake cart", site=site)


@pytest.fixture
def uren(db):
    return factories.ArtisanFactory(code="uren", name_zh="乌仁", name_latin="Uren")


@pytest.fixture
def category(db):
    return factories.CategoryFactory(slug="costume", name_zh="民族服饰", name_en="Costume", sort_order=10)


def _product(slug, name_zh, name_en, sku, price_fen, artisan, category, variant_zh=""):
    product = product_create(
        slug=slug,
        name_zh=name_zh,
        name_en=name_en,
        category=category,
        variants=[VariantInput(sku=sku, price_fen=price_fen, artisan=artisan, name_zh=variant_zh)],
    )
    return product.variants.get()


@pytest.fixture
def robe(uren, category):
    return _product("robe", "蓝缎蒙古袍", "Blue satin robe", "ROBE-M", 128000, uren, category, "M 码")


@pytest.fixture
def purse(uren, category):
    return _product("purse", "刺绣荷包", "Embroidered purse", "PURSE-RED", 9800, uren, category, "红色")


@pytest.fixture
def scarf(uren, category):
    return _product("scarf", "哈达围巾", "Khata scarf", "SCARF-BLUE", 6600, uren, category)


@pytest.fixture
def stocked(cart, keeper, uren, robe, purse, scarf):
    """At Chaka: 2 robes, 5 purses, 10 scarves."""
    intake_create(
        artisan=uren,
        lines=[LineQuantity(robe, 2), LineQuantity(purse, 5), LineQuantity(scarf, 10)],
        actor=keeper,
        location=cart.location,
    )
    return {"robe": robe, "purse": purse, "scarf": scarf}


@pytest.fixture
def operator(cart):
    return operator_create(username="op-chaka", password="gongfang-op", display_name="韩梅", carts=[cart])


@pytest.fixture
def shift(cart, operator):
    # Opened two hours ago: the sales of the tests happen within it (a device time outside its shift
    # is flagged and held).
    return shift_open(
        cart=cart,
        operator=operator,
        device_id="tablet-7f3a",
        opening_cash_fen=20000,
        opened_at=timezone.now() - datetime.timedelta(hours=2),
    )
