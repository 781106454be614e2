"""The figures of each report, exactly, for the known week in conftest.py."""

import datetime

import pytest

from orders.selectors_reports import (
    sales_by_artisan,
    sales_by_cart,
    sales_by_cart_and_day,
    sales_by_category,
    weekly_sales_by_cart,
)

pytestmark = pytest.mark.django_db

JULY_1, JULY_2 = datetime.date(2026, 7, 1), datetime.date(2026, 7, 2)


def figures(report):
    return [
        (row.label, row.orders, row.pieces, row.paid_fen, row.refunded_fen, row.net_fen)
        for row in report.rows
    ]


def test_sales_by_cart_count_refunds_against_the_sale_and_online_as_one_row(season):
    report = sales_by_cart(date_from=JULY_1, date_to=JULY_2)

    assert figures(report) == [
        ("翡翠湖零售车", 1, 1, 9800, 0, 9800),
        ("茶卡盐湖零售车", 2, 3, 155800, 9000, 146800),
        ("网店", 1, 0, 100000, 100000, 0),
    ]
    assert (report.paid_fen, report.refunded_fen, report.net_fen, report.pieces) == (
        265600,
        109000,
        156600,
        4,
    )


def test_sales_by_cart_and_day_use_qinghai_days_newest_first(season):
    report = sales_by_cart_and_day(date_from=JULY_1, date_to=JULY_2)

    assert [(row.key[0], *fig) for row, fig in zip(report.rows, figures(report), strict=True)] == [
        (JULY_2, "茶卡盐湖零售车", 1, 1, 9800, 0, 9800),
        (JULY_1, "翡翠湖零售车", 1, 1, 9800, 0, 9800),
        (JULY_1, "茶卡盐湖零售车", 1, 2, 146000, 9000, 137000),
        (JULY_1, "网店", 1, 0, 100000, 100000, 0),
    ]


def test_without_a_period_every_sale_counts(season):
    assert sales_by_cart().paid_fen == 265600 + 128000


def test_a_one_day_period(season):
    assert figures(sales_by_cart(date_from=JULY_2, date_to=JULY_2)) == [
        ("茶卡盐湖零售车", 1, 1, 9800, 0, 9800)
    ]


def test_sales_by_artisan(season):
    assert figures(sales_by_artisan(date_from=JULY_1, date_to=JULY_2)) == [
        ("乌仁", 2, 1, 228000, 100000, 128000),
        ("秀兰", 3, 3, 37600, 9000, 28600),
    ]


def test_sales_by_category(season):
    assert figures(sales_by_category(date_from=JULY_1, date_to=JULY_2)) == [
        ("蒙古服饰", 2, 1, 228000, 100000, 128000),
        ("刺绣", 3, 3, 37600, 9000, 28600),
    ]


def test_weekly_sales_have_a_series_per_cart_and_every_week(season):
    weekly = weekly_sales_by_cart(weeks=3, until=datetime.date(2026, 7, 5))

    assert weekly.weeks == (
        datetime.date(2026, 6, 15),
        datetime.date(2026, 6, 22),
        datetime.date(2026, 6, 29),
    )
    assert [(s.label, s.net_fen) for s in weekly.series] == [
        ("翡翠湖零售车", (0, 0, 9800)),
        ("茶卡盐湖零售车", (128000, 0, 146800)),
    ]


def test_the_reports_read_in_a_fixed_number_of_queries(season, django_assert_num_queries):
    with django_assert_num_queries(3):  # lines, refund lines, the carts' names
        sales_by_cart_and_day(date_from=JULY_1, date_to=JULY_2)
    with django_assert_num_queries(3):
        sales_by_artisan()
