import datetime
from zoneinfo import ZoneInfo

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


TABLET_A = {"REMOTE_ADDR": "203.0.113.9", "HTTP_USER_AGENT": "guessing tablet"}
HER_TABLET = {"REMOTE_ADDR": "203.0.113.9", "HTTP_USER_AGENT": "the cart's tablet"}
LOCKED = {
    "field": None,
    "code": "SIGN_IN_LOCKED",
    "message": "这台设备登录失败的次数太多，已暂时锁定。请在 09:15（北京时间）之后再试。",
}


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(datetime.datetime(2026, 7, 14, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)


def sign_in_from(gql, client, username, pin=PIN):
    answer = gql(OPERATOR_TOKEN_CREATE, {"username": username, "pin": pin}, **client)
    return answer["data"]["operatorTokenCreate"]


def test_ten_wrong_pins_lock_the_guessing_tablet_not_the_operator(gql, with_pin, clock):
    for _ in range(9):
        assert sign_in_from(gql, TABLET_A, "op-chaka", pin="0000")["errors"] == INVALID

    tenth = sign_in_from(gql, TABLET_A, "op-chaka", pin="0000")
    right_pin_there = sign_in_from(gql, TABLET_A, "op-chaka")
    hers = sign_in_from(gql, HER_TABLET, "op-chaka")

    assert tenth == {"token": None, "user": None, "carts": [], "errors": [LOCKED]}
    assert right_pin_there == {"token": None, "user": None, "carts": [], "errors": [LOCKED]}
    assert hers["errors"] == [] and hers["token"] and hers["user"]["username"] == "op-chaka"


def test_one_pin_tried_across_every_operator_from_one_tablet_is_limited(gql, with_pin, cart, clock):
    for number in range(12):
        operator = factories.OperatorFactory(user__username=f"op-{number}", carts=[cart])
        operator_pin_set(operator=operator, pin="5555")

    answers = [sign_in_from(gql, TABLET_A, f"op-{number}", pin="1234")["errors"] for number in range(12)]

    assert answers == [INVALID] * 9 + [[LOCKED]] * 3
    # the operator whose PIN it is signs in from her own tablet
    assert sign_in_from(gql, HER_TABLET, "op-chaka")["errors"] == []


def test_a_right_pin_does_not_clear_the_tablets_count(gql, with_pin, clock):
    """Otherwise one operator could guess another's PIN between sign-ins of her own."""
    for _ in range(9):
        sign_in_from(gql, TABLET_A, "op-chaka", pin="0000")
    assert sign_in_from(gql, TABLET_A, "op-chaka")["errors"] == []

    assert sign_in_from(gql, TABLET_A, "op-chaka", pin="0000")["errors"] == [LOCKED]
