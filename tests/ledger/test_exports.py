import pytest

from ledger.exports import amount_in_words, payout_run_bank_csv, payout_run_cash_sheet_html, yuan
from ledger.models import PayoutMethod, PayoutProfile
from ledger.services import payout_confirm, payout_run_approve, payout_run_create, sale_lines_post
from tests import factories
from tests.ledger.support import at


@pytest.fixture
def unapproved_run(chimeg, xiulan, purse, staff_user, cart_sale):
    """其木格 is paid by bank (117.61, her first bank payout: it waits for approval), 李秀兰 and 乌云
    in cash (600.03 and 140.00)."""
    PayoutProfile.objects.create(
        artisan=chimeg, method=PayoutMethod.BANK, account_name="其木格", bank_name="青海银行乌兰支行",
        account_number="6214830012345678",
    )  # fmt: skip
    wuyun = factories.ArtisanFactory(code="wuyun", name_zh="乌云", name_latin="Wuyun")
    factories.AgreementFactory(artisan=wuyun)
    sale_lines_post(
        lines=[
            cart_sale("C/1", 16801, at(3, 1)),  # 11761 (7000 bp of 16801 = 11760.7)
            cart_sale("C/2", 100005, at(3, 1), artisan_id=xiulan.pk, product_id=purse.pk),  # 60003
            cart_sale("C/3", 20000, at(3, 1), artisan_id=wuyun.pk),  # 14000
        ]
    )
    return payout_run_create(run_date=at(3, 16).date(), actor=staff_user, at=at(3, 16))


@pytest.fixture
def run(unapproved_run, reviewer):
    return payout_run_approve(run=unapproved_run, actor=reviewer)


def test_a_payout_awaiting_approval_is_not_in_the_bank_file(unapproved_run):
    assert unapproved_run.payouts.get(method="bank").approval_status == "awaiting_approval"

    assert payout_run_bank_csv(run=unapproved_run) == "收款人户名,开户银行,收款账号,金额（元）,附言\r\n"


def test_a_run_over_the_threshold_has_no_cash_sheet_rows_until_approved(
    settings, xiulan, purse, staff_user, reviewer, cart_sale
):
    settings.LEDGER_PAYOUT_APPROVAL_THRESHOLD_FEN = 50_000
    sale_lines_post(lines=[cart_sale("C/4", 100005, at(3, 1), artisan_id=xiulan.pk, product_id=purse.pk)])
    run = payout_run_create(run_date=at(3, 16).date(), actor=staff_user, at=at(3, 16))

    before = payout_run_cash_sheet_html(run=run)
    payout_run_approve(run=run, actor=reviewer)
    after = payout_run_cash_sheet_html(run=run)

    assert before.count('<td class="sign"></td>') == 0 and "李秀兰" not in before
    assert after.count('<td class="sign"></td>') == 1 and "陆佰元零叁分" in after


def test_the_bank_batch_file_lists_each_bank_payout_in_yuan(chimeg, run):
    assert payout_run_bank_csv(run=run) == (
        "收款人户名,开户银行,收款账号,金额（元）,附言\r\n"
        f"其木格,青海银行乌兰支行,6214830012345678,117.61,payout-20260316-{chimeg.pk}\r\n"
    )


def test_a_confirmed_payout_leaves_the_bank_file(run, staff_user):
    payout_confirm(payout=run.payouts.get(method="bank"), actor=staff_user)

    assert payout_run_bank_csv(run=run) == "收款人户名,开户银行,收款账号,金额（元）,附言\r\n"


def test_the_cash_sheet_has_a_signature_line_for_each_cash_payout(run):
    html = payout_run_cash_sheet_html(run=run)

    assert html.count('<td class="sign"></td>') == 2
    assert "乌云" in html and "李秀兰" in html and "其木格" not in html
    assert "陆佰元零叁分" in html  # 李秀兰's 600.03
    assert "¥740.03" in html and "柒佰肆拾元零叁分" in html  # the total


@pytest.mark.parametrize(
    ("fen", "words"),
    [
        (0, "零元整"),
        (5, "伍分"),
        (50, "伍角"),
        (10000, "壹佰元整"),
        (12345, "壹佰贰拾叁元肆角伍分"),
        (100005, "壹仟元零伍分"),
        (1000000, "壹万元整"),
        (10010000, "壹拾万零壹佰元整"),
        (100000100, "壹佰万零壹元整"),
        (10_0000_0001_00, "壹拾亿零壹元整"),
    ],
)
def test_amounts_in_capital_numerals(fen, words):
    assert amount_in_words(fen) == words


def test_yuan_has_two_decimals_and_no_separators():
    assert [yuan(0), yuan(7), yuan(123456789)] == ["0.00", "0.07", "1234567.89"]
