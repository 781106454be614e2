import pytest

from inventory.selectors import stock_at_location


@pytest.mark.django_db
def test_lists_the_levels_at_one_location_by_sku_with_their_joins(
    base, cart, robe, purse, scarf, stock_in, django_assert_num_queries
):
    # given
    stock_in(robe, 2)
    stock_in(scarf, 1)
    stock_in(purse, 4)
    stock_in(purse, 1, location=cart)

    # when
    with django_assert_num_queries(1):
        rows = [
            (level.variant.sku, level.variant.product.name_zh, level.variant.artisan.name_zh, level.quantity)
            for level in stock_at_location(location=base)
        ]

    # then
    assert rows == [
        ("PURSE-RED", "刺绣荷包", "乌仁", 4),
        ("ROBE-M", "蒙古袍", "乌仁", 2),
        ("SCARF-BLUE", "哈达围巾", "卓玛", 1),
    ]


@pytest.mark.django_db
def test_an_empty_location_has_no_rows(cart):
    assert list(stock_at_location(location=cart)) == []
