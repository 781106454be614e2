"""The admin's front page says what needs doing, against a known world on a pinned clock.

Wednesday 2026-12-09, 12:00 in Qinghai (04:00 UTC). This week began on Monday 12-07.

  茶卡 (chaka)   tablet-7f3a: a sash on Tue 12-08 11:00 (¥238), a robe today 09:10 (¥1,680);
                 an online order for pickup there, paid last week, not yet picked up;
                 holds no robe and no sash now, while the base has both
  翡翠 (feicui)  tablet-9b2c: a purse on Mon 12-07 (¥68) with a device time before its shift: held;
                 a transfer of 2 sashes from the base dispatched Mon 12:00, still in transit
  东台 (dongtai) no tablet has ever synced
"""

import datetime
import html
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from carts.services import SaleDraft, SaleLineDraft, cart_create, operator_create, pos_sync, shift_open
from inventory.services import LineQuantity, intake_create, transfer_create
from orders.models import Order
from orders.services import OrderDraft, OrderLineDraft, orders_record_paid
from tests import factories

UTC = datetime.UTC
NOW = datetime.datetime(2026, 12, 9, 4, 0, tzinfo=UTC)


def utc(day, hour, minute=0):
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=UTC)


def sell(cart, device, shift, n, line, when):
    return SaleDraft(
        client_uuid=f"00000000-0000-4000-8000-{n:012d}",
        shift_id=shift.pk,
        device_time=when,
        receipt_number=f"{cart.code.upper()}-{device[-4:].upper()}-{n:06d}",
        lines=[line],
        payment_method="cash",
        amount_fen=line.unit_price_fen * line.quantity,
    )


@pytest.fixture
def world(base, cart, chimeg, robe, sash, purse, staff, time_machine):
    chaka = cart
    site = factories.SiteFactory(code="feicui", name_zh="翡翠湖")
    feicui = cart_create(code="feicui", name_zh="翡翠湖零售车", name_en="Feicui cart", site=site)
    site = factories.SiteFactory(code="dongtai", name_zh="东台吉乃尔湖")
    cart_create(code="dongtai", name_zh="东台吉乃尔湖零售车", name_en="Dongtai cart", site=site)
    time_machine.move_to(utc(1, 2), tick=False)
    intake_create(
        artisan=chimeg, lines=[LineQuantity(robe, 3), LineQuantity(sash, 4)], actor=staff, location=base
    )
    intake_create(
        artisan=chimeg,
        lines=[LineQuantity(robe, 1), LineQuantity(sash, 2)],
        actor=staff,
        location=chaka.location,
    )
    intake_create(
        artisan=purse.artisan, lines=[LineQuantity(purse, 5)], actor=staff, location=feicui.location
    )
    [pickup] = orders_record_paid(
        location=chaka.location,
        channel="online",
        drafts=[
            OrderDraft(number="W-1", lines=[OrderLineDraft(sash, 1, 23800, 23800, 0)], paid_at=utc(1, 3))
        ],
        actor=staff,
    )
    Order.objects.filter(pk=pickup.pk).update(delivery_method="pickup", fulfilment_status="unfulfilled")

    # Monday: Feicui's sale with a device time before its shift opened is held; a transfer leaves.
    time_machine.move_to(utc(7, 2), tick=False)
    operator = operator_create(
        username="op-feicui", password="gongfang-op", display_name="卓玛", carts=[feicui]
    )
    shift = shift_open(cart=feicui, operator=operator, device_id="tablet-9b2c", opening_cash_fen=0)
    time_machine.move_to(utc(7, 2, 30), tick=False)
    pos_sync(
        cart=feicui,
        device_id="tablet-9b2c",
        actor=operator.user,
        sales=[sell(feicui, "tablet-9b2c", shift, 1, SaleLineDraft("CX01-RED", 1, 6800), utc(7, 0))],
    )
    time_machine.move_to(utc(7, 4), tick=False)
    transfer = transfer_create(
        source=base, destination=feicui.location, lines=[LineQuantity(sash, 2)], actor=staff
    )

    # Chaka: a shift from Tuesday on, a sash on Tuesday and a robe this morning.
    time_machine.move_to(utc(8, 2), tick=False)
    operator = operator_create(
        username="op-chaka", password="gongfang-op", display_name="韩梅", carts=[chaka]
    )
    shift = shift_open(cart=chaka, operator=operator, device_id="tablet-7f3a", opening_cash_fen=0)
    time_machine.move_to(utc(8, 3), tick=False)
    pos_sync(
        cart=chaka,
        device_id="tablet-7f3a",
        actor=operator.user,
        sales=[sell(chaka, "tablet-7f3a", shift, 2, SaleLineDraft("MG05-BLU", 1, 23800), utc(8, 3))],
    )
    time_machine.move_to(utc(9, 1, 10), tick=False)
    pos_sync(
        cart=chaka,
        device_id="tablet-7f3a",
        actor=operator.user,
        sales=[sell(chaka, "tablet-7f3a", shift, 3, SaleLineDraft("MG01-M", 1, 168000), utc(9, 1, 5))],
    )
    time_machine.move_to(NOW, tick=False)
    return {"transfer": transfer, "chaka": chaka, "feicui": feicui}


