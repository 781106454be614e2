"""The admin's second-person steps: a run's approval and marking payouts paid, each on a confirmation
page that shows the total and the count before anything is written."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from ledger.models import Payout, PayoutApproval, PayoutMethod, PayoutProfile, PayoutProfileChange
from ledger.services import payout_run_approve, payout_run_create, sale_lines_post
from tests import factories
from tests.ledger.support import at


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def creator_client(staff_user):
    """The staff member who starts runs (a superuser: she has every permission, approval included)."""
    return _signed_in(staff_user)


@pytest.fixture
def reviewer_client(reviewer):
    return _signed_in(reviewer)


@pytest.fixture
def run(chimeg, xiulan, purse, staff_user, cart_sale):
    """其木格's first bank payout (140.00, it waits) and 李秀兰's cash payout (120.00, it does not)."""
    PayoutProfile.objects.create(
        artisan=chimeg, method=PayoutMethod.BANK, account_name="其木格", bank_name="青海银行",
        account_number="6214 0000 1111 2222",
    )  # fmt: skip
    sale_lines_post(
        lines=[
            cart_sale("C/1", 20000, at(3, 1)),
            cart_sale("C/2", 20000, at(3, 1), artisan_id=xiulan.pk, product_id=purse.pk),
        ]
    )
    return payout_run_create(run_date=at(3, 16).date(), actor=staff_user, at=at(3, 16))


def _approve_url(run) -> str:
    return reverse("admin:ledger_payoutrun_approve", args=[run.pk])


def test_the_run_page_says_what_waits_for_approval_and_why(creator_client, run):
    page = creator_client.get(reverse("admin:ledger_payoutrun_change", args=[run.pk])).content.decode()

    assert "第二人审批" in page and "首次付款到新的收款账户" in page
    assert "待审批：1 笔，合计 ¥140.00。" in page
    assert "6214 0000 1111 2222" in page
    # She started it: no approve button for her, and the page says who may approve.
    assert _approve_url(run) not in page and "需由发起人以外" in page


def test_a_second_staff_member_approves_on_a_confirmation_page(reviewer_client, reviewer, run):
    run_page = reviewer_client.get(reverse("admin:ledger_payoutrun_change", args=[run.pk])).content.decode()
    assert _approve_url(run) in run_page

    confirmation = reviewer_client.get(_approve_url(run))

    page = confirmation.content.decode()
    assert confirmation.status_code == 200
    assert "审批并放行 1 笔，合计 ¥140.00" in page and "其木格" in page and "李秀兰" not in page
    assert PayoutApproval.objects.count() == 0  # looking is not approving

    response = reviewer_client.post(_approve_url(run))

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:ledger_payoutrun_change", args=[run.pk])
    approval = PayoutApproval.objects.get()
    assert (approval.run_id, approval.approved_by, approval.total_fen, approval.payout_count) == (
        run.pk,
        reviewer,
        14000,
        1,
    )
    assert Payout.objects.get(method="bank").approval_status == "approved"
    after = reviewer_client.get(reverse("admin:ledger_payoutrun_change", args=[run.pk])).content.decode()
    assert "已由 reviewer 于" in after and "放行 1 笔付款，合计 ¥140.00" in after


def test_the_creator_is_refused_on_the_approval_page_and_nothing_is_written(creator_client, run):
    response = creator_client.post(_approve_url(run))

    assert response.status_code == 200
    assert "付款批次不能由发起人自己审批" in response.content.decode()
    run.refresh_from_db()
    assert run.approval_status == "awaiting_approval"
    assert PayoutApproval.objects.count() == 0
    assert Payout.objects.get(method="bank").approval_status == "awaiting_approval"


def test_staff_without_the_approval_permission_cannot_open_the_approval_page(run):
    clerk = factories.StaffFactory(username="clerk", is_superuser=False)
    clerk.user_permissions.add(Permission.objects.get(codename="view_payoutrun"))
    client = _signed_in(clerk)

    assert client.get(reverse("admin:ledger_payoutrun_change", args=[run.pk])).status_code == 200
    assert client.get(_approve_url(run)).status_code == 403
    assert client.post(_approve_url(run)).status_code == 403
    assert PayoutApproval.objects.count() == 0


def test_marking_paid_shows_the_total_and_the_count_before_anything_is_paid(creator_client, reviewer, run):
    payout_run_approve(run=run, actor=reviewer)
    selected = list(Payout.objects.order_by("pk").values_list("pk", flat=True))
    url = reverse("admin:ledger_payout_changelist")

    confirmation = creator_client.post(url, {"action": "confirm_paid", "_selected_action": selected})

    page = confirmation.content.decode()
    assert confirmation.status_code == 200
    assert "确认 2 笔已付款，合计 ¥260.00" in page
    assert set(Payout.objects.values_list("status", flat=True)) == {"pending"}

    creator_client.post(
        url,
        {
            "action": "confirm_paid",
            "_selected_action": selected,
            "confirm": "yes",
            "count": "2",
            "total_fen": "26000",
        },
    )

    assert set(Payout.objects.values_list("status", flat=True)) == {"paid"}


def test_a_payout_awaiting_approval_is_left_out_of_marking_paid(creator_client, run):
    bank = Payout.objects.get(method="bank")
    cash = Payout.objects.get(method="cash")
    url = reverse("admin:ledger_payout_changelist")
    selected = [bank.pk, cash.pk]

    page = creator_client.post(url, {"action": "confirm_paid", "_selected_action": selected}).content.decode()
    assert "确认 1 笔已付款，合计 ¥120.00" in page and "待第二位工作人员审批" in page

    # A form that claims both (as if the bank one had been on the page) confirms nothing: it is shown again.
    again = creator_client.post(
        url,
        {"action": "confirm_paid", "_selected_action": selected, "confirm": "yes", "count": "2",
         "total_fen": "26000"},
    )  # fmt: skip
    assert "所选付款的状态已经变化" in again.content.decode()
    assert list(Payout.objects.order_by("pk").values_list("status", flat=True)) == ["pending", "pending"]

    creator_client.post(
        url,
        {"action": "confirm_paid", "_selected_action": selected, "confirm": "yes", "count": "1",
         "total_fen": "12000"},
    )  # fmt: skip
    bank.refresh_from_db()
    cash.refresh_from_db()
    assert (bank.status, cash.status) == ("pending", "paid")


def test_changing_bank_details_in_the_admin_is_recorded_with_who_and_when(creator_client, staff_user, chimeg):
    add = reverse("admin:ledger_payoutprofile_add")
    form = {"artisan": chimeg.pk, "method": "bank", "account_name": "其木格", "bank_name": "青海银行",
            "account_number": "6214 0000 1111 2222", "stripe_account_id": "",
            "changes-TOTAL_FORMS": "0", "changes-INITIAL_FORMS": "0"}  # fmt: skip

    assert creator_client.post(add, form).status_code == 302
    profile = PayoutProfile.objects.get()
    change = reverse("admin:ledger_payoutprofile_change", args=[profile.pk])
    creator_client.post(change, {**form, "account_number": "6214 9999 8888 7777"})
    creator_client.post(change, {**form, "account_number": "6214 9999 8888 7777"})  # saved again, unchanged

    profile.refresh_from_db()
    assert (profile.account_number, profile.details_changed_by) == ("6214 9999 8888 7777", staff_user)
    history = list(PayoutProfileChange.objects.order_by("pk").values_list("changed_by", "summary"))
    assert history == [
        (staff_user.pk, "其木格 青海银行 ****2222"),
        (staff_user.pk, "其木格 青海银行 ****7777"),
    ]
    assert "****7777" in creator_client.get(change).content.decode()
