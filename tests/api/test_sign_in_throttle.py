"""Nobody can guess a password by trying: after ten wrong ones an account is refused, even with the
right password, until the window has passed; other accounts are not affected."""

import pytest
from django.core.cache import cache

from tests import factories
from tests.api.test_token_create import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_failures_yet():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def dolma(db):
    return factories.UserFactory(username="dolma", email="dolma@example.org")


def test_the_api_refuses_the_right_password_after_ten_wrong_ones(gql, dolma):
    factories.UserFactory(username="other", email="other@example.org")
    for _ in range(10):
        assert sign_in(gql, "dolma", "wrong-guess")["token"] is None

    # when: the right password, and another account's
    locked = sign_in(gql, "dolma")
    other = sign_in(gql, "other")

    # then
    assert locked["token"] is None
    assert locked["errors"][0]["code"] == "INVALID_CREDENTIALS"
    assert other["token"]


def test_nine_wrong_passwords_then_the_right_one_signs_in_and_starts_counting_again(gql, dolma):
    for _ in range(9):
        sign_in(gql, "dolma", "wrong-guess")
    assert sign_in(gql, "dolma")["token"]
    for _ in range(9):
        sign_in(gql, "dolma", "wrong-guess")
    assert sign_in(gql, "dolma")["token"]


def test_the_admin_login_refuses_the_right_password_after_ten_wrong_ones(client):
    factories.StaffFactory(username="finance", password="pass-word-123")
    for _ in range(10):
        client.post("/admin/login/", {"username": "finance", "password": "wrong-guess"})

    response = client.post("/admin/login/?next=/admin/", {"username": "finance", "password": "pass-word-123"})

    assert response.status_code == 200  # the login form again, not the redirect into the admin
    assert client.get("/admin/").status_code == 302
