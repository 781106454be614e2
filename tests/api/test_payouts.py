import pytest

from api.core.tokens import token_for
from ledger.services import payout_confirm, payout_run_create
from tests.api.conftest import error_codes, gid
from tests.api.ledger_helpers import at, other_artisan_token, sell, with_agreement

QUERY = """
query Payouts($first: Int, $after: String, $filter: PayoutFilterInput) {
  payouts(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { artisan { code } amount { amountFen } status method run { runDate } } }
  }
}
"""


def _node(code, amount, status, run_date):
    return {
        "artisan": {"code": code},
        "amount": {"amountFen": amount},
        "status": status,
        "method": "CASH",
        "run": {"runDate": run_date},
    }


URNA_2 = _node("urna", 14000, "PENDING", "2026-03-23")
URNA_1 = _node("urna", 11760, "PAID", "2026-03-16")
CHIMEG_1 = _node("chimeg", 14000, "PENDING", "2026-03-16")


@pytest.fixture
def world(artisan, product, cart, operator, staff):
    """Run of 16 March: 乌仁娜 11760 (confirmed paid), 其木格 14000. Run of 23 March: 乌仁娜 14000."""
    with_agreement(artisan)
    other, other_token = other_artisan_token()
    with_agreement(other)
    sell(artisan, product, cart, operator, "C/1", 16800, at(3, 1))
    sell(other, product, cart, operator, "C/2", 20000, at(3, 1))
    first = payout_run_create(run_date=at(3, 16).date(), actor=staff, at=at(3, 16))
    payout_confirm(payout=first.payouts.get(artisan=artisan), actor=staff, paid_at=at(3, 17))
    sell(artisan, product, cart, operator, "C/3", 20000, at(3, 10))
    second = payout_run_create(run_date=at(3, 23).date(), actor=staff, at=at(3, 23))
    return {"other": other, "other_token": other_token, "first": first, "second": second}


def _nodes(result):
    return [edge["node"] for edge in result["data"]["payouts"]["edges"]]


def test_staff_see_every_payout_newest_run_first_a_page_at_a_time(gql, staff_token, world):
    everything = gql(QUERY, token=staff_token)
    page_one = gql(QUERY, {"first": 2}, token=staff_token)
    cursor = page_one["data"]["payouts"]["pageInfo"]["endCursor"]
    page_two = gql(QUERY, {"first": 2, "after": cursor}, token=staff_token)

    assert everything["data"]["payouts"]["totalCount"] == 3
    assert _nodes(everything) == [URNA_2, URNA_1, CHIMEG_1]
    assert _nodes(page_one) == [URNA_2, URNA_1]
    assert page_one["data"]["payouts"]["pageInfo"]["hasNextPage"] is True
    assert _nodes(page_two) == [CHIMEG_1]
    assert page_two["data"]["payouts"]["pageInfo"]["hasNextPage"] is False


def test_staff_filter_by_artisan_status_and_run(gql, staff_token, world):
    by_artisan = gql(QUERY, {"filter": {"artisan": gid("Artisan", world["other"])}}, token=staff_token)
    by_status = gql(QUERY, {"filter": {"status": "PAID"}}, token=staff_token)
    by_run = gql(QUERY, {"filter": {"run": gid("PayoutRun", world["first"])}}, token=staff_token)
    pending_in_run = gql(
        QUERY, {"filter": {"run": gid("PayoutRun", world["first"]), "status": "PENDING"}}, token=staff_token
    )

    assert _nodes(by_artisan) == [CHIMEG_1]
    assert _nodes(by_status) == [URNA_1]
    assert _nodes(by_run) == [URNA_1, CHIMEG_1]
    assert by_run["data"]["payouts"]["totalCount"] == 2
    assert _nodes(pending_in_run) == [CHIMEG_1]


def test_an_artisan_sees_only_her_own_payouts(gql, artisan_token, artisan, world):
    mine = gql(QUERY, token=artisan_token)
    named = gql(QUERY, {"filter": {"artisan": gid("Artisan", artisan)}}, token=artisan_token)
    pending = gql(QUERY, {"filter": {"status": "PENDING"}}, token=artisan_token)
    hers = gql(QUERY, token=world["other_token"])

    assert mine["data"]["payouts"]["totalCount"] == 2
    assert _nodes(mine) == [URNA_2, URNA_1]
    assert _nodes(named) == [URNA_2, URNA_1]
    assert _nodes(pending) == [URNA_2]
    assert _nodes(hers) == [CHIMEG_1]


def test_another_artisans_payouts_operators_and_the_anonymous_are_refused(
    gql, artisan_token, artisan, operator, world
):
    asks_for_other = gql(QUERY, {"filter": {"artisan": gid("Artisan", world["other"])}}, token=artisan_token)
    other_asks_for_her = gql(
        QUERY, {"filter": {"artisan": gid("Artisan", artisan)}}, token=world["other_token"]
    )
    by_operator = gql(QUERY, token=token_for(operator.user))
    anonymous = gql(QUERY)

    for result in (asks_for_other, other_asks_for_her, by_operator, anonymous):
        assert result["data"]["payouts"] is None
        assert error_codes(result) == ["PERMISSION_DENIED"]


def test_an_unknown_run_or_artisan_and_an_oversized_page_are_refused(gql, staff_token, world):
    unknown_run = gql(QUERY, {"filter": {"run": gid("Payout", world["first"])}}, token=staff_token)
    unknown_artisan = gql(QUERY, {"filter": {"artisan": "bm9wZQ=="}}, token=staff_token)
    too_big = gql(QUERY, {"first": 1000}, token=staff_token)
    bad_status = gql(QUERY, {"filter": {"status": "LOST"}}, token=staff_token)

    assert error_codes(unknown_run) == ["NOT_FOUND"]
    assert error_codes(unknown_artisan) == ["NOT_FOUND"]
    assert "INVALID" in error_codes(too_big) or "QUERY_TOO_COSTLY" in error_codes(too_big)
    assert bad_status.get("data") is None and bad_status["errors"]
