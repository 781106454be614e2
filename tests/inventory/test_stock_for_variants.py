import pytest

from inventory.selectors import stock_for_variants
from tests import factories


@pytest.mark.django_db
def test_where_each_variant_sits_base_first(
    base, cart, robe, purse, scarf, stock_in, django_assert_num_queries
):
    # given
    other_cart = factories.LocationFactory(code="cart-aaa", kind="cart")
    stock_in(robe, 2)
    stock_in(robe, 1, location=cart)
    stock_in(robe, 3, location=other_cart)
    stock_in(purse, 4)
    stock_in(scarf, 6)

    # when
    with django_assert_num_queries(1):
        rows = [
            (level.variant.sku, level.location.code, level.quantity)
            for level in stock_for_variants(variants=[robe, purse])
        ]

    # then
    assert rows == [
        ("PURSE-RED", "base", 4),
        ("ROBE-M", "base", 2),
        ("ROBE-M", "cart-aaa", 3),
        ("ROBE-M", "cart-chaka", 1),
    ]
