"""What a payout run hands to people outside the system: the bank's batch file and the cash sheet."""

import csv
import io
from dataclasses import dataclass

from django.template.loader import render_to_string

from core.money import format_fen
from ledger.models import ApprovalStatus, Payout, PayoutMethod, PayoutRun

# The bank's batch template: fixed Chinese column names, whatever the language of the page.
BANK_CSV_HEADER = ("收款人户名", "开户银行", "收款账号", "金额（元）", "附言")
DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ("", "拾", "佰", "仟")
GROUPS = ("", "万", "亿", "万亿")


def yuan(amount_fen: int) -> str:
    """Integer fen as yuan with two decimals and no separators: 123456 -> '1234.56'."""
    return format_fen(amount_fen, symbol="").replace(",", "")


def payout_run_bank_csv(*, run: PayoutRun) -> str:
    """The run's bank payouts still to be paid (and not awaiting approval), one row each, in the bank's
    batch format."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(BANK_CSV_HEADER)
    for payout in _payouts(run, PayoutMethod.BANK):
        writer.writerow(
            (
                payout.payee_name,
                payout.bank_name,
                payout.account_number,
                yuan(payout.amount_fen),
                payout.idempotency_key,
            )
        )
    return out.getvalue()


@dataclass(frozen=True)
class CashSheetRow:
    number: int
    payout: Payout
    amount: str
    amount_in_words: str


def payout_run_cash_sheet_html(*, run: PayoutRun) -> str:
    """A printable page of the run's cash payouts still to be paid (and not awaiting approval), with a
    line for each signature."""
    rows = [
        CashSheetRow(number, payout, format_fen(payout.amount_fen), amount_in_words(payout.amount_fen))
        for number, payout in enumerate(_payouts(run, PayoutMethod.CASH), start=1)
    ]
    total = sum(row.payout.amount_fen for row in rows)
    return render_to_string(
        "ledger/cash_sheet.html",
        {
            "run": run,
            "rows": rows,
            "total": format_fen(total),
            "total_in_words": amount_in_words(total),
        },
    )


def _payouts(run: PayoutRun, method: str):
    """Pending payouts cleared to go: one awaiting approval is in neither the bank file nor the sheet."""
    return (
        Payout.objects.filter(run=run, method=method, status=Payout.Status.PENDING)
        .exclude(approval_status=ApprovalStatus.AWAITING_APPROVAL)
        .select_related("artisan")
        .order_by("payee_name", "pk")
    )


def amount_in_words(amount_fen: int) -> str:
    """The amount in Chinese capital numerals, as written on receipts: 12345 -> 壹佰贰拾叁元肆角伍分."""
    if amount_fen < 0:
        return "负" + amount_in_words(-amount_fen)
    whole, fraction = divmod(amount_fen, 100)
    jiao, fen = divmod(fraction, 10)
    words = _whole(whole) + "元" if whole else ""
    if not jiao and not fen:
        return (words or "零元") + "整"
    if jiao:
        words += DIGITS[jiao] + "角"
    elif whole:
        words += "零"
    if fen:
        words += DIGITS[fen] + "分"
    return words


def _whole(number: int) -> str:
    groups = []
    while number:
        number, group = divmod(number, 10_000)
        groups.append(group)
    words, gap = "", False
    for index in reversed(range(len(groups))):
        group = groups[index]
        if group == 0:
            gap = bool(words)
            continue
        if words and (gap or group < 1000):
            words += "零"
        words += _group(group) + GROUPS[index]
        gap = False
    return words


def _group(group: int) -> str:
    words, gap = "", False
    for place in (3, 2, 1, 0):
        digit = group // 10**place % 10
        if digit == 0:
            gap = bool(words)
            continue
        if gap:
            words += "零"
            gap = False
        words += DIGITS[digit] + PLACES[place]
    return words
