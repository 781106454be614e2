from tests.api.conftest import gid

ME = "{ me { id username isStaff isOperator artisan { code } } }"


def test_me_answers_the_signed_in_staff_member(gql, staff, staff_token):
    result = gql(ME, token=staff_token)

    assert result == {
        "data": {
            "me": {
                "id": gid("User", staff),
                "username": "staff-admin",
                "isStaff": True,
                "isOperator": False,
                "artisan": None,
            }
        }
    }


def test_me_knows_an_operator(gql, operator, operator_token):
    result = gql(ME, token=operator_token)

    assert result["data"]["me"]["username"] == "op-chaka"
    assert result["data"]["me"]["isOperator"] is True
    assert result["data"]["me"]["isStaff"] is False


def test_me_gives_an_artisan_her_own_record(gql, artisan_token):
    result = gql(ME, token=artisan_token)

    assert result["data"]["me"]["artisan"] == {"code": "urna"}


def test_me_is_null_for_anonymous_callers(gql, db):
    result = gql(ME)

    assert result == {"data": {"me": None}}


def test_me_is_null_for_a_malformed_token(gql, db):
    result = gql(ME, token="not-a-token")

    assert result == {"data": {"me": None}}


def test_me_ignores_the_admin_session_cookie(gql, client, staff):
    # /graphql/ is exempt from CSRF: a cookie must never sign a caller in, or another site could
    # post mutations with a staff member's browser.
    client.force_login(staff)

    result = gql(ME)

    assert result == {"data": {"me": None}}
