"""The tablet's catalogue snapshot: every published variant with its price, thumbnail and what this cart
holds, the cart's own stock first, and a version that changes exactly when the content does."""

import pytest
from django.utils import translation

from carts.selectors import CatalogItem, pos_catalog
from carts.services import pos_sync
from catalog.services import VariantInput, product_create, product_update
from media.services import image_create, image_make_thumbnails
from tests import factories
from tests.carts.pos import DEVICE, line, sale
from tests.media.images import png_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf(stocked, uren, robe):
    """Besides the cart's three: a felt horse (first category, none at this cart), a hidden product, and
    a photo of the robe with its thumbnails made."""
    toys = factories.CategoryFactory(slug="felt", name_zh="毛毡", name_en="Felt", sort_order=1)
    product_create(
        slug="felt-horse",
        name_zh="毛毡小马",
        name_en="Felt horse",
        category=toys,
        variants=[VariantInput(sku="FELT-HORSE", price_fen=4800, artisan=uren)],
    )
    product_create(
        slug="draft",
        name_zh="未上架",
        name_en="Draft",
        category=toys,
        is_published=False,
        variants=[VariantInput(sku="DRAFT-1", price_fen=100, artisan=uren)],
    )
    photo = image_create(upload=upload(png_bytes(320, 240), "robe.png", "image/png"))
    image_make_thumbnails(image=photo)
    product_update(product=robe.product, images=[photo])
    return photo


def test_every_published_variant_what_the_cart_holds_first(cart, shelf, django_assert_num_queries):
    # when
    with django_assert_num_queries(3):
        snapshot = pos_catalog(cart=cart)

    # then
    assert [(item.sku, item.quantity) for item in snapshot.items] == [
        ("PURSE-RED", 5),
        ("ROBE-M", 2),
        ("SCARF-BLUE", 10),
        ("FELT-HORSE", 0),
    ]
    robe = snapshot.items[1]
    assert robe == CatalogItem(
        sku="ROBE-M",
        product_name_zh="蓝缎蒙古袍",
        product_name_en="Blue satin robe",
        variant_name_zh="M 码",
        variant_name_en="",
        price_fen=128000,
        thumbnail_url=shelf.thumbnail_url(160),
        quantity=2,
        category_name_zh="民族服饰",
        category_name_en="Costume",
        reserved=0,
        product_slug="robe",
    )
    assert robe.thumbnail_url.endswith("-160.webp")
    assert snapshot.items[0].thumbnail_url is None
    assert len(snapshot.version) == 64


def test_names_follow_the_readers_language(cart, shelf):
    robe = pos_catalog(cart=cart).items[1]

    with translation.override("en"):
        assert (robe.product_name, robe.variant_name, robe.category_name) == (
            "Blue satin robe",
            "M 码",
            "Costume",
        )
    with translation.override("zh-hans"):
        assert (robe.product_name, robe.category_name) == ("蓝缎蒙古袍", "民族服饰")


def test_the_version_changes_with_the_content_only(cart, shelf, shift, operator, robe):
    # given
    first = pos_catalog(cart=cart)

    # when / then: nothing changed, same version (though made at another time)
    again = pos_catalog(cart=cart)
    assert (again.version, again.generated_at > first.generated_at) == (first.version, True)

    # a sale changes the quantities
    pos_sync(cart=cart, device_id=DEVICE, sales=[sale(1, shift, line(robe))], actor=operator.user)
    after_sale = pos_catalog(cart=cart)
    assert after_sale.version != first.version
    assert after_sale.items[1].quantity == 1

    # a price change changes the price
    product_update(
        product=robe.product, variants=[VariantInput(sku="ROBE-M", price_fen=138000, artisan=robe.artisan)]
    )
    after_price = pos_catalog(cart=cart)
    assert after_price.version != after_sale.version
    assert after_price.items[1].price_fen == 138000


def test_a_cart_that_holds_nothing_lists_everything_at_zero(other_cart, shelf):
    snapshot = pos_catalog(cart=other_cart)

    assert [(item.sku, item.quantity) for item in snapshot.items] == [
        ("FELT-HORSE", 0),
        ("PURSE-RED", 0),
        ("ROBE-M", 0),
        ("SCARF-BLUE", 0),
    ]
