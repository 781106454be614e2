"""The reconciliation's staff page (the admin's 对账差异): finance sees each mismatch in yuan and
Beijing time and presses "ask and record"; a role without the permission cannot."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from api.roles import FINANCE, MANAGER, staff_roles_sync
from payments.models import BillMismatch, Payment
from payments.providers import Scene
from payments.reconciliation import bill_reconcile
from payments.services import payment_create
from tests import factories

pytestmark = pytest.mark.django_db


def member(role: str):
    groups = {group.name: group for group in staff_roles_sync()}
    user = factories.UserFactory(username=f"u-{role}", is_staff=True)
    user.groups.add(groups[role])
    return user


@pytest.fixture
def mismatch(wechat_pay, day, next_morning) -> BillMismatch:
    """A payment WeChat Pay took whose notification never came, found by the next morning's bill."""
    payment = payment_create(
        reference="ord_2001", amount_fen=52400, provider="wechat_pay", scene=Scene.NATIVE
    )
    wechat_pay.pay(payment.provider_reference)
    next_morning()
    bill_reconcile(provider="wechat_pay", day=day)
    return BillMismatch.objects.get()


def test_finance_sees_the_mismatch_in_yuan_and_beijing_time(client, mismatch):
    client.force_login(member(FINANCE))
    mismatch.found_at = datetime.datetime(2026, 12, 5, 2, 30, tzinfo=datetime.UTC)
    BillMismatch.objects.filter(pk=mismatch.pk).update(found_at=mismatch.found_at)

    listing = client.get(reverse("admin:payments_billmismatch_changelist")).content.decode()
    page = client.get(reverse("admin:payments_billmismatch_change", args=[mismatch.pk])).content.decode()

    assert "渠道已收款，本系统未记录" in listing
    assert "¥524.00" in listing
    assert "ord_2001" in listing
    assert "2026年12月5日 10:30" in listing
    assert 'data-testid="ask-and-record"' in page


def test_finance_presses_ask_and_record_and_the_payment_is_recorded(client, mismatch):
    user = member(FINANCE)
    client.force_login(user)

    response = client.post(reverse("admin:payments_billmismatch_resolve", args=[mismatch.pk]), follow=True)

    assert response.status_code == 200
    assert "渠道确认已支付，已记录为已支付。" in response.content.decode()
    mismatch.refresh_from_db()
    assert (mismatch.checked_by, mismatch.resolved_at is not None) == (user, True)
    assert Payment.objects.get().status == "succeeded"
    assert 'data-testid="ask-and-record"' not in response.content.decode()


def test_a_manager_may_not_ask_and_nothing_changes(client, mismatch):
    client.force_login(member(MANAGER))

    answer = client.post(reverse("admin:payments_billmismatch_resolve", args=[mismatch.pk]))

    assert answer.status_code == 403
    mismatch.refresh_from_db()
    assert (mismatch.checked_at, mismatch.resolved_at, Payment.objects.get().status) == (
        None,
        None,
        "created",
    )


def test_asking_is_a_post_only(client, mismatch):
    client.force_login(member(FINANCE))

    answer = client.get(reverse("admin:payments_billmismatch_resolve", args=[mismatch.pk]))

    assert answer.status_code == 405
    mismatch.refresh_from_db()
    assert mismatch.checked_at is None


def test_the_action_asks_for_each_selected_one(client, mismatch):
    client.force_login(member(FINANCE))

    client.post(
        reverse("admin:payments_billmismatch_changelist"),
        {"action": "ask_and_record", "_selected_action": [mismatch.pk]},
    )

    mismatch.refresh_from_db()
    assert mismatch.resolved_at is not None
    assert Group.objects.filter(name=FINANCE).exists()
