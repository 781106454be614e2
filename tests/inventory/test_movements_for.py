import pytest

from inventory.selectors import movements_for
from inventory.services import LineQuantity, stock_adjust, transfer_create


@pytest.fixture
def history(actor, base, cart, robe, purse, stock_in):
    stock_in(robe, 5)
    stock_in(purse, 2)
    transfer_create(source=base, destination=cart, lines=[LineQuantity(robe, 3)], actor=actor)
    stock_adjust(variant=robe, location=base, quantity=-1, reason="损坏", actor=actor)


def summary(movements):
    return [(m.variant.sku, m.location.code, m.kind, m.quantity) for m in movements]


@pytest.mark.django_db
def test_a_variant_at_a_location_newest_first(history, base, robe, django_assert_num_queries):
    # when
    with django_assert_num_queries(1):
        rows = [
            (m.variant.sku, m.variant.product.name_zh, m.location.code, m.kind, m.quantity, m.actor.username)
            for m in movements_for(variant=robe, location=base)
        ]

    # then
    assert rows == [
        ("ROBE-M", "蒙古袍", "base", "adjustment", -1, "keeper"),
        ("ROBE-M", "蒙古袍", "base", "transfer_out", -3, "keeper"),
        ("ROBE-M", "蒙古袍", "base", "intake", 5, "keeper"),
    ]


@pytest.mark.django_db
def test_by_variant_or_by_location_or_everything(history, base, robe, purse):
    assert summary(movements_for(variant=purse)) == [("PURSE-RED", "base", "intake", 2)]
    assert summary(movements_for(location=base)) == [
        ("ROBE-M", "base", "adjustment", -1),
        ("ROBE-M", "base", "transfer_out", -3),
        ("PURSE-RED", "base", "intake", 2),
        ("ROBE-M", "base", "intake", 5),
    ]
    assert len(movements_for()) == 4
