import pytest

from api.core.tokens import token_for
from inventory.models import Movement, StockCount
from tests import factories
from tests.api.conftest import DENIED, fields_and_codes, gid, on_hand, row_counts

STOCK_COUNT_SUBMIT = """
mutation Count($input: StockCountInput!) {
  stockCountSubmit(input: $input) {
    stockCount { location { code } note lines { variant { sku } expected counted variance } }
    varianceReport {
      rows { sku productName expected counted variance varianceValue { amountFen formatted } }
      totalExpected totalCounted totalVariance totalVarianceValue { amountFen }
    }
    errors { field code message }
  }
}
"""


def count_input(base, small, large, small_counted=2, **overrides):
    return {
        "location": gid("Location", base),
        "lines": [
            {"variant": gid("ProductVariant", small), "counted": small_counted},
            {"variant": gid("ProductVariant", large), "counted": 2},
        ],
        "note": "月底盘点",
        **overrides,
    }


def test_staff_submit_a_count_and_get_its_variance_report(gql, staff_token, stocked, base):
    small, large = stocked

    result = gql(STOCK_COUNT_SUBMIT, {"input": count_input(base, small, large)}, token=staff_token)

    assert result["data"]["stockCountSubmit"] == {
        "stockCount": {
            "location": {"code": "base"},
            "note": "月底盘点",
            "lines": [
                {"variant": {"sku": "YAK-L"}, "expected": 2, "counted": 2, "variance": 0},
                {"variant": {"sku": "YAK-S"}, "expected": 3, "counted": 2, "variance": -1},
            ],
        },
        "varianceReport": {
            "rows": [
                {
                    "sku": "YAK-L",
                    "productName": "毡制牦牛",
                    "expected": 2,
                    "counted": 2,
                    "variance": 0,
                    "varianceValue": {"amountFen": 0, "formatted": "¥0.00"},
                },
                {
                    "sku": "YAK-S",
                    "productName": "毡制牦牛",
                    "expected": 3,
                    "counted": 2,
                    "variance": -1,
                    "varianceValue": {"amountFen": -12800, "formatted": "-¥128.00"},
                },
            ],
            "totalExpected": 5,
            "totalCounted": 4,
            "totalVariance": -1,
            "totalVarianceValue": {"amountFen": -12800},
        },
        "errors": [],
    }
    assert (on_hand(small, base), on_hand(large, base)) == (2, 2)


def test_the_operator_of_the_cart_counts_its_stock(gql, operator_token, stocked, cart):
    small, large = stocked

    result = gql(
        STOCK_COUNT_SUBMIT,
        {
            "input": count_input(
                cart.location, small, large, lines=[{"variant": gid("ProductVariant", small), "counted": 1}]
            )
        },
        token=operator_token,
    )

    payload = result["data"]["stockCountSubmit"]
    assert payload["errors"] == []
    assert payload["stockCount"]["location"] == {"code": "cart-chaka"}
    assert payload["stockCount"]["lines"] == [
        {"variant": {"sku": "YAK-S"}, "expected": 2, "counted": 1, "variance": -1}
    ]
    assert on_hand(small, cart.location) == 1


@pytest.fixture
def other_operator_token(other_cart):
    return token_for(factories.OperatorFactory(user__username="op-feicui", carts=[other_cart]).user)


@pytest.mark.parametrize(
    ("caller", "where"),
    [
        ("anonymous", "cart"),
        ("artisan", "cart"),
        ("other_operator", "cart"),
        ("operator", "base"),
        ("operator", "unknown"),
    ],
)
def test_stock_count_submit_is_refused_to_all_but_staff_and_the_cart_s_operator(
    gql, stocked, cart, base, request, caller, where
):
    small, large = stocked
    token = None if caller == "anonymous" else request.getfixturevalue(f"{caller}_token")
    location = {"cart": cart.location, "base": base}.get(where)
    variables = {"input": count_input(location or base, small, large)}
    if where == "unknown":
        variables["input"]["location"] = "TG9jYXRpb246MA=="
    before = row_counts(StockCount, Movement)

    result = gql(STOCK_COUNT_SUBMIT, variables, token=token)

    assert result["data"]["stockCountSubmit"] == {
        "stockCount": None,
        "varianceReport": None,
        "errors": DENIED,
    }
    assert row_counts(StockCount, Movement) == before


