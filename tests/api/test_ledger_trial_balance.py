import pytest

from api.core.tokens import token_for
from ledger.services import payout_confirm, payout_run_create, refund_post
from tests.api.conftest import error_codes
from tests.api.ledger_helpers import MONEY, at, money, other_artisan_token, sell, with_agreement

QUERY = f"""
query {{
  ledgerTrialBalance {{
    rows {{ kind label balance {{ amountFen }} debit {{ amountFen }} credit {{ amountFen }} }}
    total {MONEY} debit {{ amountFen }} credit {{ amountFen }}
  }}
}}
"""


@pytest.fixture
def posted(artisan, product, cart, operator, staff):
    """Cart sales of 20000 and 10000 (70/10/20); the 10000 refunded by half; her 14000 paid in cash."""
    with_agreement(artisan)
    sell(artisan, product, cart, operator, "C/1", 20000, at(3, 1))
    sell(artisan, product, cart, operator, "C/2", 10000, at(3, 12))
    refund_post(reference="C/2", refunded_fen=5000, occurred_at=at(3, 13), refund_reference="R/2")
    run = payout_run_create(run_date=at(3, 16).date(), actor=staff, at=at(3, 16))
    payout_confirm(payout=run.payouts.get(), actor=staff, paid_at=at(3, 17))


def _row(kind, label, balance):
    return {
        "kind": kind,
        "label": label,
        "balance": {"amountFen": balance},
        "debit": {"amountFen": max(balance, 0)},
        "credit": {"amountFen": max(-balance, 0)},
    }


def test_staff_read_each_account_kind_and_a_zero_total(gql, staff_token, posted):
    result = gql(QUERY, token=staff_token)

    assert "errors" not in result
    trial = result["data"]["ledgerTrialBalance"]
    assert trial["rows"] == [
        # her 14000 + 7000 - 3500, less the 14000 paid
        _row("ARTISAN_PAYABLE", "应付手工艺人", -3500),
        _row("OPERATOR_COMMISSION", "应付运营员佣金", -2500),
        _row("PROGRAMME_FUND", "项目基金", -5000),
        _row("CART_CASH", "零售车收款", 25000),  # 30000 taken, 5000 handed back
        _row("STRIPE_CLEARING", "Stripe 待结算", 0),
        _row("PAYOUTS_IN_TRANSIT", "在途付款", 0),
        _row("BANK", "项目银行账户", 0),
        _row("OFFICE_CASH", "办公室现金", -14000),
    ]
    assert trial["total"] == money(0)
    assert trial["debit"] == trial["credit"] == {"amountFen": 25000}


def test_artisans_operators_and_the_anonymous_are_refused(gql, artisan_token, operator, posted):
    _, other_token = other_artisan_token()
    for token in (artisan_token, other_token, token_for(operator.user), None):
        result = gql(QUERY, token=token)
        assert result["data"]["ledgerTrialBalance"] is None
        assert error_codes(result) == ["PERMISSION_DENIED"]


def test_an_empty_ledger_balances_and_a_bad_field_is_refused(gql, staff_token):
    empty = gql(QUERY, token=staff_token)["data"]["ledgerTrialBalance"]
    bad = gql("query { ledgerTrialBalance { nope } }", token=staff_token)

    assert all(row["balance"] == {"amountFen": 0} for row in empty["rows"])
    assert len(empty["rows"]) == 8
    assert empty["total"] == money(0)
    assert bad.get("data") is None and bad["errors"]
