import pytest
from django.urls import reverse

from inventory.models import Movement, Transfer
from inventory.services import LineQuantity, intake_create
from tests.admin.conftest import field_errors, formset
from tests.inventory.stock import levels, snapshot

ADD = reverse("admin:inventory_transfer_add")


@pytest.fixture
def stocked(staff, base, chimeg, robe, sash):
    intake_create(artisan=chimeg, lines=[LineQuantity(robe, 4), LineQuantity(sash, 6)], actor=staff)


def transfer_post(source, destination, rows, key="admin-tr-1"):
    return {
        "source": source.pk,
        "destination": destination.pk,
        "note": "首批铺货",
        "idempotency_key": key,
        **formset("lines", rows, total=8),
    }


def receive_post(rows):
    return formset("lines", rows, initial=len(rows))


@pytest.mark.django_db
def test_a_transfer_and_its_receipt_with_a_discrepancy(admin_client, staff, stocked, base, cart, robe, sash):
    # when: two robes and three sashes leave the base for the Chaka cart
    sent = admin_client.post(
        ADD,
        transfer_post(
            base, cart.location, [{"variant": robe.pk, "quantity": 2}, {"variant": sash.pk, "quantity": 3}]
        ),
    )

    # then: they are in transit
    transfer = Transfer.objects.get()
    assert sent.status_code == 302
    assert (transfer.source, transfer.destination, transfer.status, transfer.dispatched_by) == (
        base,
        cart.location,
        Transfer.Status.DISPATCHED,
        staff,
    )
    assert levels() == {("MG01-M", "base"): 2, ("MG05-BLU", "base"): 3}

    # when: the receipt form opens prefilled with what was sent
    receive = reverse("admin:inventory_transfer_receive", args=[transfer.pk])
    form = admin_client.get(receive)

    # then
    assert form.status_code == 200
    page = form.content.decode()
    assert f"<h1>接收调拨 TR-{transfer.pk} 工坊总库 → 茶卡盐湖零售车</h1>" in page
    assert 'name="lines-0-quantity_received" value="2"' in page
    assert 'name="lines-1-quantity_received" value="3"' in page

    # when: one sash did not arrive (lines are in SKU order: MG01-M, MG05-BLU)
    received = admin_client.post(
        receive,
        receive_post(
            [{"quantity_received": 2, "note": ""}, {"quantity_received": 2, "note": "一条腰带在路上丢了"}]
        ),
    )

    # then
    assert received.status_code == 302
    transfer.refresh_from_db()
    assert (transfer.status, transfer.received_by) == (Transfer.Status.RECEIVED, staff)
    assert sorted(
        transfer.lines.values_list("variant__sku", "quantity_sent", "quantity_received", "discrepancy_note")
    ) == [
        ("MG01-M", 2, 2, ""),
        ("MG05-BLU", 3, 2, "一条腰带在路上丢了"),
    ]
    assert levels() == {
        ("MG01-M", "base"): 2,
        ("MG05-BLU", "base"): 3,
        ("MG01-M", "chaka"): 2,
        ("MG05-BLU", "chaka"): 2,
    }
    assert sorted(
        Movement.objects.filter(transfer=transfer).values_list(
            "variant__sku", "location__code", "kind", "quantity"
        )
    ) == [
        ("MG01-M", "base", "transfer_out", -2),
        ("MG01-M", "chaka", "transfer_in", 2),
        ("MG05-BLU", "base", "transfer_out", -3),
        ("MG05-BLU", "chaka", "transfer_in", 2),
    ]

    # and the read-only page shows the discrepancy, with no receive button any more
    page = admin_client.get(reverse("admin:inventory_transfer_change", args=[transfer.pk])).content.decode()
    assert (
        "<td>MG05-BLU</td><td>丝绸蒙古腰带</td><td>3</td><td>2</td><td>-1</td><td>-¥238.00</td><td>一条腰带在路上丢了</td>"
        in page
    )
    assert "接收这批调拨" not in page


