import re
from pathlib import Path

import pytest
from django.conf import settings


@pytest.mark.django_db
def test_health_check_answers_when_the_database_does(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_home_page_is_the_storefront_in_chinese_by_default_and_switches_to_english(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.content.decode()
    assert "行走的巾帼工坊" in response.content.decode()
    # The storefront's home (it may come from the page cache another test filled, so by what it shows).
    assert '<section class="hero">' in response.content.decode()
    assert "精选商品" in response.content.decode()

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.django_db
def test_every_page_carries_a_content_security_policy_with_a_fresh_nonce(client):
    first = client.get("/")["Content-Security-Policy"]
    second = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in first.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    nonce = re.search(r"'nonce-([^']+)'", first).group(1)
    assert nonce not in second


@pytest.mark.django_db
def test_the_tablets_import_map_runs_under_the_policy_by_its_nonce(client):
    response = client.get("/pos/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<script type="importmap" nonce="{nonce}">' in response.content.decode()


def test_no_template_has_an_inline_event_handler():
    # The policy forbids inline handlers: a button wired with onclick= would silently do nothing.
    roots = [Path(settings.BASE_DIR) / "templates", *Path(settings.BASE_DIR).glob("*/templates")]
    offenders = [
        str(path)
        for root in roots
        for path in root.rglob("*.html")
        if re.search(r"\son[a-z]+=", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
