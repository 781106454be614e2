"""salesReport(groupBy, period): the report pages' figures as typed rows, the same as their CSV
downloads (tests/reports/test_csv.py) over the reports' known week (tests/reports/conftest.py)."""

import pytest

from api.roles import FINANCE, STOCK_CLERK
from tests.api.conftest import error_codes
from tests.api.staff_roles import role_token
from tests.reports import conftest as week_of_sales

pytestmark = pytest.mark.django_db
places, season = week_of_sales.places, week_of_sales.season  # the reports' fixtures

REPORT = """
query($groupBy: SalesReportGrouping!, $period: DateRangeInput!) {
  salesReport(groupBy: $groupBy, period: $period) {
    rows { date code label orders pieces paid { amountFen } refunded { amountFen } net { amount } }
    pieces paid { amountFen } refunded { amountFen } net { amountFen formatted }
  }
}"""
PERIOD = {"gte": "2026-07-01", "lte": "2026-07-02"}


@pytest.fixture
def finance_token(season):
    return role_token(FINANCE, "finance-1")


def report(gql, token, group_by, period=PERIOD):
    result = gql(REPORT, {"groupBy": group_by, "period": period}, token=token)
    assert "errors" not in result, result
    return result["data"]["salesReport"]


def figures(row) -> tuple:
    return (
        row["date"],
        row["code"],
        row["label"],
        row["orders"],
        row["pieces"],
        row["paid"]["amountFen"],
        row["refunded"]["amountFen"],
        row["net"]["amount"],
    )


def test_by_cart_and_day_gives_the_csvs_rows(gql, finance_token):
    read = report(gql, finance_token, "CART_AND_DAY")

    assert [figures(row) for row in read["rows"]] == [
        ("2026-07-02", "chaka", "茶卡盐湖零售车", 1, 1, 9800, 0, "98.00"),
        ("2026-07-01", "feicui", "翡翠湖零售车", 1, 1, 9800, 0, "98.00"),
        ("2026-07-01", "chaka", "茶卡盐湖零售车", 1, 2, 146000, 9000, "1370.00"),
        ("2026-07-01", "", "网店", 1, 0, 100000, 100000, "0.00"),
    ]


def test_by_cart_with_its_total(gql, finance_token):
    read = report(gql, finance_token, "CART")

    assert [figures(row) for row in read["rows"]] == [
        (None, "feicui", "翡翠湖零售车", 1, 1, 9800, 0, "98.00"),
        (None, "chaka", "茶卡盐湖零售车", 2, 3, 155800, 9000, "1468.00"),
        (None, "", "网店", 1, 0, 100000, 100000, "0.00"),
    ]
    assert (read["pieces"], read["paid"], read["refunded"]) == (
        4,
        {"amountFen": 265600},
        {"amountFen": 109000},
    )
    assert read["net"] == {"amountFen": 156600, "formatted": "¥1,566.00"}


def test_by_artisan_and_by_category(gql, finance_token):
    artisans = report(gql, finance_token, "ARTISAN")["rows"]
    categories = report(gql, finance_token, "CATEGORY")["rows"]

    assert [figures(row) for row in artisans] == [
        (None, "uren", "乌仁", 2, 1, 228000, 100000, "1280.00"),
        (None, "xiulan", "秀兰", 3, 3, 37600, 9000, "286.00"),
    ]
    assert [(row["label"], row["net"]["amount"]) for row in categories] == [
        ("蒙古服饰", "1280.00"),
        ("刺绣", "286.00"),
    ]


def test_labels_in_english(gql, finance_token):
    result = gql(
        REPORT, {"groupBy": "CART", "period": PERIOD}, token=finance_token, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert result["data"]["salesReport"]["rows"][-1]["label"] == "Online shop"


@pytest.mark.parametrize(
    "period",
    [
        {"gte": "2026-07-02", "lte": "2026-07-01"},
        {"gte": "2026-07-01"},
        {"gte": "2025-01-01", "lte": "2026-07-01"},
        {"gte": "1999-12-31", "lte": "2026-07-01"},
    ],
)
def test_a_bad_period_is_a_typed_error(gql, finance_token, period):
    result = gql(REPORT, {"groupBy": "CART", "period": period}, token=finance_token)

    assert result["data"] == {"salesReport": None}
    assert [(e["extensions"]["code"], e["extensions"]["field"]) for e in result["errors"]] == [
        ("INVALID", "period")
    ]


def test_a_stock_clerk_and_a_stranger_are_refused(gql, season):
    for token in (role_token(STOCK_CLERK, "clerk-1"), None):
        result = gql(REPORT, {"groupBy": "CART", "period": PERIOD}, token=token)
        assert result["data"] == {"salesReport": None}
        assert error_codes(result) == ["PERMISSION_DENIED"]
