"""Every report downloads as CSV with the page's figures: amounts in yuan a spreadsheet sums, the
headings in Chinese, UTF-8 with a byte-order mark; each page links to its download."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db
PERIOD = {"date_from": "2026-07-01", "date_to": "2026-07-02"}


@pytest.fixture
def staff_client(client):
    client.force_login(factories.StaffFactory(username="finance"))
    return client


def rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content
    assert body.startswith("\ufeff".encode())  # the BOM spreadsheet programs look for
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_sales_by_cart_and_day_as_csv(staff_client, season):
    by_day = staff_client.get(reverse("reports:sales"), {**PERIOD, "format": "csv"})
    by_cart = staff_client.get(reverse("reports:sales"), {**PERIOD, "format": "csv", "table": "by-cart"})

    assert by_day["Content-Disposition"] == 'attachment; filename="sales-by-day-2026-07-01-2026-07-02.csv"'
    assert rows(by_day) == [
        ["日期", "零售车", "订单", "件数", "实收（元）", "已退（元）", "净额（元）"],
        ["2026-07-02", "茶卡盐湖零售车", "1", "1", "98.00", "0.00", "98.00"],
        ["2026-07-01", "翡翠湖零售车", "1", "1", "98.00", "0.00", "98.00"],
        ["2026-07-01", "茶卡盐湖零售车", "1", "2", "1460.00", "90.00", "1370.00"],
        ["2026-07-01", "网店", "1", "0", "1000.00", "1000.00", "0.00"],
    ]
    assert rows(by_cart) == [
        ["零售车", "订单", "件数", "实收（元）", "已退（元）", "净额（元）"],
        ["翡翠湖零售车", "1", "1", "98.00", "0.00", "98.00"],
        ["茶卡盐湖零售车", "2", "3", "1558.00", "90.00", "1468.00"],
        ["网店", "1", "0", "1000.00", "1000.00", "0.00"],
        ["合计", "", "4", "2656.00", "1090.00", "1566.00"],
    ]


@pytest.mark.parametrize(("name", "first"), [("artisans", "乌仁"), ("categories", "蒙古服饰")])
def test_by_artisan_and_by_category_as_csv(staff_client, season, name, first):
    table = rows(staff_client.get(reverse(f"reports:{name}"), {**PERIOD, "format": "csv"}))

    assert table[1] == [first, "2", "1", "2280.00", "1000.00", "1280.00"]
    assert table[-1][0] == "合计"


def test_weekly_sales_as_csv(staff_client, season, monkeypatch):
    from orders import selectors_reports

    real = selectors_reports.weekly_sales_by_cart
    monkeypatch.setattr(
        "orders.views.weekly_sales_by_cart", lambda: real(weeks=2, until=datetime.date(2026, 7, 5))
    )

    table = rows(staff_client.get(reverse("reports:weekly"), {"format": "csv"}))

    assert table == [
        ["周（周一）", "翡翠湖零售车", "茶卡盐湖零售车"],
        ["2026-06-22", "0.00", "0.00"],
        ["2026-06-29", "98.00", "1468.00"],
    ]


def test_the_trial_balance_as_csv(staff_client):
    table = rows(staff_client.get(reverse("reports:trial_balance"), {"format": "csv"}))

    assert table[0] == ["账户类型", "借方（元）", "贷方（元）"]
    assert table[-2:] == [["合计", "0.00", "0.00"], ["差额（应为零）", "0.00", ""]]


def test_each_report_page_links_to_its_csv_with_its_period(staff_client, season):
    page = staff_client.get(reverse("reports:artisans"), PERIOD).content.decode()

    assert 'href="?date_from=2026-07-01&amp;date_to=2026-07-02&amp;format=csv" download>下载 CSV</a>' in page


def test_an_operator_gets_no_csv(client, season):
    operator = factories.OperatorFactory(carts=[factories.CartFactory()])
    client.force_login(operator.user)

    assert client.get(reverse("reports:sales"), {**PERIOD, "format": "csv"}).status_code == 403
