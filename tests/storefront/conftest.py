"""A small shop: the base and the Chaka cart (with its operator), one maker with her story and
photo, an embroidered purse in two colours (at the base and on the cart), a salt carving only on the
cart, shipping regions and a campaign link."""

import pytest

from carts.services import cart_create, operator_create
from catalog.services import VariantInput, product_create
from inventory.models import Location
from inventory.services import LineQuantity, intake_create, location_create
from media.services import image_create, image_make_thumbnails
from orders.models import Campaign, ShippingRegion
from tests import factories
from tests.media.images import jpeg_bytes, upload
from tests.pos.conftest import chromium, screenshot_dir  # noqa: F401 (the browser fixtures)


def picture(name: str):
    image = image_create(upload=upload(jpeg_bytes(900, 900), name))
    return image_make_thumbnails(image=image)


@pytest.fixture
def shop(db):
    base = location_create(code="base", kind=Location.Kind.BASE, name_zh="工坊总库", name_en="Base")
    site = factories.SiteFactory(code="chaka", name_zh="茶卡盐湖", name_en="Chaka Salt Lake")
    cart = cart_create(code="chaka", name_zh="茶卡盐湖零售车", name_en="Chaka Salt Lake cart", site=site)
    operator = operator_create(
        username="op-chaka", password="gongfang-op-2026", display_name="韩梅", carts=[cart]
    )
    maker = factories.ArtisanFactory(
        code="uren",
        name_zh="乌仁",
        name_latin="Uren",
        craft_zh="蒙古族刺绣",
        craft_en="Mongolian embroidery",
        story_zh="乌仁从小跟着奶奶学刺绣。",
        story_en="Uren learned embroidery from her grandmother.",
        heritage_inheritor=True,
        photo=picture("uren.jpg"),
    )
    category = factories.CategoryFactory(slug="embroidery", name_zh="刺绣", name_en="Embroidery")
    purse = product_create(
        slug="embroidered-purse",
        name_zh="刺绣荷包",
        name_en="Embroidered purse",
        description_zh="手工刺绣的荷包。",
        description_en="A hand-embroidered purse.",
        category=category,
        variants=[
            VariantInput(sku="PURSE-RED", price_fen=9800, artisan=maker, name_zh="红色", name_en="Red"),
            VariantInput(sku="PURSE-BLUE", price_fen=9800, artisan=maker, name_zh="蓝色", name_en="Blue"),
        ],
        images=[picture("purse-1.jpg"), picture("purse-2.jpg")],
    )
    horse = product_create(
        slug="salt-horse",
        name_zh="盐雕奔马",
        name_en="Galloping horse in salt",
        category=category,
        variants=[VariantInput(sku="SALT-HORSE", price_fen=68000, artisan=maker)],
        images=[picture("horse.jpg")],
    )
    red, blue = (
        purse.variants.order_by("sort_order", "sku").get(sku="PURSE-RED"),
        purse.variants.get(sku="PURSE-BLUE"),
    )
    salt = horse.variants.get()
    keeper = factories.StaffFactory(username="keeper")
    intake_create(
        artisan=maker, lines=[LineQuantity(red, 5), LineQuantity(blue, 2)], actor=keeper, location=base
    )
    intake_create(
        artisan=maker,
        lines=[LineQuantity(red, 3), LineQuantity(salt, 1)],
        actor=keeper,
        location=cart.location,
    )
    regions = [
        ShippingRegion.objects.create(
            code="qinghai", name_zh="青海省内", name_en="Within Qinghai", price_fen=1000
        ),
        ShippingRegion.objects.create(
            code="other", name_zh="全国其他地区", name_en="Rest of China", price_fen=2200, position=10
        ),
    ]
    campaign = Campaign.objects.create(
        code="douyin-chaka", name="抖音直播 · 茶卡专场", attributed_location=cart.location
    )
    return {
        "base": base,
        "cart": cart,
        "operator": operator,
        "maker": maker,
        "purse": purse,
        "horse": horse,
        "red": red,
        "blue": blue,
        "salt": salt,
        "regions": regions,
        "campaign": campaign,
        "keeper": keeper,
    }


@pytest.fixture
def felt(shop):
    """A second maker, 其木格 (Qimuge), with two felt pieces."""
    qimuge = factories.ArtisanFactory(code="qimuge", name_zh="其木格", name_latin="Qimuge")
    felt = factories.CategoryFactory(slug="felt", name_zh="毛毡", name_en="Felt")
    product_create(
        slug="felt-yak",
        name_zh="毛毡牦牛",
        name_en="Felt yak",
        category=felt,
        variants=[VariantInput(sku="MG02-L", price_fen=16800, artisan=qimuge)],
    )
    product_create(
        slug="felt-slippers",
        name_zh="羊毛毡拖鞋",
        name_en="Wool felt slippers",
        category=felt,
        variants=[VariantInput(sku="MG05-S", price_fen=12800, artisan=qimuge)],
    )
    return qimuge


@pytest.fixture
def english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


@pytest.fixture(autouse=True)
def _empty_cache():
    """Listings are cached; a test never sees another test's grid."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
