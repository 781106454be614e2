"""posSyncSales tells the tablet which offline sign-ins to forget (docs/pos.md, "Signing in offline"):
a new PIN, a disabled operator, one taken off the cart, a token not hers or expired."""

import pytest

from api.core.tokens import token_for
from carts.services import operator_pin_set
from tests import factories
from tests.api.conftest import DENIED
from tests.api.pos_helpers import DEVICE

QUERY = """
mutation Sync($input: PosSyncInput!) {
  posSyncSales(input: $input) { results { status } offlineSignInsRevoked errors { field code message } }
}
"""


@pytest.fixture
def colleagues(cart):
    return {
        name: factories.OperatorFactory(user__username=name, carts=[cart])
        for name in ("op-a", "op-b", "op-c", "op-d")
    }


def ping(gql, token, sign_ins, cart="chaka"):
    variables = {"input": {"cart": cart, "deviceId": DEVICE, "sales": [], "offlineSignIns": sign_ins}}
    return gql(QUERY, variables, token=token)


def test_the_answer_names_the_operators_whose_pin_changed_or_who_were_disabled_or_moved(
    gql, operator, operator_token, colleagues, other_cart
):
    kept = [{"username": name, "token": token_for(op.user)} for name, op in colleagues.items()]
    kept.append({"username": "op-e", "token": token_for(colleagues["op-a"].user)})  # a token not hers
    kept.append({"username": "op-f", "token": "junk"})
    operator_pin_set(operator=colleagues["op-a"], pin="1357")
    colleagues["op-b"].user.is_active = False
    colleagues["op-b"].user.save()
    colleagues["op-c"].carts.set([other_cart])

    result = ping(gql, operator_token, kept)

    assert result["data"]["posSyncSales"] == {
        "results": [],
        "offlineSignInsRevoked": ["op-a", "op-b", "op-c", "op-e", "op-f"],
        "errors": [],
    }


def test_sign_ins_that_still_hold_are_not_named(gql, operator, operator_token, colleagues):
    kept = [{"username": "op-d", "token": token_for(colleagues["op-d"].user)}]

    assert ping(gql, operator_token, kept)["data"]["posSyncSales"]["offlineSignInsRevoked"] == []


def test_an_expired_token_is_named(gql, operator, operator_token, colleagues, settings, time_machine):
    time_machine.move_to("2026-07-01T00:00:00Z", tick=False)
    kept = [{"username": "op-d", "token": token_for(colleagues["op-d"].user)}]
    time_machine.move_to("2026-07-09T00:00:00Z", tick=False)
    operator_token = token_for(operator.user)

    assert ping(gql, operator_token, kept)["data"]["posSyncSales"]["offlineSignInsRevoked"] == ["op-d"]


def test_more_than_twenty_sign_ins_is_a_typed_error(gql, operator, operator_token):
    kept = [{"username": f"op-{n}", "token": "x"} for n in range(21)]

    payload = ping(gql, operator_token, kept)["data"]["posSyncSales"]

    assert payload["errors"] == [
        {
            "field": "offlineSignIns",
            "code": "INVALID",
            "message": "Send at most 20 offline sign-ins at a time.",
        }
    ]
    assert payload["offlineSignInsRevoked"] == []


def test_another_carts_operator_learns_nothing(gql, operator, colleagues, other_cart):
    stranger = factories.OperatorFactory(user__username="op-feicui", carts=[other_cart])
    kept = [{"username": "op-d", "token": token_for(colleagues["op-d"].user)}]

    result = ping(gql, token_for(stranger.user), kept)

    assert result["data"]["posSyncSales"]["offlineSignInsRevoked"] == []
    assert result["data"]["posSyncSales"]["errors"] == DENIED
