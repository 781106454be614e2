import pytest

from carts.services import operator_pin_set
from tests import factories
from tests.api.pos_helpers import PIN

OPERATOR_TOKEN_CREATE = """
mutation SignIn($username: String!, $pin: String!) {
  operatorTokenCreate(username: $username, pin: $pin) {
    token
    user { username isOperator }
    carts { code nameZh nameEn siteName location { code } }
    errors { field code message }
  }
}
"""
CURRENT_SHIFT = 'query { currentShift(cart: "chaka", deviceId: "TAB-7F3A") { deviceId } }'
INVALID = [{"field": "pin", "code": "INVALID_CREDENTIALS", "message": "用户名或 PIN 不正确。"}]
REFUSED = {"token": None, "user": None, "carts": [], "errors": INVALID}


@pytest.fixture(autouse=True)
def _no_failures_counted(settings):
    """Each test counts wrong PINs from zero, in a cache of its own."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pin"}
    }
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def with_pin(operator):
    return operator_pin_set(operator=operator, pin=PIN)


def sign_in(gql, username, pin=PIN):
    return gql(OPERATOR_TOKEN_CREATE, {"username": username, "pin": pin})["data"]["operatorTokenCreate"]


def test_an_operator_signs_in_with_her_pin_and_gets_a_bearer_token_and_her_carts(gql, with_pin, cart):
    payload = sign_in(gql, "op-chaka")

    assert payload["errors"] == []
    assert payload["user"] == {"username": "op-chaka", "isOperator": True}
    assert payload["carts"] == [
        {
            "code": "chaka",
            "nameZh": "茶卡一号车",
            "nameEn": "Chaka 1",
            "siteName": cart.site.name_zh,
            "location": {"code": "cart-chaka"},
        }
    ]
    answer = gql(CURRENT_SHIFT, token=payload["token"])
    assert answer == {"data": {"currentShift": None}}


def test_a_wrong_pin_answers_a_typed_error_and_no_token(gql, with_pin):
    assert sign_in(gql, "op-chaka", pin="9999") == REFUSED


def test_an_unknown_username_is_refused_the_same_way(gql, db):
    assert sign_in(gql, "nobody") == REFUSED


@pytest.mark.parametrize("who", ["artisan", "staff", "no_pin", "inactive"])
def test_only_an_active_operator_with_a_pin_can_sign_in_with_one(gql, operator, artisan_user, staff, who):
    if who == "inactive":
        operator_pin_set(operator=operator, pin=PIN)
        operator.user.is_active = False
        operator.user.save(update_fields=["is_active"])
    username = {"artisan": "urna", "staff": "staff-admin"}.get(who, "op-chaka")

    assert sign_in(gql, username) == REFUSED


def test_her_other_carts_come_back_too_but_inactive_ones_do_not(gql, with_pin, operator, other_cart):
    closed = factories.CartFactory(code="closed", is_active=False)
    operator.carts.add(other_cart, closed)

    payload = sign_in(gql, "op-chaka")

    assert [cart["code"] for cart in payload["carts"]] == ["chaka", "feicui"]


@pytest.mark.parametrize("pin", ["", "12", "abcd"])
def test_a_malformed_pin_is_just_a_wrong_one(gql, with_pin, pin):
    assert sign_in(gql, "op-chaka", pin=pin) == REFUSED


def test_after_ten_wrong_pins_even_the_right_one_is_refused_for_a_while(gql, with_pin):
    for _ in range(10):
        assert sign_in(gql, "op-chaka", pin="0000")["errors"] == INVALID

    payload = sign_in(gql, "op-chaka")

    assert payload["token"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("pin", "INVALID_CREDENTIALS")]
    assert payload["errors"][0]["message"].startswith("Too many wrong PINs")


def test_a_right_pin_clears_the_count_of_wrong_ones(gql, with_pin):
    for _ in range(9):
        sign_in(gql, "op-chaka", pin="0000")
    assert sign_in(gql, "op-chaka")["errors"] == []

    for _ in range(9):
        sign_in(gql, "op-chaka", pin="0000")

    assert sign_in(gql, "op-chaka")["errors"] == []
