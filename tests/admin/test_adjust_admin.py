import pytest
from django.urls import reverse

from inventory.models import Movement
from inventory.services import LineQuantity, intake_create
from tests.admin.conftest import field_errors
from tests.inventory.stock import levels, snapshot

ADJUST = reverse("admin:inventory_stocklevel_adjust")


@pytest.fixture
def stocked(staff, base, chimeg, robe):
    intake_create(artisan=chimeg, lines=[LineQuantity(robe, 4)], actor=staff)


def adjust_post(variant, location, quantity, reason="样品赠送", key="admin-adj-1"):
    return {
        "variant": variant.pk,
        "location": location.pk,
        "quantity": quantity,
        "reason": reason,
        "idempotency_key": key,
    }


@pytest.mark.django_db
def test_an_adjustment_is_a_movement_with_its_reason(admin_client, staff, stocked, base, robe):
    response = admin_client.post(ADJUST, adjust_post(robe, base, -1, "一件作为样品送给州妇联"))

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:inventory_stocklevel_changelist")
    assert list(
        Movement.objects.filter(kind="adjustment").values_list(
            "variant__sku", "location__code", "quantity", "reason", "actor"
        )
    ) == [("MG01-M", "base", -1, "一件作为样品送给州妇联", staff.pk)]
    assert levels() == {("MG01-M", "base"): 3}


@pytest.mark.django_db
def test_taking_away_more_than_is_there_is_refused_next_to_the_quantity(admin_client, stocked, base, robe):
    before = snapshot()

    response = admin_client.post(ADJUST, adjust_post(robe, base, -5))

    assert response.status_code == 200
    assert field_errors(response) == {"id_quantity": ["库存不足：MG01-M 在库 4 件，不能减少 5 件。"]}
    assert snapshot() == before


@pytest.mark.django_db
def test_a_missing_reason_is_refused(admin_client, stocked, base, robe):
    before = snapshot()

    response = admin_client.post(ADJUST, adjust_post(robe, base, 1, reason=""))

    assert response.status_code == 200
    assert field_errors(response) == {"id_reason": ["这个字段是必填项。"]}
    assert snapshot() == before


@pytest.mark.django_db
def test_the_adjust_form_is_prefilled_from_the_stock_list(admin_client, stocked, base, robe):
    page = admin_client.get(reverse("admin:inventory_stocklevel_changelist")).content.decode()
    link = f"{ADJUST}?variant={robe.pk}&amp;location={base.pk}"
    assert link in page

    form = admin_client.get(ADJUST, {"variant": robe.pk, "location": base.pk}).content.decode()
    assert f'<option value="{base.pk}" selected>工坊总库</option>' in form
