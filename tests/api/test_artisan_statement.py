import pytest

from api.core.tokens import token_for
from ledger.services import payout_run_create, refund_post
from tests.api.conftest import error_codes, gid
from tests.api.ledger_helpers import MONEY, at, money, other_artisan_token, sell, with_agreement

QUERY = f"""
query Statement($artisan: ID, $from: Date!, $to: Date!) {{
  artisanStatement(artisan: $artisan, from: $from, to: $to) {{
    artisan {{ code }}
    from to
    opening {MONEY}
    lines {{ date kind place product quantity price {{ amountFen }} share {{ amountFen }} reference }}
    sales {{ amountFen }} refunds {{ amountFen }} payouts {{ amountFen }} returned {{ amountFen }}
    closing {MONEY}
  }}
}}
"""
MARCH = {"from": "2026-03-01", "to": "2026-03-31"}


@pytest.fixture
def march(artisan, product, cart, operator, staff):
    """February: 5000 sold (hers 3500). March: 16800 on the 1st (11760), 10000 on the 5th (7000)
    refunded in full on the 6th, a run on the 16th paying 15260, 12800 on the 20th (8960)."""
    with_agreement(artisan)
    sell(artisan, product, cart, operator, "C/0", 5000, at(2, 10))
    sell(artisan, product, cart, operator, "C/1", 16800, at(3, 1))
    sell(artisan, product, cart, operator, "C/2", 10000, at(3, 5))
    refund_post(reference="C/2", refunded_fen=10000, occurred_at=at(3, 6), refund_reference="R/2")
    run = payout_run_create(run_date=at(3, 16).date(), actor=staff, at=at(3, 16))
    sell(artisan, product, cart, operator, "C/3", 12800, at(3, 20))
    return run.payouts.get()


def _line(date, kind, place, product, quantity, price, share, reference):
    return {
        "date": date,
        "kind": kind,
        "place": place,
        "product": product,
        "quantity": quantity,
        "price": {"amountFen": price},
        "share": {"amountFen": share},
        "reference": reference,
    }


def _expected(payout):
    return {
        "artisan": {"code": "urna"},
        "from": "2026-03-01",
        "to": "2026-03-31",
        "opening": money(3500),
        "lines": [
            _line("2026-03-01", "SALE", "茶卡盐湖车", "毡制牦牛", 1, 16800, 11760, "C/1"),
            _line("2026-03-05", "SALE", "茶卡盐湖车", "毡制牦牛", 1, 10000, 7000, "C/2"),
            _line("2026-03-06", "REFUND", "茶卡盐湖车", "毡制牦牛", None, 10000, -7000, "R/2"),
            _line("2026-03-16", "PAYOUT", "现金", "", None, 15260, -15260, payout.idempotency_key),
            _line("2026-03-20", "SALE", "茶卡盐湖车", "毡制牦牛", 1, 12800, 8960, "C/3"),
        ],
        "sales": {"amountFen": 27720},
        "refunds": {"amountFen": 7000},
        "payouts": {"amountFen": 15260},
        "returned": {"amountFen": 0},
        # 3500 + 11760 + 7000 - 7000 - 15260 + 8960
        "closing": money(8960),
    }


def test_staff_read_her_statement_and_its_figures_sum(gql, staff_token, artisan, march):
    result = gql(QUERY, {"artisan": gid("Artisan", artisan), **MARCH}, token=staff_token)

    assert "errors" not in result
    assert result["data"]["artisanStatement"] == _expected(march)


def test_an_artisan_reads_her_own_statement(gql, artisan_token, artisan, march):
    mine = gql(QUERY, MARCH, token=artisan_token)
    named = gql(QUERY, {"artisan": gid("Artisan", artisan), **MARCH}, token=artisan_token)

    assert mine["data"]["artisanStatement"] == _expected(march)
    assert named["data"]["artisanStatement"] == _expected(march)


def test_another_artisan_operators_and_the_anonymous_are_refused(gql, artisan, operator, march):
    _, other_token = other_artisan_token()
    variables = {"artisan": gid("Artisan", artisan), **MARCH}

    for token in (other_token, token_for(operator.user), None):
        result = gql(QUERY, variables, token=token)
        assert result["data"]["artisanStatement"] is None
        assert error_codes(result) == ["PERMISSION_DENIED"]


def test_a_period_that_ends_before_it_starts_or_runs_past_a_year_is_refused(gql, staff_token, artisan):
    artisan_id = gid("Artisan", artisan)
    backwards = gql(
        QUERY, {"artisan": artisan_id, "from": "2026-03-31", "to": "2026-03-01"}, token=staff_token
    )
    too_long = gql(
        QUERY, {"artisan": artisan_id, "from": "2025-01-01", "to": "2026-03-01"}, token=staff_token
    )
    not_a_date = gql(QUERY, {"artisan": artisan_id, "from": "March", "to": "2026-03-01"}, token=staff_token)

    assert error_codes(backwards) == ["INVALID"]
    assert error_codes(too_long) == ["INVALID"]
    assert backwards["data"]["artisanStatement"] is None
    assert not_a_date.get("data") is None and not_a_date["errors"]
