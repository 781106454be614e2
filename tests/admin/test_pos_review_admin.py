"""The review queue in the admin: held cart sales with their reasons; approve and void after a
confirmation page (a void needs a reason); staff without carts.review_possale neither see nor act."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from carts.models import PosSale
from carts.services import SaleDraft, SaleLineDraft, operator_create, pos_sync, shift_open
from catalog.services import VariantInput, product_create
from orders.models import Order, OrderHold
from tests import factories

CHANGELIST = "admin:carts_possale_changelist"


@pytest.fixture(autouse=True)
def fast_hashers(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def held(cart, chimeg, staff):
    """Two sales of a ¥50 scarf at Chaka, each at ¥5 without a reason (90 % off): both held."""
    product_create(
        slug="scarf",
        name_zh="哈达围巾",
        name_en="Scarf",
        category=factories.CategoryFactory(),
        variants=[VariantInput("SCARF", 5000, chimeg)],
    )
    operator = operator_create(username="op-chaka", password="gongfang-op", display_name="韩梅", carts=[cart])
    shift = shift_open(
        cart=cart,
        operator=operator,
        device_id="tablet-7f3a",
        opening_cash_fen=0,
        opened_at=timezone.now() - datetime.timedelta(hours=1),
    )
    sales = [
        SaleDraft(
            client_uuid=f"00000000-0000-4000-8000-{n:012d}",
            shift_id=shift.pk,
            device_time=timezone.now() - datetime.timedelta(minutes=10),
            receipt_number=f"CHAKA-7F3A-{n:06d}",
            lines=[SaleLineDraft("SCARF", 1, 500)],
            payment_method="cash",
            amount_fen=500,
        )
        for n in (1, 2)
    ]
    results = pos_sync(cart=cart, device_id="tablet-7f3a", sales=sales, actor=operator.user)
    assert [r.flags for r in results] == [("price_mismatch", "negative_stock", "discount_over_policy")] * 2
    return list(PosSale.objects.order_by("receipt_number"))


def test_the_queue_lists_held_sales_with_their_reasons(admin_client, held):
    page = admin_client.get(reverse(CHANGELIST)).content.decode()

    assert "CHAKA-7F3A-000001" in page and "CHAKA-7F3A-000002" in page
    assert "SCARF 标价 ¥50.00，实收 ¥5.00（低 90%），未写原因" in page
    assert "SCARF 单价 ¥5.00，当时标价 ¥50.00" in page


def test_approving_asks_for_confirmation_first(admin_client, held, staff):
    chosen = {"action": "approve_selected", "_selected_action": [held[0].pk]}

    confirm = admin_client.post(reverse(CHANGELIST), chosen)
    assert confirm.status_code == 200
    assert "确认批准" in confirm.content.decode()
    assert OrderHold.objects.filter(status="held").count() == 2  # nothing decided yet

    done = admin_client.post(reverse(CHANGELIST), {**chosen, "confirm": "yes", "note": "议价，店长同意"})
    assert done.status_code == 302
    hold = OrderHold.objects.get(order=held[0].order)
    assert (hold.status, hold.decided_by, hold.note) == ("approved", staff, "议价，店长同意")
    assert OrderHold.objects.get(order=held[1].order).status == "held"


def test_a_void_needs_a_reason_then_refunds_the_sale(admin_client, held):
    chosen = {"action": "void_selected", "_selected_action": [held[1].pk], "confirm": "yes"}

    refused = admin_client.post(reverse(CHANGELIST), {**chosen, "note": ""})
    assert "作废需要写明原因。" in refused.content.decode()
    assert OrderHold.objects.get(order=held[1].order).status == "held"

    admin_client.post(reverse(CHANGELIST), {**chosen, "note": "收银员录错"})
    assert OrderHold.objects.get(order=held[1].order).status == "voided"
    assert Order.objects.get(pk=held[1].order_id).status == Order.Status.REFUNDED


def test_staff_without_the_review_permission_cannot_see_or_decide(client, held):
    clerk = factories.UserFactory(username="clerk", is_staff=True)
    client.force_login(clerk)

    assert client.get(reverse(CHANGELIST)).status_code == 403
    client.post(
        reverse(CHANGELIST),
        {"action": "approve_selected", "_selected_action": [held[0].pk], "confirm": "yes"},
    )
    assert OrderHold.objects.filter(status="held").count() == 2
    # with the permission, the queue opens
    clerk.user_permissions.add(Permission.objects.get(codename="review_possale"))
    client.force_login(factories.UserFactory._meta.model.objects.get(pk=clerk.pk))
    assert client.get(reverse(CHANGELIST)).status_code == 200
