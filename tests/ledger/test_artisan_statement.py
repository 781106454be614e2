import datetime
import shutil
import subprocess

import pytest

from ledger.models import Channel
from ledger.services import payout_fail, payout_run_create, refund_post, sale_lines_post
from ledger.statements import artisan_statement, statement_html, statement_pdf
from tests.ledger.support import at

MARCH = (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))


@pytest.fixture
def season(chimeg, staff_user, cart_sale):
    """February: one sale. March: sales at the cart and online, a refund, a payout that failed and one
    that went out."""
    sale_lines_post(
        lines=[
            cart_sale("C/0", 10000, at(2, 20)),  # 7000, opening balance
            cart_sale("C/1", 16800, at(3, 2), quantity=2),  # 11760
            cart_sale(
                "W/1", 20000, at(3, 5), channel=Channel.ONLINE, location_id=None, operator_user_id=None
            ),  # 14000
        ]
    )
    refund_post(reference="C/1", refunded_fen=8400, occurred_at=at(3, 6), refund_reference="R/1")  # -5880
    failed = payout_run_create(
        run_date=datetime.date(2026, 3, 9), actor=staff_user, at=at(3, 9)
    ).payouts.get()
    payout_fail(payout=failed, reason="银行退回")  # -7000 then +7000 (now, after March: not in the period)
    payout_run_create(run_date=datetime.date(2026, 3, 16), actor=staff_user, at=at(3, 16))  # -(7000+5880+...)
    sale_lines_post(lines=[cart_sale("C/2", 5000, at(4, 1))])  # April: not in March


def test_the_statement_figures_sum_exactly(chimeg, season):
    statement = artisan_statement(artisan=chimeg, date_from=MARCH[0], date_to=MARCH[1])

    assert statement.opening_fen == 7000
    assert statement.sales_fen == 11760 + 14000
    assert statement.refunds_fen == 5880
    assert statement.payouts_fen == 12880 + 14000
    assert statement.returned_fen == 0
    assert statement.closing_fen == 0
    assert statement.closing_fen == (
        statement.opening_fen + statement.sales_fen - statement.refunds_fen - statement.payouts_fen
        + statement.returned_fen + statement.adjustments_fen
    )  # fmt: skip
    assert [
        (line.kind, line.place, line.quantity, line.amount_fen, line.share_fen) for line in statement.lines
    ] == [
        ("sale", "茶卡盐湖零售车", 2, 16800, 11760),
        ("sale", "网店", 1, 20000, 14000),
        ("refund", "茶卡盐湖零售车", None, 8400, -5880),
        ("payout", "现金", None, 12880, -12880),
        ("payout", "现金", None, 14000, -14000),
    ]
    assert statement.lines[0].product == "蓝缎蒙古袍"


def test_the_next_period_opens_where_this_one_closed(chimeg, season):
    march = artisan_statement(artisan=chimeg, date_from=MARCH[0], date_to=MARCH[1])
    later = artisan_statement(
        artisan=chimeg, date_from=datetime.date(2026, 4, 1), date_to=datetime.date(2099, 1, 1)
    )

    assert later.opening_fen == march.closing_fen
    assert later.returned_fen == 12880  # the failed payout came back when it was failed (today)
    assert (later.sales_fen, later.closing_fen) == (3500, 16380)
    assert later.closing_fen == later.balance.owed_fen


def test_the_page_shows_her_figures_in_chinese(chimeg, season):
    html = statement_html(statement=artisan_statement(artisan=chimeg, date_from=MARCH[0], date_to=MARCH[1]))

    assert "其木格" in html and "蓝缎蒙古袍" in html and "期末应得" in html
    assert "¥257.60" in html  # 11760 + 14000 in sales


def test_the_pdf_renders_her_chinese_text(chimeg, season, tmp_path):
    # poppler-utils is installed by `make test` (scripts/install-system-packages.sh).
    assert shutil.which("pdftotext"), "pdftotext missing: run the suite with `make test`"
    pdf = statement_pdf(statement=artisan_statement(artisan=chimeg, date_from=MARCH[0], date_to=MARCH[1]))

    path = tmp_path / "statement.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert pdf.startswith(b"%PDF")
    for words in ("其木格", "蓝缎蒙古袍", "茶卡盐湖零售车", "期末应得", "¥257.60"):
        assert words in text
