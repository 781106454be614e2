"""orders(filter, sortBy): every order for staff with orders.view_order, filtered and sorted, over the
reports' known week (tests/reports/conftest.py): C-0 06-20, C-1 07-01 10:00, C-2 07-01 15:00 (翡翠),
W-1 07-01 20:00 (online, refunded whole), C-3 07-02 07:00 (23:00 UTC on 07-01)."""

import pytest

from api.roles import FINANCE, STOCK_CLERK
from orders.models import Order
from tests import factories
from tests.api.conftest import error_codes
from tests.api.staff_roles import role_token
from tests.reports import conftest as week_of_sales

pytestmark = pytest.mark.django_db
places, season = week_of_sales.places, week_of_sales.season  # the reports' fixtures

ORDERS = """
query($filter: OrderFilterInput, $sortBy: OrderSortingInput, $first: Int, $after: String) {
  orders(filter: $filter, sortBy: $sortBy, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { number channel status total { amountFen amount } } }
  }
}"""


@pytest.fixture
def finance_token(season):
    factories.CartFactory(code="chaka", location=season["chaka"])
    # The week's refunds are written as rows; the whole refund of W-1 leaves it refunded, C-1 partly.
    Order.objects.filter(number="W-1").update(status=Order.Status.REFUNDED)
    Order.objects.filter(number="C-1").update(status=Order.Status.PARTIALLY_REFUNDED)
    return role_token(FINANCE, "finance-1")


def numbers(result) -> list[str]:
    assert "errors" not in result, result
    return [edge["node"]["number"] for edge in result["data"]["orders"]["edges"]]


def test_finance_lists_every_order_newest_first(gql, finance_token):
    result = gql(ORDERS, token=finance_token)

    assert numbers(result) == ["C-3", "W-1", "C-2", "C-1", "C-0"]
    assert result["data"]["orders"]["totalCount"] == 5
    assert result["data"]["orders"]["edges"][1]["node"] == {
        "number": "W-1",
        "channel": "ONLINE",
        "status": "REFUNDED",
        "total": {"amountFen": 100000, "amount": "1000.00"},
    }


def test_filters_by_qinghai_days_channel_cart_and_status(gql, finance_token):
    def listed(**filter):
        return numbers(gql(ORDERS, {"filter": filter}, token=finance_token))

    # C-3 sold at 07:00 on 07-02 in Qinghai, 23:00 on 07-01 in UTC: it is 07-02's.
    assert listed(created={"gte": "2026-07-01", "lte": "2026-07-01"}) == ["W-1", "C-2", "C-1"]
    assert listed(created={"gte": "2026-07-02"}) == ["C-3"]
    assert listed(channel="CART", cart="chaka") == ["C-3", "C-1", "C-0"]
    assert listed(channel="ONLINE") == ["W-1"]
    assert listed(status=["REFUNDED", "PARTIALLY_REFUNDED"]) == ["W-1", "C-1"]
    assert listed(status=["PAID"], channel="CART") == ["C-3", "C-2", "C-0"]
    assert listed(search="c-1") == ["C-1"]


def test_sorts_and_pages(gql, finance_token):
    by_total = {"field": "TOTAL", "direction": "ASC"}
    first = gql(ORDERS, {"sortBy": by_total, "first": 2}, token=finance_token)
    after = first["data"]["orders"]["pageInfo"]["endCursor"]
    rest = gql(ORDERS, {"sortBy": by_total, "first": 10, "after": after}, token=finance_token)

    # C-2 and C-3 paid 98.00 each (ties by id), W-1 1000.00, C-0 1280.00, C-1 1460.00.
    assert numbers(first) == ["C-2", "C-3"]
    assert first["data"]["orders"]["pageInfo"]["hasNextPage"] is True
    assert numbers(rest) == ["W-1", "C-0", "C-1"]
    by_number = gql(ORDERS, {"sortBy": {"field": "NUMBER", "direction": "ASC"}}, token=finance_token)
    assert numbers(by_number) == ["C-0", "C-1", "C-2", "C-3", "W-1"]


@pytest.mark.parametrize(
    ("filter", "field"),
    [
        ({"created": {"gte": "2026-07-02", "lte": "2026-07-01"}}, "created"),
        ({"created": {"gte": "1900-01-01"}}, "created"),
        ({"cart": "no-such-cart"}, "cart"),
        ({"search": "x" * 101}, "search"),
    ],
)
def test_a_bad_filter_is_a_typed_error_on_its_field(gql, finance_token, filter, field):
    result = gql(ORDERS, {"filter": filter}, token=finance_token)

    assert result["data"] == {"orders": None}
    assert [(e["extensions"]["code"], e["extensions"]["field"]) for e in result["errors"]] == [
        ("INVALID", field)
    ]


def test_a_stock_clerk_an_operator_and_a_stranger_are_refused(gql, season):
    clerk = role_token(STOCK_CLERK, "clerk-1")

    for token in (clerk, None):
        result = gql(ORDERS, token=token)
        assert result["data"] == {"orders": None}
        assert error_codes(result) == ["PERMISSION_DENIED"]
