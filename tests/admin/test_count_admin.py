import re

import pytest
from django.urls import reverse

from inventory.models import Movement, StockCount
from inventory.services import LineQuantity, intake_create
from tests.admin.conftest import field_errors, formset
from tests.inventory.stock import levels, snapshot

ADD = reverse("admin:inventory_stockcount_add")


@pytest.fixture
def stocked(staff, base, chimeg, robe, sash):
    intake_create(artisan=chimeg, lines=[LineQuantity(robe, 4), LineQuantity(sash, 6)], actor=staff)


def count_post(location, rows, *, initial=0, key="admin-ct-1"):
    return {
        "location": location.pk,
        "note": "月末盘点",
        "idempotency_key": key,
        **formset("lines", rows, total=len(rows) + 2, initial=initial),
    }


@pytest.mark.django_db
def test_the_count_form_lists_what_the_location_holds(admin_client, stocked, base, robe, sash):
    # when
    picker = admin_client.get(ADD)
    form = admin_client.get(ADD, {"location": base.pk})

    # then
    assert picker.status_code == 200
    assert 'name="location"' in picker.content.decode()
    assert form.status_code == 200
    page = form.content.decode()
    assert "<h1>盘点 工坊总库</h1>" in page
    assert f'<option value="{robe.pk}" selected>MG01-M 蓝缎蒙古袍 M 码（其木格）</option>' in page
    assert f'<option value="{sash.pk}" selected>MG05-BLU 丝绸蒙古腰带 蓝色（其木格）</option>' in page
    assert 'name="lines-INITIAL_FORMS" value="2"' in page


@pytest.mark.django_db
def test_a_count_through_the_admin_corrects_the_variance(admin_client, staff, stocked, base, robe, sash):
    # when: the robes are all there, one sash is missing
    response = admin_client.post(
        f"{ADD}?location={base.pk}",
        count_post(base, [{"variant": robe.pk, "counted": 4}, {"variant": sash.pk, "counted": 5}], initial=2),
    )

    # then
    count = StockCount.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:inventory_stockcount_change", args=[count.pk])
    assert (count.location, count.counted_by, count.note) == (base, staff, "月末盘点")
    assert sorted(count.lines.values_list("variant__sku", "expected", "counted")) == [
        ("MG01-M", 4, 4),
        ("MG05-BLU", 6, 5),
    ]
    assert list(Movement.objects.filter(count=count).values_list("variant__sku", "kind", "quantity")) == [
        ("MG05-BLU", "count_correction", -1)
    ]
    assert levels() == {("MG01-M", "base"): 4, ("MG05-BLU", "base"): 5}

    # and the read-only page shows the variance report
    page = admin_client.get(response["Location"]).content.decode()
    assert "<td>MG05-BLU</td><td>丝绸蒙古腰带</td><td>6</td><td>5</td><td>-1</td><td>-¥238.00</td>" in page
    assert "<td>合计</td><td></td><td>10</td><td>9</td><td>-1</td><td>-¥238.00</td>" in page


@pytest.mark.django_db
def test_lines_left_blank_are_not_counted(admin_client, stocked, base, robe, sash):
    admin_client.post(
        f"{ADD}?location={base.pk}",
        count_post(
            base, [{"variant": robe.pk, "counted": 3}, {"variant": sash.pk, "counted": ""}], initial=2
        ),
    )

    count = StockCount.objects.get()
    assert list(count.lines.values_list("variant__sku", "expected", "counted")) == [("MG01-M", 4, 3)]
    assert levels() == {("MG01-M", "base"): 3, ("MG05-BLU", "base"): 6}


@pytest.mark.django_db
def test_a_count_with_nothing_counted_is_refused(admin_client, stocked, base, robe, sash):
    before = snapshot()

    response = admin_client.post(
        f"{ADD}?location={base.pk}",
        count_post(
            base, [{"variant": robe.pk, "counted": ""}, {"variant": sash.pk, "counted": ""}], initial=2
        ),
    )

    assert response.status_code == 200
    assert field_errors(response) == {"": ["请至少填写一行。"]}
    assert snapshot() == before


