"""Staff see where a tablet's Z report differs from the server's (docs/pos.md, "Shifts made on the
tablet"): a column and a filter in the shifts list, the figures on the Z report page."""

import uuid

import pytest
from django.urls import reverse

from carts.models import Shift
from carts.services import shift_z_reconcile
from tests.admin.test_pos_admin import day, operator, table_rows  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def checked(day):  # noqa: F811
    """The day's shift with the Z report its tablet sent: one cash sale more than the server has."""
    day.client_uuid = uuid.uuid4()
    day.device_z_report = {
        "salesCount": 3,
        "grossFen": 225600,
        "discountFen": 0,
        "netFen": 225600,
        "refundsCount": 0,
        "refundsFen": 0,
        "totalsByMethod": [
            {"method": "CASH", "amountFen": 178000, "count": 2},
            {"method": "WECHAT", "amountFen": 0, "count": 0},
            {"method": "ALIPAY", "amountFen": 47600, "count": 1},
            {"method": "CARD", "amountFen": 0, "count": 0},
        ],
        "refundsByMethod": [],
        "openingCashFen": 200000,
        "expectedCashFen": 378000,
        "countedCashFen": 366000,
        "varianceFen": -12000,
    }
    day.save()
    return shift_z_reconcile(shift=day)


def test_the_z_report_page_lists_each_figure_that_differs(admin_client, checked):
    page = admin_client.get(reverse("admin:carts_shift_z_report", args=[checked.pk])).content.decode()

    assert table_rows(page, "z-differences") == [
        ("销售笔数", "3", "2"),
        ("原价合计", "¥2,256.00", "¥2,156.00"),
        ("净销售额", "¥2,256.00", "¥2,156.00"),
        ("应有现金", "¥3,780.00", "¥3,680.00"),
        ("差额", "-¥120.00", "-¥20.00"),
        ("销售 · 现金 · 金额", "¥1,780.00", "¥1,680.00"),
        ("销售 · 现金 · 笔数", "2", "1"),
    ]


def test_the_shifts_list_marks_and_filters_the_shifts_whose_z_reports_differ(admin_client, checked, cart):
    listing = admin_client.get(
        reverse("admin:carts_shift_changelist"), {"z_check": "differs"}
    ).content.decode()
    agrees = admin_client.get(reverse("admin:carts_shift_changelist"), {"z_check": "agrees"}).content.decode()

    assert "7 项不一致" in listing
    assert reverse("admin:carts_shift_change", args=[checked.pk]) in listing
    assert reverse("admin:carts_shift_change", args=[checked.pk]) not in agrees


def test_a_z_report_that_agrees_says_so(admin_client, checked):
    Shift.objects.filter(pk=checked.pk).update(device_z_report={**checked.device_z_report, "salesCount": 2})
    fixed = Shift.objects.get(pk=checked.pk)
    fixed.device_z_report = {
        **fixed.device_z_report,
        "grossFen": 215600,
        "netFen": 215600,
        "expectedCashFen": 368000,
        "varianceFen": -2000,
        "totalsByMethod": [
            {"method": "CASH", "amountFen": 168000, "count": 1},
            {"method": "ALIPAY", "amountFen": 47600, "count": 1},
        ],
    }
    fixed.save()
    shift_z_reconcile(shift=fixed)

    page = admin_client.get(reverse("admin:carts_shift_z_report", args=[checked.pk])).content.decode()

    assert 'id="z-agrees"' in page
    assert "一致" in admin_client.get(reverse("admin:carts_shift_changelist")).content.decode()
