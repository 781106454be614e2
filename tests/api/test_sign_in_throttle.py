"""Sign-in throttling locks the client that guesses, never the person guessed at (accounts/sign_in.py).

A client is an IP address and a user agent. Ten failed password sign-ins from one client, whichever
accounts they tried, lock that client for fifteen minutes with an error that says so and until when;
the account's owner still signs in from her own device, and one address is locked across all its
user agents only at five times the limit."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from axes.models import AccessAttempt

from tests import factories
from tests.api.test_token_create import TOKEN_CREATE

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 7, 14, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
ATTACKER = {"REMOTE_ADDR": "203.0.113.9", "HTTP_USER_AGENT": "guesser/1.0"}
HER_LAPTOP = {"REMOTE_ADDR": "198.51.100.20", "HTTP_USER_AGENT": "Mozilla/5.0 (her laptop)"}
LOCKED = {
    "field": None,
    "code": "SIGN_IN_LOCKED",
    "message": "这台设备登录失败的次数太多，已暂时锁定。请在 09:15（北京时间）之后再试。",
}
WRONG = {
    "field": "email",
    "code": "INVALID_CREDENTIALS",
    "message": "Please enter a correct username or email and password.",
}


@pytest.fixture
def dolma(db):
    return factories.UserFactory(username="dolma", email="dolma@example.org")


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


def sign_in(gql, email, password="pass-word-123", client=ATTACKER, **headers):
    variables = {"email": email, "password": password}
    return gql(TOKEN_CREATE, variables, **client, **headers)["data"]["tokenCreate"]


def test_ten_wrong_passwords_lock_the_guessing_client_not_her(gql, dolma, clock):
    for _ in range(9):
        assert sign_in(gql, "dolma", "wrong-guess")["errors"] == [WRONG]

    tenth = sign_in(gql, "dolma", "wrong-guess")
    right_from_attacker = sign_in(gql, "dolma")
    hers = sign_in(gql, "dolma", client=HER_LAPTOP)

    # then: the tenth failure locks the attacker's client, which is now refused even the right
    # password, with an error that says so and until when; she signs in from her own laptop
    assert tenth == {"token": None, "user": None, "errors": [LOCKED]}
    assert right_from_attacker == {"token": None, "user": None, "errors": [LOCKED]}
    assert hers["errors"] == [] and hers["user"] == {"username": "dolma"} and hers["token"]


def test_the_lock_says_the_same_time_on_every_try_and_ends_then(gql, dolma, clock):
    for _ in range(10):
        sign_in(gql, "dolma", "wrong-guess")

    clock.shift(datetime.timedelta(minutes=10))
    still = sign_in(gql, "dolma")
    clock.shift(datetime.timedelta(minutes=5, seconds=1))
    after = sign_in(gql, "dolma")

    assert still["errors"] == [LOCKED]  # tries while locked do not move the end
    assert after["errors"] == [] and after["token"]


def test_one_client_trying_one_password_across_many_accounts_is_limited(gql, dolma, clock):
    for number in range(10):
        factories.UserFactory(username=f"user-{number}")

    answers = [sign_in(gql, f"user-{number}", "Passw0rd!")["errors"] for number in range(10)]
    # the next account it tries, with her right password, is refused unchecked
    refused = sign_in(gql, "dolma")

    assert answers == [[WRONG]] * 9 + [[LOCKED]]
    assert refused["errors"] == [LOCKED]
    assert sorted(AccessAttempt.objects.values_list("username", "failures_since_start"))[:3] == [
        ("user-0", 1),
        ("user-1", 1),
        ("user-2", 1),
    ]


def test_a_new_user_agent_on_every_try_is_locked_at_five_times_the_limit(gql, dolma, clock):
    for number in range(49):
        answer = sign_in(gql, "dolma", "wrong-guess", client={**ATTACKER, "HTTP_USER_AGENT": f"ua-{number}"})
        assert answer["errors"] == [WRONG]

    fiftieth = sign_in(gql, "dolma", "wrong-guess", client={**ATTACKER, "HTTP_USER_AGENT": "ua-49"})
    # another device behind the same address is refused too now; another address is not
    same_address = sign_in(gql, "dolma", client={**ATTACKER, "HTTP_USER_AGENT": "her phone"})
    other_address = sign_in(gql, "dolma", client=HER_LAPTOP)

    assert fiftieth["errors"] == [LOCKED]
    assert same_address["errors"] == [LOCKED]
    assert other_address["errors"] == []


def test_the_lock_is_in_english_for_an_english_client(gql, dolma, clock):
    for _ in range(10):
        sign_in(gql, "dolma", "wrong-guess")

    answer = sign_in(gql, "dolma", HTTP_ACCEPT_LANGUAGE="en")

    assert answer["errors"] == [
        {
            "field": None,
            "code": "SIGN_IN_LOCKED",
            "message": "Too many failed sign-ins from this device: it is locked for now. "
            "Try again after 09:15 (Beijing time).",
        }
    ]


def test_a_forwarded_address_counts_only_from_the_configured_proxy_header(gql, dolma, clock, settings):
    # given: the site's proxy appends the address it saw to X-Forwarded-For
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    proxy = {"REMOTE_ADDR": "10.0.0.2", "HTTP_USER_AGENT": "guesser/1.0"}
    for number in range(10):
        # the attacker writes a different address of her own in front on every try
        sign_in(
            gql, "dolma", "wrong-guess", client=proxy, HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 203.0.113.9"
        )

    locked = sign_in(gql, "dolma", client=proxy, HTTP_X_FORWARDED_FOR="192.0.2.77, 203.0.113.9")
    # the same user agent from another address, behind the same proxy, is not locked
    other = sign_in(gql, "dolma", client=proxy, HTTP_X_FORWARDED_FOR="198.51.100.20")

    assert locked["errors"] == [LOCKED]
    assert other["errors"] == []
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}


def test_without_a_configured_header_a_forwarded_address_is_ignored(gql, dolma, clock):
    for number in range(10):
        sign_in(
            gql, "dolma", "wrong-guess", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}", HTTP_X_REAL_IP="192.0.2.1"
        )

    assert sign_in(gql, "dolma")["errors"] == [LOCKED]
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}


def test_no_secret_is_stored_with_a_failed_attempt(client, dolma, clock):
    # given: a GraphQL document sent as a form, with the password inside it
    query = 'mutation { tokenCreate(email: "dolma", password: "my-secret-guess") { token } }'
    client.post("/graphql/", {"query": query}, **ATTACKER)

    (attempt,) = AccessAttempt.objects.all()
    assert attempt.username == "dolma"
    assert "my-secret-guess" not in attempt.post_data + attempt.get_data


def test_the_admin_login_locks_the_client_and_says_so(client, clock):
    factories.StaffFactory(username="finance", password="pass-word-123")
    for _ in range(10):
        client.post("/admin/login/", {"username": "finance", "password": "wrong-guess"}, **ATTACKER)

    response = client.post(
        "/admin/login/?next=/admin/", {"username": "finance", "password": "pass-word-123"}, **ATTACKER
    )

    # then: the login form again, saying the device is locked (not that the password is wrong)
    assert response.status_code == 200
    body = response.content.decode()
    assert LOCKED["message"] in body
    assert "请输入一个正确的" not in body
    assert client.get("/admin/", **ATTACKER).status_code == 302
    # and she signs in from her own laptop
    hers = client.post(
        "/admin/login/?next=/admin/", {"username": "finance", "password": "pass-word-123"}, **HER_LAPTOP
    )
    assert hers.status_code == 302 and hers["Location"] == "/admin/"
    assert client.get("/admin/", **HER_LAPTOP).status_code == 200
