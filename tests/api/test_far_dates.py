"""A day outside the books (2000-01-01 to 2099-12-31, core.dates) asked of the API is a typed error,
never an overflow turned into a server error."""

import pytest

from tests.api.conftest import error_codes

STATEMENT = """query Statement($from: Date!, $to: Date!) {
  artisanStatement(from: $from, to: $to) { closing { amountFen } }
}"""


@pytest.mark.parametrize(
    ("day_from", "day_to"),
    [("0001-01-01", "0001-01-02"), ("9999-12-30", "9999-12-31"), ("1999-12-31", "2000-01-01")],
)
def test_a_statement_for_days_outside_the_books_is_refused(gql, artisan_token, day_from, day_to):
    result = gql(STATEMENT, {"from": day_from, "to": day_to}, token=artisan_token)

    assert result["data"] == {"artisanStatement": None}
    assert error_codes(result) == ["INVALID"]
    assert result["errors"][0]["message"] == "日期须在 2000-01-01 到 2099-12-31 之间。"


def test_the_edges_of_the_books_are_answered(gql, artisan_token):
    first = gql(STATEMENT, {"from": "2000-01-01", "to": "2000-01-31"}, token=artisan_token)
    last = gql(STATEMENT, {"from": "2099-12-01", "to": "2099-12-31"}, token=artisan_token)

    assert first == last == {"data": {"artisanStatement": {"closing": {"amountFen": 0}}}}
