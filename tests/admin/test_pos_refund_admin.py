"""Cart refunds in the admin: each with its lines; a refund of an old sale waits for review ("待审核"),
and staff with carts.review_possale mark it reviewed; a viewer without it cannot."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from carts.models import PosRefund
from carts.services import (
    RefundDraft,
    RefundLineDraft,
    SaleDraft,
    SaleLineDraft,
    operator_create,
    pos_refund_review,
    pos_sync,
    shift_close,
    shift_open,
)
from catalog.services import VariantInput, product_create
from core.errors import InvalidState
from tests import factories

CHANGELIST = "admin:carts_posrefund_changelist"
SALE_DAY = datetime.datetime(2026, 10, 1, 4, 0, tzinfo=datetime.UTC)
DEVICE = "tablet-7f3a"


@pytest.fixture
def held_refund(cart, chimeg, settings, time_machine):
    """A scarf and a cup sold on 1 October; the cup refunded 40 days later (review after 30)."""
    settings.POS_REFUND_REVIEW_AFTER_DAYS = 30
    category = factories.CategoryFactory()
    for slug, name, sku, price in (("scarf", "哈达围巾", "SCARF", 5000), ("cup", "木碗", "CUP", 3000)):
        product_create(
            slug=slug,
            name_zh=name,
            name_en=slug,
            category=category,
            variants=[VariantInput(sku, price, chimeg)],
        )
    operator = operator_create(username="op-chaka", password="gongfang-op", display_name="韩梅", carts=[cart])
    time_machine.move_to(SALE_DAY, tick=False)
    october = shift_open(cart=cart, operator=operator, device_id=DEVICE, opening_cash_fen=0)
    sale = SaleDraft(
        client_uuid="00000000-0000-4000-8000-000000000001",
        shift_id=october.pk,
        device_time=SALE_DAY,
        receipt_number="CHAKA-7F3A-000001",
        lines=[SaleLineDraft("SCARF", 1, 5000), SaleLineDraft("CUP", 1, 3000)],
        payment_method="cash",
        amount_fen=8000,
    )
    pos_sync(cart=cart, device_id=DEVICE, sales=[sale], actor=operator.user)
    shift_close(shift=october, counted_cash_fen=8000, actor=operator.user)
    later = SALE_DAY + datetime.timedelta(days=40)
    time_machine.move_to(later, tick=False)
    november = shift_open(cart=cart, operator=operator, device_id=DEVICE, opening_cash_fen=0)
    refund = RefundDraft(
        client_uuid="00000000-0000-4000-8000-0000000000a1",
        sale_uuid=sale.client_uuid,
        shift_id=november.pk,
        device_time=later,
        reason="碗有裂缝",
        lines=[RefundLineDraft("CUP", 1)],
    )
    [result] = pos_sync(cart=cart, device_id=DEVICE, sales=[], refunds=[refund], actor=operator.user)
    assert result.flags == ("old_sale",)
    return PosRefund.objects.get()


def test_the_list_and_the_page_show_the_refund_lines_and_its_review(admin_client, held_refund):
    listing = admin_client.get(reverse(CHANGELIST), {"review": "held"}).content.decode()
    page = admin_client.get(reverse("admin:carts_posrefund_change", args=[held_refund.pk])).content.decode()

    assert "CHAKA-7F3A-000001" in listing and "CUP × 1" in listing and "待审核" in listing
    assert "¥30.00" in listing
    assert "CUP" in page and "木碗" in page and "碗有裂缝" in page
    assert "SCARF" not in page


def test_staff_with_the_review_permission_mark_it_reviewed(admin_client, held_refund, staff):
    admin_client.post(reverse(CHANGELIST), {"action": "mark_reviewed", "_selected_action": [held_refund.pk]})

    held_refund.refresh_from_db()
    assert (held_refund.review_status, held_refund.reviewed_by, held_refund.reviewed_at) == (
        "reviewed",
        staff,
        SALE_DAY + datetime.timedelta(days=40),
    )


def test_a_viewer_without_the_review_permission_cannot_mark_it(client, held_refund):
    clerk = factories.UserFactory(username="clerk", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_posrefund"))
    client.force_login(clerk)

    assert client.get(reverse(CHANGELIST)).status_code == 200
    client.post(reverse(CHANGELIST), {"action": "mark_reviewed", "_selected_action": [held_refund.pk]})

    held_refund.refresh_from_db()
    assert (held_refund.review_status, held_refund.reviewed_by) == ("held", None)


def test_a_refund_not_held_cannot_be_marked_reviewed_again(held_refund, staff):
    pos_refund_review(refund=held_refund, actor=staff, note="已电话核实")

    with pytest.raises(InvalidState):
        pos_refund_review(refund=held_refund, actor=staff, note="再次")

    held_refund.refresh_from_db()
    assert (held_refund.review_status, held_refund.review_note) == ("reviewed", "已电话核实")
