"""The report pages: staff only, the figures on the page, the chart an SVG with a line per cart, the
trial balance zero (and loud when it is not), and a way in from the admin's index."""

import datetime
import re

import pytest
from django.db import connection
from django.urls import reverse

from ledger.models import Account, JournalTransaction
from ledger.services.journal import AccountKey, account_ids
from tests import factories

pytestmark = pytest.mark.django_db

PAGES = ["index", "sales", "artisans", "categories", "weekly", "trial_balance"]


@pytest.fixture
def staff_client(client):
    client.force_login(factories.StaffFactory(username="finance"))
    return client


@pytest.mark.parametrize("name", PAGES)
def test_a_stranger_is_sent_to_sign_in(client, name):
    url = reverse(f"reports:{name}")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"


@pytest.mark.parametrize("name", PAGES)
def test_an_operator_is_refused(client, name):
    operator = factories.OperatorFactory(carts=[factories.CartFactory()])
    client.force_login(operator.user)

    assert client.get(reverse(f"reports:{name}")).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_staff_see_every_page_even_empty(staff_client, name):
    assert staff_client.get(reverse(f"reports:{name}")).status_code == 200


def cells(html, table_id):
    """The text of each row of a table, its cells stripped of tags."""
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S).group(0)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
        for row in rows
    ]


def test_sales_by_cart_and_day_for_a_period(staff_client, season):
    html = staff_client.get(
        reverse("reports:sales"), {"date_from": "2026-07-01", "date_to": "2026-07-02"}
    ).content.decode()

    assert cells(html, "by-cart")[1:] == [
        ["翡翠湖零售车", "1", "1", "¥98.00", "¥0.00", "¥98.00"],
        ["茶卡盐湖零售车", "2", "3", "¥1,558.00", "¥90.00", "¥1,468.00"],
        ["网店", "1", "0", "¥1,000.00", "¥1,000.00", "¥0.00"],
        ["合计", "", "4", "¥2,656.00", "¥1,090.00", "¥1,566.00"],
    ]
    assert [row[:2] + row[-1:] for row in cells(html, "by-day")[1:]] == [
        ["2026-07-02 星期四", "茶卡盐湖零售车", "¥98.00"],
        ["2026-07-01 星期三", "翡翠湖零售车", "¥98.00"],
        ["", "茶卡盐湖零售车", "¥1,370.00"],
        ["", "网店", "¥0.00"],
    ]


def test_without_dates_the_last_thirty_days_with_sales(staff_client, season):
    response = staff_client.get(reverse("reports:sales"))

    assert response.context["form"].initial == {
        "date_from": datetime.date(2026, 6, 3),
        "date_to": datetime.date(2026, 7, 2),
    }
    html = response.content.decode()
    assert 'value="2026-06-03"' in html and 'value="2026-07-02"' in html  # what <input type=date> reads
    assert cells(html, "by-cart")[-1][-1] == "¥2,846.00"  # C-0 on 06-20 too


def test_a_period_that_ends_before_it_starts_is_refused(staff_client, season):
    html = staff_client.get(
        reverse("reports:sales"), {"date_from": "2026-07-02", "date_to": "2026-07-01"}
    ).content.decode()

    assert "开始日期不能晚于结束日期。" in html


@pytest.mark.parametrize(("name", "first"), [("artisans", "乌仁"), ("categories", "蒙古服饰")])
def test_by_artisan_and_by_category(staff_client, season, name, first):
    html = staff_client.get(
        reverse(f"reports:{name}"), {"date_from": "2026-07-01", "date_to": "2026-07-02"}
    ).content.decode()

    assert cells(html, "report")[1] == [first, "2", "1", "¥2,280.00", "¥1,000.00", "¥1,280.00"]


def test_the_chart_is_an_svg_with_a_line_and_a_legend_per_cart(staff_client, season, time_machine):
    # given: the week the season's sales end in (the chart shows the twelve weeks up to today)
    time_machine.move_to(datetime.datetime(2026, 7, 5, 12, tzinfo=datetime.UTC), tick=False)

    html = staff_client.get(reverse("reports:weekly")).content.decode()

    svg = re.search(r'<svg[^>]*id="weekly-chart".*?</svg>', html, re.S).group(0)
    assert re.findall(r'<g class="series" data-series="([^"]+)"', svg) == ["翡翠湖零售车", "茶卡盐湖零售车"]
    assert len(re.findall(r"<polyline ", svg)) == 2
    legend = re.search(r'<g class="legend".*?</g>', svg, re.S).group(0)
    assert "翡翠湖零售车（¥98.00）" in legend and "茶卡盐湖零售车（¥2,748.00）" in legend
    assert "06-29" in svg and "<script" not in svg


def test_the_trial_balance_is_zero_and_says_so(staff_client):
    html = staff_client.get(reverse("reports:trial_balance")).content.decode()

    assert 'class="balance-ok"' in html and 'class="balance-off"' not in html
    assert ["差额（应为零）", "¥0.00"] in cells(html, "trial-balance")


def test_a_trial_balance_off_zero_is_shown_in_red(staff_client, require_postgresql):
    # given: a journal transaction mis-keyed by one yuan. The database refuses such entries (the
    # ledger_entries_balance trigger), so the test writes them with that one trigger switched off for
    # the statement, in its own transaction (rolled back after it).
    accounts = account_ids([AccountKey(Account.Kind.BANK), AccountKey(Account.Kind.OFFICE_CASH)])
    when = datetime.datetime(2026, 7, 1, 9, tzinfo=datetime.UTC)
    mis_keyed = JournalTransaction.objects.create(
        kind=JournalTransaction.Kind.ADJUSTMENT, reference="ADJ-1", idempotency_key="adj-1", occurred_at=when
    )
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE ledger_journalentry DISABLE TRIGGER ledger_entries_balance")
        cursor.execute(
            "INSERT INTO ledger_journalentry (transaction_id, account_id, amount_fen, occurred_at) "
            "VALUES (%s, %s, 10000, %s), (%s, %s, -9900, %s)",
            [mis_keyed.pk, accounts[AccountKey(Account.Kind.BANK)], when]
            + [mis_keyed.pk, accounts[AccountKey(Account.Kind.OFFICE_CASH)], when],
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the foreign keys checked now: the table can change
        cursor.execute("ALTER TABLE ledger_journalentry ENABLE TRIGGER ledger_entries_balance")

    # when
    html = staff_client.get(reverse("reports:trial_balance")).content.decode()

    # then: the alert, the accounts as they stand, and the difference in red
    assert 'class="balance-ok"' not in html
    status = re.search(r'<p class="balance-off" id="balance-status" role="alert">(.*?)</p>', html, re.S)
    assert status.group(1) == "账本不平衡！差额 ¥1.00，应为零。请立即检查日记账。"
    rows = cells(html, "trial-balance")
    assert ["项目银行账户", "¥100.00", ""] in rows
    assert ["办公室现金", "", "¥99.00"] in rows
    assert rows[-2:] == [["合计", "¥100.00", "¥99.00"], ["差额（应为零）", "¥1.00"]]
    assert '<tr class="balance-off"><th>差额（应为零）</th>' in html


def test_the_admin_index_links_to_the_reports(staff_client):
    html = staff_client.get(reverse("admin:index")).content.decode()

    assert f'href="{reverse("reports:sales")}"' in html
    assert f'href="{reverse("reports:trial_balance")}"' in html
