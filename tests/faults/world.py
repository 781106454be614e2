"""The world of the fault tests, built inside the throwaway database by a subprocess
(`python -m tests.faults.world`, DATABASE_URL pointing at it) and described on stdout as JSON.

Three carts, each with its operator, an open shift and a thousand pieces of each of two yaks, for the
three faults that sell at a cart; thirty artisans with a sale each posted a month before, whose
balances are due, for the payout run; a staff token; a login link for the yaks' maker.
"""

import datetime
import json
import os
import sys

import django

PAYOUT_ARTISANS = 30
PAYOUT_SALE_FEN = 20_000
CART_STOCK = 1000
BASE_STOCK = 20
CARTS = ("pg", "redis", "worker", "outbox")


def build() -> dict:
    from api.core.tokens import token_for
    from artisans.services import artisan_login_link_create
    from inventory.services import LineQuantity, intake_create
    from ledger.models import Channel
    from ledger.services import SaleLine, sale_lines_post
    from orders.models import ShippingRegion
    from tests import factories
    from tests.api.conftest import gid
    from tests.api.pos_helpers import open_shift, stock_cart

    staff = factories.StaffFactory(username="faults-staff")
    maker = factories.ArtisanFactory(code="urna", name_zh="乌仁娜", name_latin="Urna")
    maker.user = factories.UserFactory(username="urna")
    maker.save(update_fields=["user"])
    factories.AgreementFactory(artisan=maker)
    product = factories.ProductFactory(slug="felt-yak", name_zh="毡制牦牛", name_en="Felt yak")
    variants = [
        factories.VariantFactory(product=product, sku="YAK-S", price_fen=12800, artisan=maker),
        factories.VariantFactory(product=product, sku="YAK-L", price_fen=25600, artisan=maker, sort_order=1),
    ]
    # Pieces at the base, for a tourist's online order shipped within Qinghai.
    factories.LocationFactory(code="base", kind="base", name_zh="工坊总库", name_en="Base")
    intake_create(
        artisan=maker, lines=[LineQuantity(variant=v, quantity=BASE_STOCK) for v in variants], actor=staff
    )
    region = ShippingRegion.objects.create(
        code="qinghai", name_zh="青海省内", name_en="Qinghai", price_fen=1200
    )
    carts = {}
    for code in CARTS:
        cart = factories.CartFactory(code=code, location__code=f"cart-{code}")
        operator = factories.OperatorFactory(user__username=f"op-{code}", carts=[cart])
        shift = open_shift(cart, operator)
        stock_cart(cart, variants, CART_STOCK, actor=staff)
        carts[code] = {
            "token": token_for(operator.user),
            "shift": gid("Shift", shift),
            "location_id": cart.location_id,
        }

    # A sale of hers a month back: her payable account exists and holds a due balance.
    month_ago = datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)
    site_cart = factories.LocationFactory(code="cart-old", kind="cart")
    payees = [maker] + [
        factories.AgreementFactory(artisan__code=f"payee-{n:02d}").artisan for n in range(PAYOUT_ARTISANS)
    ]
    sale_lines_post(
        lines=[
            SaleLine(
                reference=f"OLD/{artisan.code}",
                occurred_at=month_ago,
                artisan_id=artisan.pk,
                product_id=product.pk,
                paid_fen=PAYOUT_SALE_FEN,
                channel=Channel.CART,
                location_id=site_cart.pk,
                operator_user_id=None,
            )
            for artisan in payees
        ]
    )
    return {
        "staff_token": token_for(staff),
        "carts": carts,
        "variants": {variant.sku: variant.pk for variant in variants},
        "maker_id": maker.pk,
        "payee_ids": [artisan.pk for artisan in payees],
        "portal_link": artisan_login_link_create(artisan=maker),
        "shipping_region": gid("ShippingRegion", region),
        "variant_ids": {variant.sku: gid("ProductVariant", variant) for variant in variants},
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    json.dump(build(), sys.stdout)
