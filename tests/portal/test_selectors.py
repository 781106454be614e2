"""Her pieces and her sale lines, as her pages read them: hers only, in the order shown, in few queries."""

import datetime

from inventory.models import Location, StockLevel
from portal.selectors import artisan_pieces, artisan_sale_lines, artisan_sales
from tests import factories
from tests.portal.conftest import _sale


def _places(piece):
    return [(level.location.code, level.quantity) for level in piece.places]


def test_her_pieces_with_where_each_one_is_and_how_many_sold(world, django_assert_num_queries):
    with django_assert_num_queries(3):  # levels, sold, photos
        pieces = artisan_pieces(artisan=world["chimeg"])
        rows = [
            (piece.variant.sku, piece.variant.product.name_zh, _places(piece), piece.sold) for piece in pieces
        ]
    assert rows == [("ROBE-M", "蒙古袍", [("base", 3), ("chaka", 2)], 2)]


def test_a_piece_with_none_left_anywhere_is_not_listed(world):
    # given: a sash of hers, all of it sold, and none left at the base
    sash = factories.VariantFactory(sku="SASH-1", artisan=world["chimeg"], product__name_zh="腰带")
    StockLevel.objects.create(variant=sash, location=Location.objects.get(code="base"), quantity=0)

    pieces = artisan_pieces(artisan=world["chimeg"])

    assert [piece.variant.sku for piece in pieces] == ["ROBE-M"]


def test_the_other_artisans_pieces_are_hers_alone(world):
    pieces = artisan_pieces(artisan=world["xiulan"])
    assert [(piece.variant.sku, _places(piece), piece.sold) for piece in pieces] == [
        ("PURSE-1", [("feicui", 9)], 1)
    ]


def test_her_sale_lines_newest_first(world, django_assert_num_queries):
    # given: a second robe sold two days after the first
    _sale(
        "C-9",
        variant=world["robe"],
        location=Location.objects.get(code="chaka"),
        quantity=1,
        unit_price_fen=16800,
        when=world["now"] - datetime.timedelta(days=8),
    )

    with django_assert_num_queries(1):
        lines = [
            (line.order.number, line.order.location.name_zh, line.total_fen)
            for line in artisan_sale_lines(artisan=world["chimeg"])
        ]

    assert lines == [("C-9", "茶卡盐湖车", 16800), ("C-1", "茶卡盐湖车", 33600)]


def test_her_sales_with_their_day_and_her_share_in_three_queries(world, django_assert_num_queries):
    with django_assert_num_queries(3):  # lines, splits, photos
        sales = artisan_sales(lines=artisan_sale_lines(artisan=world["chimeg"]))
        rows = [(sale.line.order.number, sale.sold_on, sale.share_fen, sale.photo) for sale in sales]

    assert rows == [("C-1", datetime.date(2026, 7, 24), 23520, None)]
