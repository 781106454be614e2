import pytest
from django.urls import reverse

from inventory.models import Intake, Movement
from tests.admin.conftest import field_errors, formset
from tests.inventory.stock import levels, snapshot

ADD = reverse("admin:inventory_intake_add")


def intake_post(artisan, rows, **fields):
    return {
        "artisan": artisan.pk,
        "location": "",
        "note": "五月第一批",
        "idempotency_key": "admin-test-1",
        **fields,
        **formset("lines", rows, total=8),
    }


@pytest.mark.django_db
def test_an_intake_through_the_admin_writes_movements_and_stock(
    admin_client, staff, base, chimeg, robe, sash
):
    # when
    response = admin_client.post(
        ADD, intake_post(chimeg, [{"variant": robe.pk, "quantity": 2}, {"variant": sash.pk, "quantity": 5}])
    )

    # then
    intake = Intake.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:inventory_intake_change", args=[intake.pk])
    assert (intake.artisan, intake.location, intake.received_by, intake.note) == (
        chimeg,
        base,
        staff,
        "五月第一批",
    )
    assert sorted(intake.lines.values_list("variant__sku", "quantity")) == [("MG01-M", 2), ("MG05-BLU", 5)]
    assert sorted(
        Movement.objects.values_list("variant__sku", "location__code", "kind", "quantity", "actor")
    ) == [
        ("MG01-M", "base", "intake", 2, staff.pk),
        ("MG05-BLU", "base", "intake", 5, staff.pk),
    ]
    assert levels() == {("MG01-M", "base"): 2, ("MG05-BLU", "base"): 5}


@pytest.mark.django_db
def test_the_same_form_sent_twice_records_one_intake(admin_client, base, chimeg, robe):
    # given
    data = intake_post(chimeg, [{"variant": robe.pk, "quantity": 2}])
    admin_client.post(ADD, data)

    # when: a double click sends the same form again
    response = admin_client.post(ADD, data)

    # then
    assert response.status_code == 302
    assert Intake.objects.count() == 1
    assert levels() == {("MG01-M", "base"): 2}


@pytest.mark.django_db
def test_a_quantity_of_zero_is_shown_next_to_it_and_nothing_is_written(admin_client, base, chimeg, robe):
    # given
    before = snapshot()

    # when
    response = admin_client.post(ADD, intake_post(chimeg, [{"variant": robe.pk, "quantity": 0}]))

    # then
    assert response.status_code == 200
    assert field_errors(response)["id_lines-0-quantity"] == ["确保该值大于或等于1。"]
    assert snapshot() == before


@pytest.mark.django_db
def test_a_piece_of_another_artisan_is_refused_on_its_line_and_nothing_is_written(
    admin_client, base, chimeg, robe, purse
):
    # given
    before = snapshot()

    # when: the purse is Li Xiulan's, not Chimeg's
    response = admin_client.post(
        ADD, intake_post(chimeg, [{"variant": robe.pk, "quantity": 1}, {"variant": purse.pk, "quantity": 3}])
    )

    # then
    assert response.status_code == 200
    assert field_errors(response) == {"id_lines-1-variant": ["CX01-RED 不是其木格的作品。"]}
    assert "请更正下面的错误。" in response.content.decode()
    assert snapshot() == before


@pytest.mark.django_db
def test_an_intake_without_lines_is_refused(admin_client, base, chimeg):
    before = snapshot()

    response = admin_client.post(ADD, intake_post(chimeg, []))

    assert response.status_code == 200
    assert field_errors(response) == {"": ["请至少填写一行。"]}
    assert snapshot() == before


@pytest.mark.django_db
def test_an_intake_is_shown_read_only_with_its_lines(admin_client, base, chimeg, robe):
    # given
    admin_client.post(ADD, intake_post(chimeg, [{"variant": robe.pk, "quantity": 2}]))
    intake = Intake.objects.get()
    change = reverse("admin:inventory_intake_change", args=[intake.pk])

    # when
    page = admin_client.get(change)
    edit = admin_client.post(change, {"note": "改过了"})

    # then
    assert page.status_code == 200
    content = page.content.decode()
    assert "<h1>查看 寄售入库</h1>" in content
    assert "蓝缎蒙古袍" in content
    assert 'name="note"' not in content
    assert edit.status_code == 403
    intake.refresh_from_db()
    assert intake.note == "五月第一批"
