"""A small world for the API tests and `gql`, which posts a query to /graphql/ as a given caller."""

import json
import uuid

import pytest
from graphql_relay import to_global_id

from api.core.tokens import token_for
from inventory.models import Location
from inventory.services import LineQuantity, ReceivedLine, intake_create, transfer_create, transfer_receive
from tests import factories


class Result(dict):
    """The JSON body of a response, with its HTTP status."""

    status: int


@pytest.fixture
def gql(client):
    def run(query, variables=None, token=None, **headers):
        if token is not None:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        response = client.post(
            "/graphql/",
            data=json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            **headers,
        )
        result = Result(response.json())
        result.status = response.status_code
        return result

    return run


def gid(type_name: str, obj) -> str:
    return to_global_id(type_name, obj.pk)


def error_codes(result) -> list[str]:
    """The codes of a response's GraphQL errors (not a payload's typed errors)."""
    return [error.get("extensions", {}).get("code") for error in result.get("errors", [])]


@pytest.fixture
def staff_token(staff):
    return token_for(staff)


@pytest.fixture
def base(db):
    return factories.LocationFactory(code="base", kind=Location.Kind.BASE, name_zh="工坊总库", name_en="Base")


@pytest.fixture
def cart(db):
    return factories.CartFactory(
        code="chaka",
        name_zh="茶卡一号车",
        name_en="Chaka 1",
        location__code="cart-chaka",
        location__name_zh="茶卡盐湖车",
        location__name_en="Chaka cart",
    )


@pytest.fixture
def other_cart(db):
    return factories.CartFactory(
        code="feicui",
        location__code="cart-feicui",
        location__name_zh="翡翠湖车",
        location__name_en="Emerald cart",
    )


@pytest.fixture
def operator(cart):
    return factories.OperatorFactory(user__username="op-chaka", carts=[cart])


@pytest.fixture
def operator_token(operator):
    return token_for(operator.user)


@pytest.fixture
def artisan(db):
    return factories.ArtisanFactory(
        code="urna",
        name_zh="乌仁娜",
        name_latin="Urna",
        craft_zh="蒙古族服饰",
        craft_en="Mongolian costume",
        phone="13800000001",
        heritage_inheritor=True,
    )


@pytest.fixture
def artisan_user(artisan):
    user = factories.UserFactory(username="urna")
    artisan.user = user
    artisan.save(update_fields=["user"])
    return user


@pytest.fixture
def artisan_token(artisan_user):
    return token_for(artisan_user)


@pytest.fixture
def category(db):
    return factories.CategoryFactory(slug="felt", name_zh="毡艺", name_en="Felt")


@pytest.fixture
def product(category, artisan):
    product = factories.ProductFactory(
        slug="felt-yak", name_zh="毡制牦牛", name_en="Felt yak", category=category
    )
    factories.VariantFactory(
        product=product, sku="YAK-S", name_zh="小号", name_en="Small", price_fen=12800, artisan=artisan
    )
    factories.VariantFactory(
        product=product,
        sku="YAK-L",
        name_zh="大号",
        name_en="Large",
        price_fen=25600,
        artisan=artisan,
        sort_order=1,
    )
    return product


@pytest.fixture
def stocked(product, base, cart, staff):
    """5 small and 2 large yaks taken in at the base; 2 small sent on to the Chaka cart and received:
    the base holds 3 small and 2 large, the cart 2 small."""
    small, large = product.variants.order_by("sort_order")
    intake_create(
        artisan=small.artisan,
        lines=[LineQuantity(variant=small, quantity=5), LineQuantity(variant=large, quantity=2)],
        actor=staff,
    )
    transfer = transfer_create(
        source=base, destination=cart.location, lines=[LineQuantity(variant=small, quantity=2)], actor=staff
    )
    transfer_receive(transfer=transfer, lines=[ReceivedLine(variant=small, quantity_received=2)], actor=staff)
    return small, large


def attach_image(product, *, name: str, thumbnails: dict | None = None, alt_zh: str = "", alt_en: str = ""):
    """An image row for product (no file is read: width and height are given)."""
    from catalog.models import ProductImage
    from media.models import Image

    image = Image.objects.create(
        file=f"images/{name}.jpg",
        width=800,
        height=600,
        sha256=name.ljust(64, "0"),
        alt_zh=alt_zh,
        alt_en=alt_en,
        thumbnails=thumbnails or {},
    )
    ProductImage.objects.create(product=product, image=image, sort_order=product.images.count())
    return image


def row_counts(*models) -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in models}


DENIED = [{"field": None, "code": "PERMISSION_DENIED", "message": "没有权限执行此操作。"}]


def on_hand(variant, location) -> int:
    from inventory.models import StockLevel

    level = StockLevel.objects.filter(variant=variant, location=location).first()
    return level.quantity if level else 0


def fields_and_codes(payload) -> list[tuple]:
    return [(error["field"], error["code"]) for error in payload["errors"]]


@pytest.fixture
def shipping_region(db):
    from orders.models import ShippingRegion

    return ShippingRegion.objects.create(
        code="qinghai", name_zh="青海省内", name_en="Qinghai", price_fen=1200
    )


@pytest.fixture(autouse=True)
def _fresh_response_cache(settings):
    """Each test has a response cache of its own (in memory: the suite's processes share VAR_DIR)
    and reads the catalogue version anew."""
    from api.core import response_cache

    # The response cache takes its backend from CACHES by alias; a LocMemCache of a new name is a
    # new, empty cache.
    settings.CACHES = {
        **settings.CACHES,
        response_cache.CACHE_ALIAS: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"api-responses-{uuid.uuid4()}",
        },
    }
    response_cache.catalogue_version.forget()
    yield
    response_cache.catalogue_version.forget()
