import pytest

from tests import factories

TOKEN_CREATE = """
mutation SignIn($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) {
    token
    user { username }
    errors { field code message }
  }
}
"""
ME = "{ me { username } }"


@pytest.fixture
def user(db):
    return factories.UserFactory(username="dolma", email="dolma@example.org")


def sign_in(gql, email, password="pass-word-123"):
    return gql(TOKEN_CREATE, {"email": email, "password": password})["data"]["tokenCreate"]


def test_token_create_with_username_and_password_answers_a_working_token(gql, user):
    payload = sign_in(gql, "dolma")

    assert payload["errors"] == []
    assert payload["user"] == {"username": "dolma"}
    assert gql(ME, token=payload["token"]) == {"data": {"me": {"username": "dolma"}}}


def test_token_create_accepts_the_email_address_in_any_case(gql, user):
    payload = sign_in(gql, "Dolma@Example.org")

    assert payload["errors"] == []
    assert payload["user"] == {"username": "dolma"}


def test_token_create_with_a_wrong_password_answers_a_typed_error_and_no_token(gql, user):
    payload = sign_in(gql, "dolma", password="wrong-password")

    assert payload == {
        "token": None,
        "user": None,
        "errors": [
            {
                "field": "email",
                "code": "INVALID_CREDENTIALS",
                "message": "Please enter a correct username or email and password.",
            }
        ],
    }


def test_token_create_refuses_an_unknown_user_the_same_way(gql, db):
    payload = sign_in(gql, "nobody")

    assert payload["token"] is None
    assert payload["errors"][0]["code"] == "INVALID_CREDENTIALS"


def test_token_create_refuses_an_inactive_user(gql, user):
    user.is_active = False
    user.save(update_fields=["is_active"])

    payload = sign_in(gql, "dolma")

    assert payload["token"] is None
    assert payload["errors"][0]["code"] == "INVALID_CREDENTIALS"


def test_a_token_stops_working_when_the_password_changes(gql, user):
    token = sign_in(gql, "dolma")["token"]
    user.set_password("a-new-pass-word-456")
    user.save(update_fields=["password"])

    result = gql(ME, token=token)

    assert result == {"data": {"me": None}}


def test_a_token_stops_working_when_the_user_is_deactivated(gql, user):
    token = sign_in(gql, "dolma")["token"]
    user.is_active = False
    user.save(update_fields=["is_active"])

    assert gql(ME, token=token) == {"data": {"me": None}}


def test_an_expired_token_is_refused(gql, user, settings):
    token = sign_in(gql, "dolma")["token"]
    settings.API_TOKEN_MAX_AGE_SECONDS = -1

    assert gql(ME, token=token) == {"data": {"me": None}}


def test_a_tampered_token_is_refused(gql, user):
    token = sign_in(gql, "dolma")["token"]
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    assert gql(ME, token=forged) == {"data": {"me": None}}


def test_token_create_without_a_password_is_a_graphql_error_not_a_crash(gql, user):
    result = gql('mutation { tokenCreate(email: "dolma") { token } }')

    assert result.status == 400
    assert "password" in result["errors"][0]["message"]
    assert "data" not in result
