"""Production defaults are safe: nothing insecure unless the environment asks for it."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'debug': settings.DEBUG, 'hosts': settings.ALLOWED_HOSTS, "
    "'secure_cookie': settings.SESSION_COOKIE_SECURE, 'hsts': settings.SECURE_HSTS_SECONDS, "
    "'db': settings.DATABASES['default']['ENGINE'], 'broker': settings.CELERY_BROKER_URL, "
    "'eager': settings.CELERY_TASK_ALWAYS_EAGER, 'stripe': settings.STRIPE_SECRET_KEY, "
    "'cache': settings.CACHES['default']['BACKEND']}))"
)
CLEARED = {
    "DEBUG",
    "SECRET_KEY",
    "GONGFANG_DEMO",
    "GONGFANG_TESTING",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_TASK_ALWAYS_EAGER",
    "STRIPE_SECRET_KEY",
    "STRIPE_API_BASE",
    "STRIPE_WEBHOOK_SECRET",
    "CLIENT_IP_HEADER",
    "CACHE_URL",
}


def settings_under(env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", **env_overrides})
    return subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True)


def test_without_a_secret_key_production_refuses_to_start():
    result = settings_under({})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_come_from_the_environment_with_safe_defaults():
    result = settings_under(
        {
            "SECRET_KEY": "s" * 50,
            "ALLOWED_HOSTS": "gongfang.example.cn, www.gongfang.example.cn",
            "DATABASE_URL": "postgres://u:p@db.internal:5432/gongfang",
            "REDIS_URL": "redis://cache.internal:6379/1",
            "CACHE_URL": "redis://cache.internal:6379/2",
            "STRIPE_SECRET_KEY": "sk_live_abc",
        }
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "debug": False,
        "hosts": ["gongfang.example.cn", "www.gongfang.example.cn"],
        "secure_cookie": True,
        "hsts": 31536000,
        "db": "django.db.backends.postgresql",
        "broker": "redis://cache.internal:6379/1",
        "eager": False,
        "stripe": "sk_live_abc",
        # Shared by every web worker: login lockouts and cached catalogue answers hold across them.
        "cache": "core.cache.TolerantRedisCache",
    }


def test_the_demo_runs_embedded_without_services():
    result = settings_under({"GONGFANG_DEMO": "1", "DEBUG": "1"})
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["debug"] is True
    assert values["db"] == "django.db.backends.sqlite3"
    assert values["eager"] is True
    assert values["hosts"] == ["127.0.0.1", "localhost"]
    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"


def deploy_check(**overrides):
    env = {k: v for k, v in os.environ.items() if k not in CLEARED}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": "a-production-secret-" + "x" * 50,
            "ALLOWED_HOSTS": "gongfang.example.cn",
            "DATABASE_URL": "postgres://u:p@db.internal:5432/gongfang",
            **overrides,
        }
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


PRODUCTION = {
    "STRIPE_SECRET_KEY": "sk_live_abc",
    "STRIPE_WEBHOOK_SECRET": "whsec_abc",
    "CLIENT_IP_HEADER": "X-Forwarded-For",
}


def test_production_settings_pass_djangos_deployment_checks():
    result = deploy_check(**PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_check_asks_which_header_holds_the_clients_address():
    unsaid = deploy_check(**{**PRODUCTION, "CLIENT_IP_HEADER": ""})
    no_proxy = deploy_check(**{**PRODUCTION, "CLIENT_IP_HEADER": "REMOTE_ADDR"})

    assert unsaid.returncode == 1 and "(accounts.W001) CLIENT_IP_HEADER is not set" in unsaid.stderr
    assert no_proxy.returncode == 0, no_proxy.stderr


def test_the_deployment_check_warns_when_production_cannot_take_payments():
    header = {"CLIENT_IP_HEADER": "X-Real-IP"}
    without_key = deploy_check(**header)
    fake_stripe = deploy_check(
        **header, STRIPE_SECRET_KEY="sk_test_x", STRIPE_API_BASE="http://127.0.0.1:8420"
    )
    without_webhooks = deploy_check(**header, STRIPE_SECRET_KEY="sk_live_abc")

    assert (
        without_key.returncode == 1 and "(payments.W001) Online payment is unavailable" in without_key.stderr
    )
    assert fake_stripe.returncode == 1 and "instead of Stripe" in fake_stripe.stderr
    assert without_webhooks.returncode == 1 and "(payments.W002)" in without_webhooks.stderr
