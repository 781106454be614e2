import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from tests import factories

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def require_postgresql():
    """For tests of row locks and database triggers: the suite runs on PostgreSQL (`make test`);
    anywhere else these tests fail rather than pass unseen."""
    if connection.vendor != "postgresql":
        pytest.fail("this test needs PostgreSQL: run the suite with `make test`")


@pytest.fixture
def staff(db):
    return factories.StaffFactory(username="staff-admin")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 is slow on purpose; tests hash hundreds of passwords and PINs and test no hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes uploads into its own folder, never into var/ or another test's."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def celery_worker(transactional_db, settings):
    """A real Celery worker (prefork) on the Redis of the test run, reading this test's database.

    Tests that use it see tasks leave through the broker and run in another process, so they must
    commit their data (hence transactional_db).
    """
    from config.celery import app

    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.fail("REDIS_URL is not set: run the suite with `make test`, which starts Redis.")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    db_name = settings.DATABASES["default"]["NAME"]  # the test database, once it is made
    database_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + db_name
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CONN_MAX_AGE": "0",
    }
    log = Path(settings.MEDIA_ROOT).parent / "celery.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log_file = log.open("w")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        # Its own process group, so the prefork children can be stopped with it if it hangs.
        start_new_session=True,
    )
    previous = (app.conf.task_always_eager, app.conf.task_default_queue, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    app.conf.broker_url = redis_url
    try:
        deadline = time.monotonic() + 30
        while "ready." not in log.read_text():
            if worker.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Celery worker did not start:\n{log.read_text()}")
            time.sleep(0.2)
        yield worker
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue, app.conf.broker_url = previous
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
        log_file.close()


@pytest.fixture(scope="session")
def localstripe(tmp_path_factory):
    """localstripe on a free loopback port for this test process (each xdist worker starts its own),
    its state file in a temp folder of its own. Tests use `stripe_server`, which points at it."""
    from tests.payments.localstripe import start

    server = start(tmp_path_factory.mktemp("localstripe"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def stripe_server(localstripe, settings):
    """The settings point at localstripe (STRIPE_API_BASE, STRIPE_SECRET_KEY="sk_test_local", a
    webhook secret), which starts the test empty and is emptied after it. Yields the LocalStripe
    handle: .url, .webhook_secret, .register_webhook(name, url=...), .reset()."""
    from payments.stripe_client import api_base

    settings.STRIPE_API_BASE = localstripe.url
    settings.STRIPE_SECRET_KEY = localstripe.secret_key
    settings.STRIPE_WEBHOOK_SECRET = localstripe.webhook_secret
    # Real Stripe is never contacted from the tests.
    assert api_base() == localstripe.url
    localstripe.reset()
    yield localstripe
    localstripe.reset()


@pytest.fixture(scope="session")
def tls_certificates(tmp_path_factory):
    """A throwaway certificate authority and a certificate for 127.0.0.1 it signed."""
    from tests.payments.tls_terminator import certificates

    return certificates(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def stripe_over_https(stripe_server, tls_certificates, settings):
    """localstripe behind a TLS terminator on loopback: STRIPE_API_BASE is its https:// address.
    stripe-python trusts only its own CA bundle until a test points `stripe.ca_bundle_path` at
    `tls_certificates.authority`. Yields the terminator (.url, .tls_versions)."""
    from tests.payments.tls_terminator import TlsTerminator

    terminator = TlsTerminator(upstream_port=stripe_server.port, certificates=tls_certificates)
    settings.STRIPE_API_BASE = terminator.url
    try:
        yield terminator
    finally:
        terminator.stop()


@pytest.fixture(scope="session")
def wechat_pay_server(tmp_path_factory):
    """The WeChat Pay fake (tests/fakes/wechat_pay.py) for this test process, with keys made now."""
    from tests.fakes.wechat_pay import FakeWeChatPay, WeChatPayKeys

    fake = FakeWeChatPay(WeChatPayKeys.generate(tmp_path_factory.mktemp("wechat-pay"))).start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def wechat_pay(wechat_pay_server, settings, monkeypatch):
    """WeChat Pay configured against the fake, which starts the test empty: wechatpayv3 reaches it as
    its HTTPS proxy and trusts its throwaway authority (SSL_CERT_FILE, read by httpx for its calls;
    REQUESTS_CA_BUNDLE, read by requests for the notifications' certificates)."""
    from tests.fakes.tunnel import trusting

    keys = wechat_pay_server.keys
    settings.WECHATPAY_MCHID = keys.mchid
    settings.WECHATPAY_APPID = keys.appid
    settings.WECHATPAY_MERCHANT_SERIAL = keys.merchant_serial
    settings.WECHATPAY_PRIVATE_KEY_PATH = str(keys.merchant_key_path)
    settings.WECHATPAY_APIV3_KEY = keys.apiv3_key
    settings.WECHATPAY_NOTIFY_URL = "https://shop.example.com/payments/wechat-pay/notify/"
    settings.WECHATPAY_PROXY = wechat_pay_server.url
    settings.WECHATPAY_JSAPI_APPID = ""
    settings.WECHAT_OA_SECRET = ""
    settings.WECHAT_OAUTH_AUTHORIZE_URL = f"{wechat_pay_server.url}/connect/oauth2/authorize"
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(keys.authority_path))
    monkeypatch.setenv("SSL_CERT_FILE", trusting(keys.authority_path))
    wechat_pay_server.reset()
    yield wechat_pay_server
    wechat_pay_server.reset()


@pytest.fixture(scope="session")
def alipay_server(tmp_path_factory):
    """The Alipay fake (tests/fakes/alipay.py) for this test process, with keys made now."""
    from tests.fakes.alipay import AlipayKeys, FakeAlipay

    fake = FakeAlipay(AlipayKeys.generate(tmp_path_factory.mktemp("alipay"))).start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def alipay(alipay_server, settings, monkeypatch):
    """Alipay configured against the fake, which starts the test empty: the browser's gateway is the
    fake's, and python-alipay-sdk's server calls (urllib) reach it as the HTTPS proxy of the process,
    trusting its throwaway authority (SSL_CERT_FILE). urllib's shared opener is rebuilt so that it
    reads the proxy now, and dropped after."""
    import urllib.request

    from tests.fakes.tunnel import trusting

    keys = alipay_server.keys
    settings.ALIPAY_APPID = keys.appid
    settings.ALIPAY_PRIVATE_KEY_PATH = str(keys.app_private_key_path)
    settings.ALIPAY_PUBLIC_KEY_PATH = str(keys.alipay_public_key_path)
    settings.ALIPAY_NOTIFY_URL = "https://shop.example.com/payments/alipay/notify/"
    settings.ALIPAY_RETURN_URL = "https://shop.example.com/checkout/return/"
    settings.ALIPAY_GATEWAY = alipay_server.gateway
    monkeypatch.setenv("HTTPS_PROXY", alipay_server.url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("SSL_CERT_FILE", trusting(keys.authority_path))
    urllib.request.install_opener(urllib.request.build_opener())
    alipay_server.reset()
    yield alipay_server
    alipay_server.reset()
    urllib.request.install_opener(None)
