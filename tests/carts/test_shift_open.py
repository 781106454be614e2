"""A shift is opened on a tablet by an operator of the cart, with the counted opening cash; one open
shift per cart and tablet."""

import pytest

from carts.models import Shift
from carts.services import shift_close, shift_open
from core.errors import InvalidState, PermissionDenied, ValidationFailed
from tests import factories
from tests.factories import aware

pytestmark = pytest.mark.django_db


def test_an_operator_opens_a_shift_at_her_cart(cart, operator):
    # when
    shift = shift_open(cart=cart, operator=operator, device_id="tablet-7f3a", opening_cash_fen=20000)

    # then
    shift.refresh_from_db()
    assert (shift.cart, shift.operator, shift.device_id, shift.status, shift.opening_cash_fen) == (
        cart,
        operator,
        "tablet-7f3a",
        "open",
        20000,
    )
    assert (shift.closed_at, shift.counted_cash_fen, shift.closed_by, shift.opened_at is not None) == (
        None,
        None,
        None,
        True,
    )


def test_a_past_shift_can_be_recorded_with_its_time(cart, operator):
    shift = shift_open(
        cart=cart,
        operator=operator,
        device_id="tablet-7f3a",
        opening_cash_fen=0,
        opened_at=aware(2026, 7, 1, 9),
    )

    assert shift.opened_at == aware(2026, 7, 1, 9)


def test_two_tablets_may_each_have_an_open_shift_at_one_cart(cart, operator):
    shift_open(cart=cart, operator=operator, device_id="tablet-aaaa", opening_cash_fen=0)
    shift_open(cart=cart, operator=operator, device_id="tablet-bbbb", opening_cash_fen=0)

    assert Shift.objects.filter(status="open").count() == 2


def test_a_second_open_shift_on_one_tablet_is_refused(cart, operator):
    # given
    shift_open(cart=cart, operator=operator, device_id="tablet-7f3a", opening_cash_fen=20000)

    # when
    with pytest.raises(InvalidState) as error:
        shift_open(cart=cart, operator=operator, device_id="tablet-7f3a", opening_cash_fen=0)

    # then
    assert error.value.field == "deviceId"
    assert Shift.objects.count() == 1


def test_after_closing_the_tablet_may_open_the_next_shift(cart, operator):
    first = shift_open(cart=cart, operator=operator, device_id="tablet-7f3a", opening_cash_fen=20000)
    shift_close(shift=first, counted_cash_fen=20000, actor=operator.user)

    second = shift_open(cart=cart, operator=operator, device_id="tablet-7f3a", opening_cash_fen=20000)

    assert list(Shift.objects.order_by("pk").values_list("pk", "status")) == [
        (first.pk, "closed"),
        (second.pk, "open"),
    ]


def test_an_operator_of_another_cart_is_refused(cart, other_cart):
    # given
    stranger = factories.OperatorFactory(carts=[other_cart])

    # when
    with pytest.raises(PermissionDenied):
        shift_open(cart=cart, operator=stranger, device_id="tablet-7f3a", opening_cash_fen=0)

    # then
    assert Shift.objects.count() == 0


def test_an_inactive_operator_is_refused(cart, operator):
    operator.user.is_active = False
    operator.user.save()

    with pytest.raises(PermissionDenied):
        shift_open(cart=cart, operator=operator, device_id="tablet-7f3a", opening_cash_fen=0)

    assert Shift.objects.count() == 0


def test_a_cart_out_of_service_is_refused(cart, operator):
    cart.is_active = False
    cart.save()

    with pytest.raises(InvalidState) as error:
        shift_open(cart=cart, operator=operator, device_id="tablet-7f3a", opening_cash_fen=0)

    assert error.value.field == "cart"
    assert Shift.objects.count() == 0


@pytest.mark.parametrize(
    ("device_id", "opening_cash_fen", "field"),
    [
        ("", 0, "deviceId"),
        ("x" * 65, 0, "deviceId"),
        (None, 0, "deviceId"),
        ("tablet-7f3a", -1, "openingCashFen"),
        ("tablet-7f3a", 12.5, "openingCashFen"),
        ("tablet-7f3a", True, "openingCashFen"),
    ],
)
def test_bad_input_is_refused_with_its_field(cart, operator, device_id, opening_cash_fen, field):
    with pytest.raises(ValidationFailed) as error:
        shift_open(cart=cart, operator=operator, device_id=device_id, opening_cash_fen=opening_cash_fen)

    assert error.value.field == field
    assert Shift.objects.count() == 0