def section(page: str, section_id: str) -> str:
    """The visible text of one block of the front page, its whitespace collapsed."""
    block = re.search(rf'<section[^>]*id="{section_id}">(.*?)</section>', page, re.S).group(1)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", block)).split())


@pytest.mark.django_db
def test_the_front_page_says_what_needs_doing(admin_client, world):
    page = admin_client.get(reverse("admin:index")).content.decode()

    assert section(page, "front-sales").startswith(
        "销售：今天 2026-12-09 · 本周（12-07 起） ¥1,680.00 今天 ¥1,986.00 本周"
    )
    bars = re.findall(
        r'<g class="bar" data-cart="([^"]+)">.*?<text[^>]*>[^<]*</text>.*?'
        r"<text[^>]*>([^<]*)</text>",
        page,
        re.S,
    )
    assert bars == [
        ("茶卡盐湖零售车", "¥1,680.00 / ¥1,918.00"),
        ("东台吉乃尔湖零售车", "¥0.00 / ¥0.00"),
        ("翡翠湖零售车", "¥0.00 / ¥68.00"),
    ]
    assert section(page, "front-held") == "待审核的销售 1 最早暂扣于 2026-12-07 10:30 去审核 →"
    assert (
        section(page, "front-transfers")
        == f"在途调拨 TR-{world['transfer'].pk} → 翡翠湖零售车 2 天 接收调拨 →"
    )
    assert section(page, "front-pickups") == "等待自提的订单 茶卡盐湖零售车 1"
    assert section(page, "front-low-stock") == "零售车库存不足 茶卡盐湖零售车 MG01-M、MG05-BLU 2 从总库调拨 →"
    assert section(page, "front-payouts").startswith("待付款 ¥0.00 0 笔待付款 确认付款 →")
    assert section(page, "front-tablets") == (
        "平板最后同步 茶卡盐湖零售车 tablet-7f3a：12-09 09:10 2026-12-09 09:10 "
        "东台吉乃尔湖零售车 从未同步 昨天起没有同步 "
        "翡翠湖零售车 tablet-9b2c：12-07 10:30 2026-12-07 10:30 昨天起没有同步"
    )


@pytest.mark.django_db
def test_each_figure_links_to_where_it_is_done(admin_client, world):
    page = admin_client.get(reverse("admin:index")).content.decode()

    chaka = world["chaka"].location_id
    for href in [
        reverse("reports:sales"),
        reverse("admin:carts_possale_changelist"),
        reverse("admin:inventory_transfer_change", args=[world["transfer"].pk]),
        reverse("admin:inventory_transfer_changelist") + "?status__exact=dispatched",
        reverse("admin:orders_order_changelist")
        + "?delivery_method__exact=pickup&amp;fulfilment_status__exact="
        f"unfulfilled&amp;location__id__exact={chaka}",
        reverse("admin:inventory_stocklevel_changelist") + f"?location__id__exact={chaka}",
        reverse("admin:inventory_transfer_add"),
        reverse("admin:ledger_payout_changelist") + "?status__exact=pending",
    ]:
        assert f'href="{href}"' in page, href
    # the front page comes before the models, the libraries' tables last
    assert page.index('id="front-page"') < page.index('id="staff-reports-module"')
    assert page.index("app-inventory") < page.index("app-django_celery_beat")


@pytest.mark.django_db
def test_a_stock_clerk_sees_the_stock_blocks_only(client, world):
    clerk = factories.StaffFactory(username="clerk", is_superuser=False)
    clerk.groups.add(Group.objects.get(name="库管员"))
    client.force_login(clerk)

    page = client.get(reverse("admin:index")).content.decode()

    assert 'id="front-transfers"' in page and 'id="front-low-stock"' in page
    assert (
        'id="front-payouts"' not in page and 'id="front-sales"' not in page and 'id="front-held"' not in page
    )