def test_an_operator_cannot_replay_another_location_s_count_by_its_key(
    gql, staff_token, operator_token, stocked, base, cart
):
    small, large = stocked
    gql(
        STOCK_COUNT_SUBMIT,
        {"input": count_input(base, small, large, idempotencyKey="k-1")},
        token=staff_token,
    )

    result = gql(
        STOCK_COUNT_SUBMIT,
        {"input": count_input(cart.location, small, large, idempotencyKey="k-1")},
        token=operator_token,
    )

    assert result["data"]["stockCountSubmit"] == {
        "stockCount": None,
        "varianceReport": None,
        "errors": DENIED,
    }


def test_an_operator_s_bad_count_is_a_typed_error_and_writes_nothing(gql, operator_token, stocked, cart):
    small, large = stocked
    before = row_counts(StockCount, Movement)

    result = gql(
        STOCK_COUNT_SUBMIT,
        {"input": count_input(cart.location, small, large, small_counted=-1)},
        token=operator_token,
    )

    assert fields_and_codes(result["data"]["stockCountSubmit"]) == [("lines", "INVALID")]
    assert row_counts(StockCount, Movement) == before


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"lines": []}, [("lines", "INVALID")]),
        ({"location": "TG9jYXRpb246MA=="}, [("location", "NOT_FOUND")]),
        ({"note": "长" * 301}, [("note", "INVALID")]),
    ],
)
def test_bad_count_input_is_a_typed_error_and_writes_nothing(
    gql, staff_token, stocked, base, overrides, expected
):
    small, large = stocked
    before = row_counts(StockCount, Movement)

    result = gql(
        STOCK_COUNT_SUBMIT, {"input": count_input(base, small, large, **overrides)}, token=staff_token
    )

    assert fields_and_codes(result["data"]["stockCountSubmit"]) == expected
    assert row_counts(StockCount, Movement) == before


def test_a_negative_count_is_refused(gql, staff_token, stocked, base):
    small, large = stocked
    before = row_counts(StockCount, Movement)

    result = gql(
        STOCK_COUNT_SUBMIT, {"input": count_input(base, small, large, small_counted=-1)}, token=staff_token
    )

    assert fields_and_codes(result["data"]["stockCountSubmit"]) == [("lines", "INVALID")]
    assert row_counts(StockCount, Movement) == before
    assert on_hand(small, base) == 3


def test_a_count_sent_twice_with_one_key_is_applied_once(gql, staff_token, stocked, base):
    small, large = stocked
    variables = {"input": count_input(base, small, large, idempotencyKey="count-base-2026-05")}

    gql(STOCK_COUNT_SUBMIT, variables, token=staff_token)
    gql(STOCK_COUNT_SUBMIT, variables, token=staff_token)

    assert StockCount.objects.count() == 1
    assert on_hand(small, base) == 2


def test_a_line_left_out_is_not_counted(gql, staff_token, stocked, base):
    # Blank on the tablet or in the admin: the row is not sent, and its stock stays as the books say.
    small, large = stocked

    result = gql(
        STOCK_COUNT_SUBMIT,
        {
            "input": count_input(
                base, small, large, lines=[{"variant": gid("ProductVariant", large), "counted": 0}]
            )
        },
        token=staff_token,
    )

    payload = result["data"]["stockCountSubmit"]
    assert payload["errors"] == []
    assert payload["stockCount"]["lines"] == [
        {"variant": {"sku": "YAK-L"}, "expected": 2, "counted": 0, "variance": -2}
    ]
    report = payload["varianceReport"]
    assert [(row["sku"], row["expected"], row["counted"]) for row in report["rows"]] == [("YAK-L", 2, 0)]
    assert (report["totalExpected"], report["totalCounted"], report["totalVariance"]) == (2, 0, -2)
    assert (on_hand(small, base), on_hand(large, base)) == (3, 0)
    assert Movement.objects.filter(kind=Movement.Kind.COUNT_CORRECTION).count() == 1


def test_a_refused_line_is_named_by_its_sku_in_the_message(gql, operator_token, stocked, cart):
    # The tablet marks the row whose SKU the message names.
    small, large = stocked
    before = row_counts(StockCount, Movement)

    result = gql(
        STOCK_COUNT_SUBMIT,
        {"input": count_input(cart.location, small, large, small_counted=-3)},
        token=operator_token,
    )

    assert result["data"]["stockCountSubmit"]["errors"] == [
        {"field": "lines", "code": "INVALID", "message": "YAK-S 的数量必须是不小于 0 的整数。"}
    ]
    assert row_counts(StockCount, Movement) == before
    assert on_hand(small, cart.location) == 2
