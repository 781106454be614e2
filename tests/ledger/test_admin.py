import datetime

import pytest
from django.test import Client
from django.urls import reverse

from ledger.models import JournalTransaction, Payout, PayoutMethod, PayoutProfile, PayoutRun
from ledger.services import payout_run_create, sale_lines_post
from tests.ledger.support import at


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def reviewer_client(reviewer):
    """The second staff member's browser (she has the approval permission and is no superuser)."""
    client = Client()
    client.force_login(reviewer)
    return client


@pytest.fixture
def run(chimeg, staff_user, cart_sale):
    PayoutProfile.objects.create(
        artisan=chimeg,
        method=PayoutMethod.BANK,
        account_name="其木格",
        bank_name="青海银行",
        account_number="6214",
    )
    sale_lines_post(lines=[cart_sale("C/1", 20000, at(3, 1))])
    return payout_run_create(run_date=at(3, 16).date(), actor=staff_user, at=at(3, 16))


def test_the_journal_is_shown_and_never_edited(admin_client, run):
    tx = JournalTransaction.objects.get(kind="sale")

    assert admin_client.get(reverse("admin:ledger_journaltransaction_changelist")).status_code == 200
    page = admin_client.get(reverse("admin:ledger_journaltransaction_change", args=[tx.pk]))
    assert page.status_code == 200 and "¥140.00" in page.content.decode()
    assert admin_client.get(reverse("admin:ledger_journaltransaction_add")).status_code == 403
    assert (
        admin_client.post(reverse("admin:ledger_journaltransaction_delete", args=[tx.pk])).status_code == 403
    )
    assert admin_client.get(reverse("admin:ledger_salesplit_changelist")).status_code == 200


def test_the_trial_balance_page_shows_zero(admin_client, run):
    assert admin_client.get(reverse("admin:ledger_account_changelist")).status_code == 200

    page = admin_client.get(reverse("admin:ledger_trial_balance")).content.decode()

    assert "试算平衡表" in page and "应付手工艺人" in page and "¥0.00" in page


def test_staff_start_a_run_and_download_its_bank_file_and_cash_sheet(admin_client, chimeg, cart_sale):
    sale_lines_post(lines=[cart_sale("C/2", 20000, at(3, 1))])

    response = admin_client.post(
        reverse("admin:ledger_payoutrun_add"), {"run_date": "2026-11-01", "minimum_yuan": "100.00"}
    )

    run = PayoutRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "admin:ledger_payoutrun_change", args=[run.pk]
    )
    assert Payout.objects.get().amount_fen == 14000
    page = admin_client.get(response["Location"]).content.decode()
    assert "下载银行批量文件" in page and "打印现金签收单" in page
    sheet = admin_client.get(reverse("admin:ledger_payoutrun_cash_sheet", args=[run.pk])).content.decode()
    assert "其木格" in sheet and "壹佰肆拾元整" in sheet
    csv = admin_client.get(reverse("admin:ledger_payoutrun_bank_csv", args=[run.pk]))
    assert csv.content.decode("utf-8-sig") == "收款人户名,开户银行,收款账号,金额（元）,附言\r\n"


def test_a_bad_minimum_is_shown_on_the_form(admin_client):
    response = admin_client.post(
        reverse("admin:ledger_payoutrun_add"), {"run_date": "2026-11-01", "minimum_yuan": "abc"}
    )

    assert (
        response.status_code == 200
        and "请输入以元为单位的金额，例如 1680 或 1680.00。" in response.content.decode()
    )
    assert PayoutRun.objects.count() == 0


def test_the_run_form_offers_todays_date_as_the_date_picker_reads_it(admin_client, time_machine):
    # given: 6 December, 20:00 in Qinghai (12:00 UTC)
    time_machine.move_to(datetime.datetime(2026, 12, 6, 12, 0, tzinfo=datetime.UTC), tick=False)

    page = admin_client.get(reverse("admin:ledger_payoutrun_add")).content.decode()

    # then: ISO in the date input (a localized "2026/12/06" left it empty) and the minimum in yuan
    assert 'type="date" name="run_date" value="2026-12-06"' in page
    assert 'name="minimum_yuan" value="100.00"' in page


def test_staff_fail_a_payout_with_a_reason(admin_client, run):
    payout = run.payouts.get()
    url = reverse("admin:ledger_payout_changelist")

    form = admin_client.post(url, {"action": "mark_failed", "_selected_action": [payout.pk]})
    assert form.status_code == 200 and "失败原因" in form.content.decode()
    assert Payout.objects.get().status == "pending"

    admin_client.post(url, {"action": "mark_failed", "_selected_action": [payout.pk], "reason": "账号已注销"})

    assert (Payout.objects.get().status, Payout.objects.get().failure_reason) == ("failed", "账号已注销")


def test_staff_read_a_statement_as_a_page_and_as_a_pdf(admin_client, chimeg, run):
    url = reverse("admin:ledger_statement")
    query = {"artisan": chimeg.pk, "date_from": "2026-03-01", "date_to": "2026-03-31"}

    assert "手工艺人对账单" in admin_client.get(url).content.decode()
    page = admin_client.get(url, query).content.decode()
    assert "其木格" in page and "期末应得" in page
    pdf = admin_client.get(url, {**query, "pdf": "on"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_a_bank_profile_needs_its_account(admin_client, chimeg):
    response = admin_client.post(
        reverse("admin:ledger_payoutprofile_add"),
        {"artisan": chimeg.pk, "method": "bank", "account_name": "其木格"},
    )

    assert response.status_code == 200 and "银行转账需要填写开户银行和银行账号" in response.content.decode()
    assert PayoutProfile.objects.count() == 0
