import datetime

import pytest
from django.utils import timezone

from api.core.tokens import token_for
from tests.api.conftest import error_codes, gid
from tests.api.ledger_helpers import MONEY, at, money, other_artisan_token, sell, with_agreement

QUERY = f"""
query Balance($artisan: ID) {{
  artisanBalance(artisan: $artisan) {{
    pending {MONEY} available {MONEY} inTransit {MONEY} paid {MONEY}
  }}
}}
"""


@pytest.fixture
def sold(artisan, product, cart, operator):
    """Two sales of hers: 16800 in March (her 11760 is available) and 10000 yesterday (7000 pending)."""
    with_agreement(artisan)
    sell(artisan, product, cart, operator, "C/1", 16800, at(3, 1))
    sell(artisan, product, cart, operator, "C/2", 10000, timezone.now() - datetime.timedelta(days=1))
    return artisan


EXPECTED = {"pending": money(7000), "available": money(11760), "inTransit": money(0), "paid": money(0)}


def test_staff_read_any_artisans_balance(gql, staff_token, sold):
    result = gql(QUERY, {"artisan": gid("Artisan", sold)}, token=staff_token)

    assert "errors" not in result
    assert result["data"]["artisanBalance"] == EXPECTED
    assert result["data"]["artisanBalance"]["available"] == {
        "amountFen": 11760,
        "currency": "CNY",
        "amount": "117.60",
        "formatted": "¥117.60",
    }


def test_an_artisan_reads_her_own_balance_with_or_without_her_id(gql, artisan_token, sold):
    mine = gql(QUERY, token=artisan_token)
    named = gql(QUERY, {"artisan": gid("Artisan", sold)}, token=artisan_token)

    assert mine["data"]["artisanBalance"] == EXPECTED
    assert named["data"]["artisanBalance"] == EXPECTED


def test_another_artisan_operators_and_the_anonymous_are_refused(gql, sold, operator):
    _, other_token = other_artisan_token()
    variables = {"artisan": gid("Artisan", sold)}

    for token in (other_token, token_for(operator.user), None):
        result = gql(QUERY, variables, token=token)
        assert result["data"]["artisanBalance"] is None
        assert error_codes(result) == ["PERMISSION_DENIED"]
    # Without an ID, another artisan reads her own (empty) balance, never 乌仁娜's.
    own = gql(QUERY, token=other_token)["data"]["artisanBalance"]
    assert own == {"pending": money(0), "available": money(0), "inTransit": money(0), "paid": money(0)}


def test_staff_must_name_an_artisan_that_exists(gql, staff_token, sold):
    missing = gql(QUERY, token=staff_token)
    unknown = gql(QUERY, {"artisan": gid("Artisan", type("X", (), {"pk": 999999})())}, token=staff_token)
    wrong_type = gql(QUERY, {"artisan": gid("Product", sold)}, token=staff_token)

    assert error_codes(missing) == ["REQUIRED"]
    assert error_codes(unknown) == ["NOT_FOUND"]
    assert error_codes(wrong_type) == ["NOT_FOUND"]
