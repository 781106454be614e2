"""Shared by the security tests: the API tests' `gql` and fresh response cache, and the authorization
matrix's world (built once per module in a transaction that is rolled back at the end of it)."""

import pytest
from django.db import transaction
from django.test import override_settings

from tests.api.conftest import _fresh_response_cache, gql  # noqa: F401 (fixtures shared with tests/api)


@pytest.fixture(scope="module")
def authorization_world(django_db_setup, django_db_blocker, localstripe, wechat_pay_server, tmp_path_factory):
    """tests/security/authorization_world.py's world and callers, for every test of a module.

    Each case runs in a savepoint of its own (authorization_case), so what one case writes is gone
    before the next; the world itself is rolled back when the module is done."""
    from tests.security.authorization_world import build_world

    stripe = {
        "STRIPE_API_BASE": localstripe.url,
        "STRIPE_SECRET_KEY": localstripe.secret_key,
        "STRIPE_WEBHOOK_SECRET": localstripe.webhook_secret,
    }
    keys = wechat_pay_server.keys  # the tablet's QR code for the amount (posPaymentQr*)
    wechat_pay = {
        "WECHATPAY_MCHID": keys.mchid,
        "WECHATPAY_APPID": keys.appid,
        "WECHATPAY_MERCHANT_SERIAL": keys.merchant_serial,
        "WECHATPAY_PRIVATE_KEY_PATH": str(keys.merchant_key_path),
        "WECHATPAY_APIV3_KEY": keys.apiv3_key,
        "WECHATPAY_NOTIFY_URL": "https://shop.example.com/payments/wechat-pay/notify/",
        "WECHATPAY_PROXY": wechat_pay_server.url,
    }
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            MEDIA_ROOT=tmp_path_factory.mktemp("authorization-media"),
            **stripe,
            **wechat_pay,
        ),
        pytest.MonkeyPatch.context() as environment,
    ):
        environment.setenv("REQUESTS_CA_BUNDLE", str(keys.authority_path))
        environment.setenv("SSL_CERT_FILE", str(keys.authority_path))
        localstripe.reset()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            localstripe.reset()


@pytest.hookimpl(trylast=True)  # after -k and -m have deselected
def pytest_collection_modifyitems(items):
    """pytest-django creates the test database only when a selected test asks for it (a `db`
    fixture or a django_db mark), and authorization_case asks for neither (it needs only a
    savepoint). One marked case of the matrix is enough to have the database made, however few
    cases are selected."""
    cases = [item for item in items if "authorization_case" in getattr(item, "fixturenames", ())]
    if cases:
        cases[0].add_marker(pytest.mark.django_db)


@pytest.fixture
def authorization_case(authorization_world, django_db_blocker):
    """The world, for one case of the matrix: what the case writes is rolled back after it (a
    savepoint: much cheaper than pytest-django's `db`, which rebuilds a TestCase per test)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield authorization_world
        transaction.set_rollback(True)
