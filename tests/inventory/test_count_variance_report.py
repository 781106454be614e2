import pytest

from inventory.selectors import VarianceRow, count_variance_report
from inventory.services import CountedLine, stock_count_submit


@pytest.mark.django_db
def test_rows_and_totals_valued_at_the_price(
    actor, base, robe, purse, scarf, stock_in, django_assert_num_queries
):
    # given: books say 5 robes (1,280.00 each) and 3 purses (98.00 each)
    stock_in(robe, 5)
    stock_in(purse, 3)
    count = stock_count_submit(
        location=base,
        lines=[CountedLine(robe, 3), CountedLine(purse, 3), CountedLine(scarf, 1)],
        actor=actor,
    )

    # when
    with django_assert_num_queries(1):
        report = count_variance_report(count=count)

    # then
    assert report.rows == [
        VarianceRow(
            sku="PURSE-RED", product_name="刺绣荷包", expected=3, counted=3, variance=0, variance_value_fen=0
        ),
        VarianceRow(
            sku="ROBE-M",
            product_name="蒙古袍",
            expected=5,
            counted=3,
            variance=-2,
            variance_value_fen=-256000,
        ),
        VarianceRow(
            sku="SCARF-BLUE",
            product_name="哈达围巾",
            expected=0,
            counted=1,
            variance=1,
            variance_value_fen=6600,
        ),
    ]
    assert (
        report.total_expected,
        report.total_counted,
        report.total_variance,
        report.total_variance_value_fen,
    ) == (8, 7, -1, -249400)
