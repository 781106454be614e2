"""A transfer note to print and sign: what left the base for which cart, when (Qinghai time), by whom,
each piece with its maker, a column for what arrived and the two signatures."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from inventory.services import LineQuantity, intake_create, transfer_create
from tests import factories


def cells(page: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'<table id="{table_id}">(.*?)</table>', page, re.S).group(1)
    return [
        [
            html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    ]


@pytest.fixture
def transfer(staff, base, cart, chimeg, robe, sash, time_machine):
    intake_create(artisan=chimeg, lines=[LineQuantity(robe, 4), LineQuantity(sash, 6)], actor=staff)
    time_machine.move_to(datetime.datetime(2026, 12, 6, 1, 5, tzinfo=datetime.UTC), tick=False)
    return transfer_create(
        source=base,
        destination=cart.location,
        lines=[LineQuantity(sash, 5), LineQuantity(robe, 2)],
        actor=staff,
        note="周末铺货",
    )


@pytest.mark.django_db
def test_the_transfer_note_lists_what_left_and_has_room_to_sign(admin_client, transfer, staff):
    change = admin_client.get(reverse("admin:inventory_transfer_change", args=[transfer.pk])).content.decode()
    page = admin_client.get(reverse("admin:inventory_transfer_note", args=[transfer.pk])).content.decode()

    note_url = reverse("admin:inventory_transfer_note", args=[transfer.pk])
    assert f'href="{note_url}">打印调拨单</a>' in change
    assert cells(page, "note-head") == [
        ["单号", f"TR-{transfer.pk}"],
        ["发出地", "工坊总库"],
        ["接收地", str(transfer.destination)],
        ["发出时间", "2026-12-06 09:05"],
        ["发出人", str(staff)],
        ["备注", "周末铺货"],
    ]
    assert cells(page, "note-lines") == [
        ["SKU", "商品", "手工艺人", "发出", "实收", "说明"],
        ["MG01-M", "蓝缎蒙古袍 · M 码", "其木格", "2", "", ""],
        ["MG05-BLU", "丝绸蒙古腰带 · 蓝色", "其木格", "5", "", ""],
        ["合计件数", "7", "", ""],
    ]
    assert "发货人签字 / 日期" in page and "接收人签字 / 日期" in page and "data-print" in page


@pytest.mark.django_db
def test_the_transfer_note_is_for_staff_who_may_see_transfers(client, transfer):
    client.force_login(factories.StaffFactory(username="no-role", is_superuser=False))

    response = client.get(reverse("admin:inventory_transfer_note", args=[transfer.pk]))

    assert response.status_code == 403
