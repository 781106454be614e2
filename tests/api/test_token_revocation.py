"""A new PIN, or staff disabling someone, ends her tokens and sessions at once
(accounts.services.user_sign_ins_revoke; api/core/tokens.py; accounts.models.User.get_session_auth_hash)."""

import pytest
from django.test import Client

from api.core.tokens import token_for
from artisans.services import artisan_pin_set, artisan_update
from carts.services import operator_pin_set
from tests.api.pos_helpers import PIN
from tests.api.test_operator_token_create import OPERATOR_TOKEN_CREATE

ME = "{ me { username } }"
SIGNED_OUT = {"data": {"me": None}}


@pytest.fixture
def with_pin(operator):
    return operator_pin_set(operator=operator, pin=PIN)


def operator_signs_in(gql, pin=PIN) -> str:
    payload = gql(OPERATOR_TOKEN_CREATE, {"username": "op-chaka", "pin": pin})["data"]["operatorTokenCreate"]
    assert payload["errors"] == []
    return payload["token"]


def test_an_old_operator_token_is_refused_after_her_pin_changes(gql, with_pin):
    # given: a token someone took from her tablet (they live seven days)
    old = operator_signs_in(gql)
    assert gql(ME, token=old) == {"data": {"me": {"username": "op-chaka"}}}

    # when: staff give her a new PIN
    operator_pin_set(operator=with_pin, pin="97531")

    # then: the old token is refused at once; her new sign-in works
    assert gql(ME, token=old) == SIGNED_OUT
    new = operator_signs_in(gql, pin="97531")
    assert gql(ME, token=new) == {"data": {"me": {"username": "op-chaka"}}}


def test_setting_the_same_pin_again_still_ends_her_old_tokens(gql, with_pin):
    old = operator_signs_in(gql)

    operator_pin_set(operator=with_pin, pin=PIN)

    assert gql(ME, token=old) == SIGNED_OUT


def signed_in_browser(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def test_staff_disabling_an_operator_ends_her_tokens_and_sessions_for_good(gql, with_pin, staff):
    token = operator_signs_in(gql)
    browser = signed_in_browser(with_pin.user)
    assert browser.get("/admin/").wsgi_request.user.username == "op-chaka"

    # when: staff untick "active" on her account in the admin
    response = signed_in_browser(staff).post(
        f"/admin/accounts/user/{with_pin.user.pk}/change/",
        {
            "username": "op-chaka",
            "preferred_language": "zh-hans",
            "date_joined_0": "2026-07-14",
            "date_joined_1": "09:00:00",
        },
    )
    assert response.status_code == 302

    # then: her token and her session are refused, and stay refused when she is enabled again
    assert gql(ME, token=token) == SIGNED_OUT
    assert browser.get("/admin/").wsgi_request.user.is_authenticated is False
    type(with_pin.user).objects.filter(pk=with_pin.user.pk).update(is_active=True)
    assert gql(ME, token=token) == SIGNED_OUT
    assert browser.get("/admin/").wsgi_request.user.is_authenticated is False
    assert gql(ME, token=operator_signs_in(gql)) == {"data": {"me": {"username": "op-chaka"}}}


def test_an_artisans_new_pin_ends_her_portal_session_and_her_token(gql, client, artisan):
    artisan_pin_set(artisan=artisan, pin="246810")
    artisan.refresh_from_db()
    assert client.post("/me/login/", {"phone": "13800000001", "pin": "246810"})["Location"] == "/me/"
    token = token_for(artisan.user)
    assert client.get("/me/").status_code == 200

    artisan_pin_set(artisan=artisan, pin="135791")

    assert client.get("/me/").status_code == 302
    assert gql(ME, token=token) == SIGNED_OUT
    assert client.post("/me/login/", {"phone": "13800000001", "pin": "135791"})["Location"] == "/me/"


def test_taking_an_artisan_off_the_books_ends_her_token(gql, artisan_user, artisan_token):
    assert gql(ME, token=artisan_token) == {"data": {"me": {"username": "urna"}}}

    artisan_update(artisan=artisan_user.artisan, is_active=False)

    assert gql(ME, token=artisan_token) == SIGNED_OUT


def test_changing_her_other_fields_keeps_her_token(gql, artisan_user, artisan_token):
    artisan_update(artisan=artisan_user.artisan, craft_zh="刺绣")

    assert gql(ME, token=artisan_token) == {"data": {"me": {"username": "urna"}}}