@pytest.mark.django_db
def test_a_dispatched_transfer_offers_the_receive_button(admin_client, stocked, base, cart, robe):
    admin_client.post(ADD, transfer_post(base, cart.location, [{"variant": robe.pk, "quantity": 1}]))
    transfer = Transfer.objects.get()

    page = admin_client.get(reverse("admin:inventory_transfer_change", args=[transfer.pk])).content.decode()

    assert reverse("admin:inventory_transfer_receive", args=[transfer.pk]) in page
    assert "接收这批调拨" in page


@pytest.mark.django_db
def test_sending_more_than_the_base_has_is_refused_on_the_line(admin_client, stocked, base, cart, robe, sash):
    # given
    before = snapshot()

    # when
    response = admin_client.post(
        ADD,
        transfer_post(
            base, cart.location, [{"variant": sash.pk, "quantity": 1}, {"variant": robe.pk, "quantity": 9}]
        ),
    )

    # then
    assert response.status_code == 200
    assert field_errors(response) == {"id_lines-1-quantity": ["库存不足：MG01-M 可调出 4 件，需要 9 件。"]}
    assert snapshot() == before


@pytest.mark.django_db
def test_sending_to_the_same_location_is_refused_next_to_the_destination(admin_client, stocked, base, robe):
    before = snapshot()

    response = admin_client.post(ADD, transfer_post(base, base, [{"variant": robe.pk, "quantity": 1}]))

    assert response.status_code == 200
    assert field_errors(response) == {"id_destination": ["发出和接收库位不能相同。"]}
    assert snapshot() == before


@pytest.mark.django_db
def test_a_negative_receipt_is_refused_and_nothing_is_written(admin_client, stocked, base, cart, robe):
    # given
    admin_client.post(ADD, transfer_post(base, cart.location, [{"variant": robe.pk, "quantity": 2}]))
    transfer = Transfer.objects.get()
    before = snapshot()

    # when
    response = admin_client.post(
        reverse("admin:inventory_transfer_receive", args=[transfer.pk]),
        receive_post([{"quantity_received": -1, "note": ""}]),
    )

    # then
    assert response.status_code == 200
    assert field_errors(response) == {"id_lines-0-quantity_received": ["确保该值大于或等于0。"]}
    assert snapshot() == before
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.DISPATCHED


@pytest.mark.django_db
def test_a_received_transfer_cannot_be_received_again(admin_client, staff, stocked, base, cart, robe):
    # given
    admin_client.post(ADD, transfer_post(base, cart.location, [{"variant": robe.pk, "quantity": 2}]))
    transfer = Transfer.objects.get()
    receive = reverse("admin:inventory_transfer_receive", args=[transfer.pk])
    admin_client.post(receive, receive_post([{"quantity_received": 2, "note": ""}]))
    before = snapshot()

    # when
    response = admin_client.post(receive, receive_post([{"quantity_received": 2, "note": ""}]))

    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:inventory_transfer_change", args=[transfer.pk])
    assert snapshot() == before


@pytest.mark.django_db
def test_the_receive_action_opens_the_receipt_of_the_chosen_transfer(admin_client, stocked, base, cart, robe):
    admin_client.post(ADD, transfer_post(base, cart.location, [{"variant": robe.pk, "quantity": 1}]))
    transfer = Transfer.objects.get()

    response = admin_client.post(
        reverse("admin:inventory_transfer_changelist"),
        {"action": "receive_selected", "_selected_action": [transfer.pk]},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:inventory_transfer_receive", args=[transfer.pk])


@pytest.mark.django_db
def test_a_transfer_cannot_be_edited_or_deleted(admin_client, stocked, base, cart, robe):
    admin_client.post(ADD, transfer_post(base, cart.location, [{"variant": robe.pk, "quantity": 1}]))
    transfer = Transfer.objects.get()

    edit = admin_client.post(reverse("admin:inventory_transfer_change", args=[transfer.pk]), {"note": "x"})
    delete = admin_client.post(
        reverse("admin:inventory_transfer_delete", args=[transfer.pk]), {"post": "yes"}
    )

    assert (edit.status_code, delete.status_code) == (403, 403)
    assert Transfer.objects.get().note == "首批铺货"
