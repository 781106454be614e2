"""Staff read and type times in the business's zone (Asia/Shanghai), while storage stays in UTC: the
same transfer reads 19:19 in the admin as on the tablet, the Z report's times agree with its title,
and a day picked in a list is a day in Qinghai."""

import datetime

import pytest
from django.urls import reverse

from carts.services import operator_create, shift_close, shift_open
from inventory.services import LineQuantity, intake_create, transfer_create

UTC = datetime.UTC


@pytest.fixture
def stocked(base, robe, staff):
    intake_create(artisan=robe.artisan, lines=[LineQuantity(robe, 5)], actor=staff, location=base)
    return robe


@pytest.mark.django_db
def test_a_transfer_dispatched_at_11_19_utc_reads_19_19_in_the_admin(
    admin_client, stocked, base, cart, staff, time_machine
):
    # given: dispatched at 2026-12-06 11:19 UTC, which is 19:19 in Qinghai
    time_machine.move_to(datetime.datetime(2026, 12, 6, 11, 19, tzinfo=UTC), tick=False)
    transfer = transfer_create(
        source=base, destination=cart.location, lines=[LineQuantity(stocked, 2)], actor=staff
    )

    # when
    listing = admin_client.get(reverse("admin:inventory_transfer_changelist")).content.decode()
    detail = admin_client.get(reverse("admin:inventory_transfer_change", args=[transfer.pk])).content.decode()

    # then
    assert transfer.dispatched_at == datetime.datetime(2026, 12, 6, 11, 19, tzinfo=UTC)
    assert "2026年12月6日 19:19" in listing
    assert "11:19" not in listing
    assert "2026年12月6日 19:19" in detail


@pytest.mark.django_db
def test_a_day_picked_in_the_admin_is_a_day_in_qinghai(
    admin_client, stocked, base, cart, staff, time_machine
):
    # given: 2026-12-05 17:30 UTC is already 6 December, 01:30, in Qinghai
    time_machine.move_to(datetime.datetime(2026, 12, 5, 17, 30, tzinfo=UTC), tick=False)
    transfer_create(
        source=base,
        destination=cart.location,
        lines=[LineQuantity(stocked, 1)],
        actor=staff,
        note="early morning",
    )

    # when
    day_6 = admin_client.get(
        reverse("admin:inventory_transfer_changelist") + "?dispatched_at__year=2026&dispatched_at__month=12"
        "&dispatched_at__day=6"
    ).content.decode()
    day_5 = admin_client.get(
        reverse("admin:inventory_transfer_changelist") + "?dispatched_at__year=2026&dispatched_at__month=12"
        "&dispatched_at__day=5"
    ).content.decode()

    # then
    assert "2026年12月6日 01:30" in day_6
    assert "2026年12月6日 01:30" not in day_5


@pytest.mark.django_db
def test_the_z_report_prints_the_shifts_times_in_qinghai(admin_client, cart, time_machine):
    # given: a shift opened at 11:27 UTC and closed at 12:05 UTC
    operator = operator_create(username="op-chaka", password="gongfang-op", display_name="韩梅", carts=[cart])
    time_machine.move_to(datetime.datetime(2026, 12, 6, 11, 27, tzinfo=UTC), tick=False)
    shift = shift_open(cart=cart, operator=operator, device_id="tablet-7f3a", opening_cash_fen=0)
    time_machine.move_to(datetime.datetime(2026, 12, 6, 12, 5, tzinfo=UTC), tick=False)
    shift_close(shift=shift, counted_cash_fen=0, actor=operator.user)

    # when
    page = admin_client.get(reverse("admin:carts_shift_z_report", args=[shift.pk])).content.decode()

    # then
    assert "2026-12-06 19:27（Asia/Shanghai）" in page
    assert "2026-12-06 20:05" in page
    assert "11:27" not in page
