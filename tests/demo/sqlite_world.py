"""A small world in the embedded demo's SQLite database, built by a subprocess
(`python -m tests.demo.sqlite_world`, with the demo's settings) and described on stdout as JSON:
one cart with its operator and open shift holding a hundred small yaks, fifteen more at the base for
tourists' online orders, and a shipping region.
"""

import json
import os
import sys

import django

CART_STOCK = 100
BASE_STOCK = 15


def build() -> dict:
    from api.core.tokens import token_for
    from inventory.services import LineQuantity, intake_create
    from orders.models import ShippingRegion
    from tests import factories
    from tests.api.conftest import gid
    from tests.api.pos_helpers import open_shift, stock_cart

    staff = factories.StaffFactory(username="sqlite-staff")
    maker = factories.ArtisanFactory(code="urna", name_zh="乌仁娜", name_latin="Urna")
    factories.AgreementFactory(artisan=maker)
    product = factories.ProductFactory(slug="felt-yak", name_zh="毡制牦牛", name_en="Felt yak")
    variant = factories.VariantFactory(product=product, sku="YAK-S", price_fen=12800, artisan=maker)
    factories.LocationFactory(code="base", kind="base", name_zh="工坊总库", name_en="Base")
    intake_create(artisan=maker, lines=[LineQuantity(variant=variant, quantity=BASE_STOCK)], actor=staff)
    region = ShippingRegion.objects.create(
        code="qinghai", name_zh="青海省内", name_en="Qinghai", price_fen=1200
    )
    cart = factories.CartFactory(code="chaka", location__code="cart-chaka")
    operator = factories.OperatorFactory(user__username="op-chaka", carts=[cart])
    shift = open_shift(cart, operator)
    stock_cart(cart, [variant], CART_STOCK, actor=staff)
    return {
        "operator_token": token_for(operator.user),
        "shift": gid("Shift", shift),
        "variant_id": gid("ProductVariant", variant),
        "shipping_region": gid("ShippingRegion", region),
        "cart_stock": CART_STOCK,
        "base_stock": BASE_STOCK,
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    json.dump(build(), sys.stdout)
