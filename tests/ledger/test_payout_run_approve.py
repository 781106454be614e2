"""payout_run_approve: which runs wait for a second staff member, and who may release them."""

import datetime

import pytest
from django.contrib.auth.models import Permission

from core.errors import InvalidState, PermissionDenied
from ledger.models import JournalTransaction, Payout, PayoutApproval, PayoutMethod
from ledger.selectors import artisan_balance
from ledger.services import (
    ApprovalRequired,
    SecondApproverRequired,
    payout_confirm,
    payout_fail,
    payout_profile_save,
    payout_run_approve,
    payout_run_create,
    sale_lines_post,
)
from tests import factories
from tests.ledger.support import approver, at

RUN_DAY = datetime.date(2026, 3, 16)


@pytest.fixture
def big_run(settings, chimeg, xiulan, purse, staff_user, cart_sale):
    """A run of 2,000.00 (其木格 1,400.00, 李秀兰 600.00, both in cash) over a 1,500.00 threshold."""
    settings.LEDGER_PAYOUT_APPROVAL_THRESHOLD_FEN = 150_000
    sale_lines_post(
        lines=[
            cart_sale("C/1", 200000, at(3, 1)),
            cart_sale("C/2", 100000, at(3, 1), artisan_id=xiulan.pk, product_id=purse.pk),
        ]
    )
    return payout_run_create(run_date=RUN_DAY, actor=staff_user, at=at(3, 16))


def test_a_run_over_the_threshold_waits_until_a_second_staff_member_approves_it(
    big_run, staff_user, reviewer, time_machine
):
    time_machine.move_to(at(3, 16, 13))
    assert (big_run.total_fen, big_run.approval_threshold_fen, big_run.approval_status) == (
        200000,
        150000,
        "awaiting_approval",
    )
    for payout in Payout.objects.all():
        with pytest.raises(ApprovalRequired):
            payout_confirm(payout=payout, actor=staff_user)
    assert JournalTransaction.objects.filter(kind="payout_paid").count() == 0

    time_machine.move_to(at(3, 16, 14))
    approved = payout_run_approve(run=big_run, actor=reviewer)

    assert approved.approval_status == "approved"
    approval = PayoutApproval.objects.get()
    assert (approval.run, approval.approved_by, approval.approved_at) == (big_run, reviewer, at(3, 16, 14))
    assert (approval.total_fen, approval.payout_count) == (200000, 2)
    assert set(Payout.objects.values_list("approval_status", "approval_id")) == {("approved", approval.pk)}
    assert [payout.approval_reasons for payout in Payout.objects.select_related("run")] == [
        ["run_total"],
        ["run_total"],
    ]
    paid = payout_confirm(payout=Payout.objects.get(artisan__code="chimeg"), actor=staff_user)
    assert paid.status == "paid"


def test_the_creator_cannot_approve_her_own_run(big_run, staff_user):
    with pytest.raises(SecondApproverRequired) as refused:
        payout_run_approve(run=big_run, actor=staff_user)

    assert refused.value.code == "SECOND_APPROVER_REQUIRED"
    big_run.refresh_from_db()
    assert big_run.approval_status == "awaiting_approval"
    assert PayoutApproval.objects.count() == 0
    assert set(Payout.objects.values_list("approval_status", flat=True)) == {"awaiting_approval"}


def test_staff_without_the_permission_and_non_staff_are_refused(big_run):
    clerk = factories.StaffFactory(username="clerk", is_superuser=False)
    clerk.user_permissions.add(Permission.objects.get(codename="view_payoutrun"))
    permitted_but_not_staff = approver("not-staff")
    permitted_but_not_staff.is_staff = False
    permitted_but_not_staff.save(update_fields=["is_staff"])

    for actor in (clerk, permitted_but_not_staff, None):
        with pytest.raises(PermissionDenied):
            payout_run_approve(run=big_run, actor=actor)

    assert PayoutApproval.objects.count() == 0


def test_a_run_made_by_the_weekly_schedule_is_approved_by_one_staff_member(
    settings, chimeg, reviewer, cart_sale
):
    settings.LEDGER_PAYOUT_APPROVAL_THRESHOLD_FEN = 10_000
    sale_lines_post(lines=[cart_sale("C/3", 20000, at(3, 1))])
    run = payout_run_create(run_date=RUN_DAY, actor=None, at=at(3, 16))

    assert payout_run_approve(run=run, actor=reviewer).approval_status == "approved"


def test_approving_twice_changes_nothing_and_a_run_under_the_threshold_needs_none(
    big_run, reviewer, chimeg, staff_user, cart_sale
):
    payout_run_approve(run=big_run, actor=reviewer)
    again = payout_run_approve(run=big_run, actor=approver("another"))

    assert again.approval_status == "approved"
    assert PayoutApproval.objects.get().approved_by == reviewer
    sale_lines_post(lines=[cart_sale("C/4", 20000, at(3, 20))])
    small = payout_run_create(run_date=datetime.date(2026, 3, 30), actor=staff_user, at=at(3, 30))
    assert (small.total_fen, small.approval_status) == (14000, "not_required")
    with pytest.raises(InvalidState):
        payout_run_approve(run=small, actor=reviewer)
    assert PayoutApproval.objects.count() == 1


def test_a_payout_refused_by_failing_it_is_not_released_and_her_money_returns(
    big_run, reviewer, chimeg, time_machine
):
    time_machine.move_to(at(3, 16, 13))
    payout_fail(payout=Payout.objects.get(artisan=chimeg), reason="金额可疑，待核实销售")

    payout_run_approve(run=big_run, actor=reviewer)

    approval = PayoutApproval.objects.get()
    assert (approval.total_fen, approval.payout_count) == (60000, 1)
    assert Payout.objects.get(artisan=chimeg).status == "failed"
    assert artisan_balance(artisan=chimeg, at=at(3, 17)).available_fen == 140000


@pytest.fixture
def new_bank_run(chimeg, staff_user, reviewer, cart_sale):
    """其木格's bank details, entered by the reviewer; her first payout to them (140.00, under the
    threshold)."""
    payout_profile_save(
        artisan=chimeg, method=PayoutMethod.BANK, account_name="其木格", bank_name="青海银行",
        account_number="6214 0000 1111 2222", actor=reviewer,
    )  # fmt: skip
    sale_lines_post(lines=[cart_sale("C/5", 20000, at(3, 1))])
    return payout_run_create(run_date=RUN_DAY, actor=staff_user, at=at(3, 16))


def test_whoever_entered_the_new_bank_details_cannot_approve_the_payout_to_them(new_bank_run, reviewer):
    with pytest.raises(SecondApproverRequired) as refused:
        payout_run_approve(run=new_bank_run, actor=reviewer)

    assert "其木格" in str(refused.value.message)
    assert PayoutApproval.objects.count() == 0
    payout_run_approve(run=new_bank_run, actor=approver("third"))
    assert Payout.objects.get().approval_status == "approved"
