"""An operator signs in on the tablet with her username and a 4-6 digit PIN, stored hashed."""

import pytest

from carts.models import Operator
from carts.services import operator_authenticate, operator_pin_set
from core.errors import PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_pin(operator):
    return operator_pin_set(operator=operator, pin="2580")


def test_the_pin_is_stored_hashed(with_pin):
    stored = Operator.objects.get().pin_hash

    assert stored.startswith("md5$")
    assert "2580" not in stored


def test_the_right_username_and_pin_sign_her_in(with_pin, cart):
    assert operator_authenticate(username="op-chaka", pin="2580") == with_pin
    assert operator_authenticate(username="op-chaka", pin="2580", cart=cart) == with_pin


@pytest.mark.parametrize(
    ("username", "pin"),
    [("op-chaka", "2581"), ("op-chaka", ""), ("op-chaka", None), ("op-nobody", "2580"), ("keeper", "2580")],
)
def test_a_wrong_pin_or_user_is_refused_as_invalid_credentials(with_pin, keeper, username, pin):
    with pytest.raises(PermissionDenied) as error:
        operator_authenticate(username=username, pin=pin)

    assert (error.value.code, error.value.field) == ("INVALID_CREDENTIALS", "pin")


def test_without_a_pin_nobody_signs_in(operator):
    with pytest.raises(PermissionDenied) as error:
        operator_authenticate(username="op-chaka", pin="")

    assert error.value.code == "INVALID_CREDENTIALS"


def test_an_inactive_operator_is_refused(with_pin):
    with_pin.user.is_active = False
    with_pin.user.save()

    with pytest.raises(PermissionDenied) as error:
        operator_authenticate(username="op-chaka", pin="2580")

    assert error.value.code == "INVALID_CREDENTIALS"


def test_signing_in_at_another_cart_is_refused(with_pin, other_cart):
    with pytest.raises(PermissionDenied) as error:
        operator_authenticate(username="op-chaka", pin="2580", cart=other_cart)

    assert (error.value.code, error.value.field) == ("PERMISSION_DENIED", "cart")


def test_a_new_pin_replaces_the_old_one(with_pin):
    operator_pin_set(operator=with_pin, pin="135790")

    assert operator_authenticate(username="op-chaka", pin="135790") == with_pin
    with pytest.raises(PermissionDenied):
        operator_authenticate(username="op-chaka", pin="2580")


@pytest.mark.parametrize("pin", ["123", "1234567", "12a4", " 1234", "", None, 1234])
def test_a_pin_is_four_to_six_digits(operator, pin):
    with pytest.raises(ValidationFailed) as error:
        operator_pin_set(operator=operator, pin=pin)

    assert error.value.field == "pin"
    assert Operator.objects.get().pin_hash == ""
