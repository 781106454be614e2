"""Shifts and orders are read in the admin, never written there; a shift's Z report is a printable
page; an operator's tablet PIN is set through its own form."""

import html
import re

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from carts.models import Operator, Shift
from carts.services import SaleDraft, SaleLineDraft, operator_create, pos_sync, shift_close, shift_open
from catalog.models import Variant
from catalog.services import VariantInput, product_create
from inventory.services import LineQuantity, intake_create
from orders.models import Order
from tests import factories
from tests.admin.conftest import field_errors


@pytest.fixture(autouse=True)
def fast_hashers(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def operator(cart):
    return operator_create(username="op-chaka", password="gongfang-op", display_name="韩梅", carts=[cart])


@pytest.fixture
def day(cart, operator, chimeg, staff):
    """A closed shift at Chaka: a cash sale of a robe, an Alipay sale of two sashes; 2,000.00 opening,
    3,660.00 counted (expected 3,680.00)."""
    product_create(
        slug="robe",
        name_zh="蓝缎蒙古袍",
        name_en="Robe",
        category=factories.CategoryFactory(),
        variants=[
            VariantInput("MG01-M", 168000, chimeg, name_zh="M 码"),
            VariantInput("MG05-BLU", 23800, chimeg),
        ],
    )
    robe = Variant.objects.get(sku="MG01-M")
    intake_create(artisan=chimeg, lines=[LineQuantity(robe, 1)], actor=staff, location=cart.location)
    shift = shift_open(cart=cart, operator=operator, device_id="tablet-7f3a", opening_cash_fen=200000)

    def sale(n, line, method):
        return SaleDraft(
            client_uuid=f"00000000-0000-4000-8000-{n:012d}",
            shift_id=shift.pk,
            device_time=shift.opened_at,
            receipt_number=f"CHAKA-7F3A-{n:06d}",
            lines=[line],
            payment_method=method,
            amount_fen=line.unit_price_fen * line.quantity,
        )

    pos_sync(
        cart=cart,
        device_id="tablet-7f3a",
        sales=[
            sale(1, SaleLineDraft("MG01-M", 1, 168000), "cash"),
            sale(2, SaleLineDraft("MG05-BLU", 2, 23800), "alipay"),
        ],
        actor=operator.user,
    )
    shift_close(shift=shift, counted_cash_fen=366000, actor=operator.user)
    return shift


def table_rows(page: str, table_id: str) -> list[tuple[str, ...]]:
    """The cells' text of each body row of the table with this id."""
    table = re.search(rf'<table id="{table_id}">(.*?)</table>', page, re.S).group(1)
    body = table.split("<tbody>", 1)[1]
    return [
        tuple(
            html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        )
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


@pytest.mark.django_db
def test_the_z_report_page_shows_the_shifts_figures(admin_client, day):
    # when
    response = admin_client.get(reverse("admin:carts_shift_z_report", args=[day.pk]))

    # then
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Z 报表：茶卡盐湖零售车" in page
    assert table_rows(page, "z-methods") == [
        ("现金", "1", "¥1,680.00", "0", "¥0.00"),
        ("微信支付", "0", "¥0.00", "0", "¥0.00"),
        ("支付宝", "1", "¥476.00", "0", "¥0.00"),
        ("银行卡", "0", "¥0.00", "0", "¥0.00"),
    ]
    assert table_rows(page, "z-summary") == [
        ("销售笔数", "2"),
        ("原价合计", "¥2,156.00"),
        ("优惠", "¥0.00"),
        ("销售额", "¥2,156.00"),
        ("退款笔数", "0"),
        ("退款金额", "¥0.00"),
        ("净销售额", "¥2,156.00"),
        ("需核对的销售", "1"),
    ]
    assert table_rows(page, "z-cash") == [
        ("开班现金", "¥2,000.00"),
        ("现金销售", "¥1,680.00"),
        ("现金退款", "¥0.00"),
        ("应有现金", "¥3,680.00"),
        ("实点现金", "¥3,660.00"),
        ("差额", "-¥20.00"),
    ]
    assert 'class="amount variance-negative">-¥20.00</td>' in page
    assert table_rows(page, "z-pieces") == [
        ("MG01-M", "蓝缎蒙古袍 · M 码", "1", "¥1,680.00"),
        ("MG05-BLU", "蓝缎蒙古袍", "2", "¥476.00"),
    ]
    assert "data-print" in page


@pytest.mark.django_db
def test_the_shift_page_links_to_its_z_report(admin_client, day):
    response = admin_client.get(reverse("admin:carts_shift_change", args=[day.pk]))

    assert response.status_code == 200
    assert reverse("admin:carts_shift_z_report", args=[day.pk]) in response.content.decode()


@pytest.mark.django_db
def test_the_z_report_is_for_staff_only(client, day, operator):
    client.force_login(operator.user)

    response = client.get(reverse("admin:carts_shift_z_report", args=[day.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_an_order_shows_its_lines_and_its_cart_sale(admin_client, day):
    order = Order.objects.get(number="C-CHAKA-7F3A-000002")

    response = admin_client.get(reverse("admin:orders_order_change", args=[order.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    for text in ("MG05-BLU", "¥476.00", "CHAKA-7F3A-000002", "支付宝", "tablet-7f3a", "账面库存不足"):
        assert text in page, text


@pytest.mark.django_db
def test_orders_filter_by_reconciliation(admin_client, day):
    response = admin_client.get(reverse("admin:orders_order_changelist") + "?needs_reconciliation__exact=1")

    assert response.status_code == 200
    page = response.content.decode()
    assert "C-CHAKA-7F3A-000002" in page
    assert "C-CHAKA-7F3A-000001" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Shift, Order])
def test_shifts_and_orders_cannot_be_written_in_the_admin(staff, model):
    request = RequestFactory().get("/")
    request.user = staff
    model_admin = admin.site.get_model_admin(model)

    assert (
        model_admin.has_add_permission(request),
        model_admin.has_change_permission(request),
        model_admin.has_delete_permission(request),
        model_admin.has_view_permission(request),
    ) == (False, False, False, True)


@pytest.mark.django_db
def test_staff_set_an_operators_pin(admin_client, operator):
    # when
    page = admin_client.get(reverse("admin:carts_operator_pin", args=[operator.pk]))
    response = admin_client.post(
        reverse("admin:carts_operator_pin", args=[operator.pk]), {"pin": "2580", "pin_again": "2580"}
    )

    # then
    assert page.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:carts_operator_change", args=[operator.pk])
    operator.refresh_from_db()
    assert operator.pin_hash.startswith("md5$")
    change = admin_client.get(reverse("admin:carts_operator_change", args=[operator.pk]))
    assert "已设置" in change.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"pin": "2580", "pin_again": "2581"}, "id_pin_again", "两次输入的 PIN 不一致。"),
        ({"pin": "25a0", "pin_again": "25a0"}, "id_pin", "PIN 必须是 4 到 6 位数字。"),
    ],
)
def test_a_bad_pin_is_refused_next_to_its_field(admin_client, operator, data, field, message):
    response = admin_client.post(reverse("admin:carts_operator_pin", args=[operator.pk]), data)

    assert response.status_code == 200
    assert field_errors(response)[field] == [message]
    assert Operator.objects.get().pin_hash == ""