@pytest.mark.django_db
def test_a_negative_count_is_refused_next_to_it(admin_client, stocked, base, robe, sash):
    before = snapshot()

    response = admin_client.post(
        f"{ADD}?location={base.pk}",
        count_post(
            base, [{"variant": robe.pk, "counted": -2}, {"variant": sash.pk, "counted": 6}], initial=2
        ),
    )

    assert response.status_code == 200
    assert field_errors(response) == {"id_lines-0-counted": ["确保该值大于或等于0。"]}
    assert snapshot() == before


@pytest.mark.django_db
def test_the_count_form_offers_to_mark_the_rest_as_zero_after_the_submit_button(admin_client, stocked, base):
    page = admin_client.get(ADD, {"location": base.pk}).content.decode()

    submit = '<input type="submit" value="提交盘点" class="default">'
    rest = '<input type="submit" name="_rest_as_zero" value="把其余记为 0">'
    assert submit in page and rest in page
    # Enter in a field submits the count, never the other button.
    assert page.index(submit) < page.index(rest)


@pytest.mark.django_db
def test_mark_the_rest_as_zero_fills_the_blank_rows_and_writes_nothing(
    admin_client, stocked, base, robe, sash
):
    before = snapshot()

    # when: the robes are counted, the sashes left blank, and staff press "mark the rest as 0"
    response = admin_client.post(
        f"{ADD}?location={base.pk}",
        {
            **count_post(
                base, [{"variant": robe.pk, "counted": 3}, {"variant": sash.pk, "counted": ""}], initial=2
            ),
            "_rest_as_zero": "把其余记为 0",
        },
    )

    # then: the page comes back with 0 in the sash row, says so, and nothing is counted yet
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="lines-0-counted" value="3"' in page
    assert 'name="lines-1-counted" value="0"' in page
    # the rows with no SKU chosen stay blank
    assert '<input type="number" name="lines-2-counted" min="0" id="id_lines-2-counted">' in page
    assert "其余 1 行已记为 0，核对后再提交。" in page
    assert field_errors(response) == {}
    assert snapshot() == before

    # and submitting what came back counts both rows
    admin_client.post(
        f"{ADD}?location={base.pk}",
        count_post(base, [{"variant": robe.pk, "counted": 3}, {"variant": sash.pk, "counted": 0}], initial=2),
    )
    count = StockCount.objects.get()
    assert sorted(count.lines.values_list("variant__sku", "expected", "counted")) == [
        ("MG01-M", 4, 3),
        ("MG05-BLU", 6, 0),
    ]
    assert levels() == {("MG01-M", "base"): 3, ("MG05-BLU", "base"): 0}


@pytest.mark.django_db
def test_a_row_in_error_is_marked_with_its_message_beside_its_field(admin_client, stocked, base, robe, sash):
    before = snapshot()

    response = admin_client.post(
        f"{ADD}?location={base.pk}",
        count_post(
            base, [{"variant": robe.pk, "counted": 4}, {"variant": sash.pk, "counted": "2.5"}], initial=2
        ),
    )

    page = response.content.decode()
    assert field_errors(response) == {"id_lines-1-counted": ["输入整数。"]}
    # the second row is the one marked, the message in its counted cell, and the page scrolls to it
    rows = re.findall(r'<tr class="form-row( errors)?">', page)
    assert rows[:3] == ["", " errors", ""]
    assert re.search(
        r'<td class="field-counted"><ul class="errorlist" id="id_lines-1-counted_error">'
        r"<li>输入整数。</li></ul>"
        r'<input type="number" name="lines-1-counted" value="2.5"',
        page,
    )
    assert '<script src="/static/inventory/operation_form.js" defer></script>' in page
    assert snapshot() == before
