"""A shift is closed once, with the cash counted in the till."""

import pytest

from carts.models import Shift
from carts.services import shift_close
from core.errors import InvalidState, ValidationFailed
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_closing_records_the_count_who_and_when(shift, operator):
    # when
    closed = shift_close(shift=shift, counted_cash_fen=35600, actor=operator.user, note="  零钱不够  ")

    # then
    stored = Shift.objects.get()
    assert (stored.status, stored.counted_cash_fen, stored.closed_by, stored.note) == (
        "closed",
        35600,
        operator.user,
        "零钱不够",
    )
    assert stored.closed_at >= stored.opened_at
    assert (closed.status, shift.status, shift.counted_cash_fen) == ("closed", "closed", 35600)


def test_staff_may_close_an_operators_shift(shift):
    staff = StaffFactory()

    shift_close(shift=shift, counted_cash_fen=0, actor=staff)

    assert Shift.objects.get().closed_by == staff


def test_closing_a_closed_shift_is_refused_and_changes_nothing(shift, operator):
    # given
    shift_close(shift=shift, counted_cash_fen=35600, actor=operator.user)
    before = Shift.objects.values().get()

    # when
    with pytest.raises(InvalidState) as error:
        shift_close(shift=shift, counted_cash_fen=1, actor=operator.user)

    # then
    assert error.value.field == "shift"
    assert Shift.objects.values().get() == before


def test_closing_a_stale_copy_of_a_closed_shift_is_refused(shift, operator):
    # given: another request closed it; this one holds the open copy it loaded before
    shift_close(shift=Shift.objects.get(pk=shift.pk), counted_cash_fen=35600, actor=operator.user)

    # when / then
    with pytest.raises(InvalidState):
        shift_close(shift=shift, counted_cash_fen=1, actor=operator.user)
    assert Shift.objects.get().counted_cash_fen == 35600


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"counted_cash_fen": -1}, "countedCashFen"),
        ({"counted_cash_fen": None}, "countedCashFen"),
        ({"note": "长" * 301}, "note"),
    ],
)
def test_bad_input_is_refused_and_the_shift_stays_open(shift, operator, changes, field):
    arguments = {"shift": shift, "counted_cash_fen": 100, "actor": operator.user, **changes}

    with pytest.raises(ValidationFailed) as error:
        shift_close(**arguments)

    assert error.value.field == field
    assert Shift.objects.get().status == "open"
