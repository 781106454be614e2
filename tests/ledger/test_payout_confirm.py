import pytest

from core.errors import InvalidState, ValidationFailed
from ledger.models import JournalTransaction, PayoutMethod, PayoutProfile
from ledger.services import (
    ApprovalRequired,
    payout_confirm,
    payout_fail,
    payout_run_approve,
    payout_run_create,
    sale_lines_post,
)
from tests.ledger.support import at, postings


@pytest.fixture
def payout(chimeg, staff_user, cart_sale):
    sale_lines_post(lines=[cart_sale("C/1", 20000, at(3, 1))])
    return payout_run_create(run_date=at(3, 16).date(), actor=staff_user, at=at(3, 16)).payouts.get()


def test_staff_confirm_a_cash_payout_as_paid(payout, staff_user):
    confirmed = payout_confirm(payout=payout, actor=staff_user, paid_at=at(3, 17))

    assert (confirmed.status, confirmed.paid_at, confirmed.confirmed_by) == ("paid", at(3, 17), staff_user)
    assert postings(f"payout-paid:{payout.idempotency_key}") == {
        "payouts_in_transit": 14000,
        "office_cash": -14000,
    }


def test_a_bank_payout_is_paid_from_the_bank_once_approved(chimeg, staff_user, reviewer, cart_sale):
    PayoutProfile.objects.create(
        artisan=chimeg, method=PayoutMethod.BANK, bank_name="青海银行", account_number="6214"
    )
    sale_lines_post(lines=[cart_sale("C/2", 20000, at(3, 1))])
    run = payout_run_create(run_date=at(3, 16).date(), actor=staff_user, at=at(3, 16))
    payout = run.payouts.get()

    with pytest.raises(ApprovalRequired):  # her first payout to this account
        payout_confirm(payout=payout, actor=staff_user, paid_at=at(3, 17))
    assert JournalTransaction.objects.filter(kind="payout_paid").count() == 0
    payout_run_approve(run=run, actor=reviewer)
    payout_confirm(payout=payout, actor=staff_user, paid_at=at(3, 17))

    assert postings(f"payout-paid:{payout.idempotency_key}") == {"payouts_in_transit": 14000, "bank": -14000}


def test_confirming_twice_changes_nothing(payout, staff_user):
    payout_confirm(payout=payout, actor=staff_user, paid_at=at(3, 17))
    again = payout_confirm(payout=payout, actor=staff_user, paid_at=at(3, 18))

    assert again.paid_at == at(3, 17)
    assert JournalTransaction.objects.filter(kind="payout_paid").count() == 1


def test_a_payout_cannot_be_confirmed_before_its_run_or_after_it_failed(payout, staff_user):
    with pytest.raises(ValidationFailed):
        payout_confirm(payout=payout, actor=staff_user, paid_at=at(3, 15))
    payout_fail(payout=payout, reason="她不在家")

    with pytest.raises(InvalidState):
        payout_confirm(payout=payout, actor=staff_user, paid_at=at(3, 17))
    assert JournalTransaction.objects.filter(kind="payout_paid").count() == 0


def test_a_stripe_payout_is_confirmed_by_its_transfer_not_by_staff(chimeg, staff_user, cart_sale):
    PayoutProfile.objects.create(artisan=chimeg, method=PayoutMethod.STRIPE, stripe_account_id="acct_chimeg")
    sale_lines_post(lines=[cart_sale("C/3", 20000, at(3, 1))])
    payout = payout_run_create(run_date=at(3, 16).date(), actor=staff_user, at=at(3, 16)).payouts.get()

    with pytest.raises(InvalidState):
        payout_confirm(payout=payout, actor=staff_user)
