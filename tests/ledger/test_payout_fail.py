import pytest

from core.errors import InvalidState, ValidationFailed
from ledger.models import JournalTransaction, Payout
from ledger.selectors import Balance, artisan_balance
from ledger.services import payout_confirm, payout_fail, payout_run_create, sale_lines_post
from tests.ledger.support import at, postings


@pytest.fixture
def payout(chimeg, staff_user, cart_sale):
    sale_lines_post(lines=[cart_sale("C/1", 20000, at(3, 1))])
    return payout_run_create(run_date=at(3, 16).date(), actor=staff_user, at=at(3, 16)).payouts.get()


def test_a_failed_payout_returns_the_money_to_her_available_balance_and_says_why(chimeg, payout, staff_user):
    failed = payout_fail(payout=payout, reason="银行退回：户名不符", actor=staff_user)

    assert (failed.status, failed.failure_reason) == ("failed", "银行退回：户名不符")
    assert postings(f"payout-failed:{payout.idempotency_key}") == {
        "payouts_in_transit": 14000,
        f"artisan_payable:{chimeg.pk}": -14000,
    }
    assert artisan_balance(artisan=chimeg) == Balance(0, 14000, 0, 0)


def test_the_next_run_pays_the_returned_money_again(chimeg, payout, staff_user):
    payout_fail(payout=payout, reason="银行退回")

    payout_run_create(run_date=at(3, 23).date(), actor=staff_user)

    assert sorted(Payout.objects.values_list("status", "amount_fen")) == [
        ("failed", 14000),
        ("pending", 14000),
    ]


def test_failing_twice_changes_nothing_and_a_reason_is_needed(payout):
    with pytest.raises(ValidationFailed):
        payout_fail(payout=payout, reason="  ")
    payout_fail(payout=payout, reason="银行退回")
    payout_fail(payout=payout, reason="又一次")

    assert Payout.objects.get().failure_reason == "银行退回"
    assert JournalTransaction.objects.filter(kind="payout_failed").count() == 1


def test_a_paid_payout_cannot_be_failed(payout, staff_user):
    payout_confirm(payout=payout, actor=staff_user, paid_at=at(3, 17))

    with pytest.raises(InvalidState):
        payout_fail(payout=payout, reason="银行退回")
    assert Payout.objects.get().status == "paid"
