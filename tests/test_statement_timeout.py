"""Every SQL statement of a web request is stopped after DATABASE_STATEMENT_TIMEOUT_MS: a request whose
query would wait or run longer gets a 503 the client may retry, in well under a second here (the
timeout set to 200 ms), instead of holding a worker. Celery workers and commands keep no such limit."""

import json
import os
import subprocess
import sys
import time

import psycopg
import pytest
from django.db import connection
from django.test import Client, override_settings

from api.core.tokens import token_for
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def graphql(query: str, **headers):
    return Client().post(
        "/graphql/", data=json.dumps({"query": query}), content_type="application/json", **headers
    )


@pytest.fixture
def short_timeout():
    """A statement timeout of 200 ms on a fresh connection of this process, for the test only: the
    connection is closed after it, so the next one has the usual timeout again."""
    Client().get("/healthz/")  # the request handler's middleware asks for the timeout (core.timeouts)
    with override_settings(DATABASE_STATEMENT_TIMEOUT_MS=200):
        connection.close()
        yield
        connection.close()
    connection.close()


@pytest.fixture
def locked():
    """lock(table): another session holds an exclusive lock on table until the test ends (a report
    or a long write elsewhere), so any statement reading it waits."""
    params = connection.settings_dict
    holder = psycopg.connect(
        dbname=params["NAME"],
        user=params["USER"],
        password=params["PASSWORD"],
        host=params["HOST"],
        port=params["PORT"],
    )

    def lock(table: str) -> None:
        holder.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")

    yield lock
    holder.rollback()
    holder.close()


def test_a_graphql_query_waiting_past_the_timeout_is_answered_503(short_timeout, locked):
    token = token_for(factories.StaffFactory(username="staff-timeout"))
    locked("catalog_category")

    started = time.perf_counter()
    response = graphql("{ categories { totalCount } }", HTTP_AUTHORIZATION=f"Bearer {token}")
    seconds = time.perf_counter() - started

    assert response.status_code == 503
    assert response.json() == {
        "data": {"categories": None},
        "errors": [
            {
                "message": "The request took longer than the server allows; try again later.",
                "locations": [{"line": 1, "column": 3}],
                "path": ["categories"],
                "extensions": {"code": "TIMEOUT"},
            }
        ],
    }
    assert seconds < 2  # 200 ms of waiting, and the request's own work on a shared machine


def test_an_anonymous_catalogue_read_waiting_past_the_timeout_is_answered_503_in_json(short_timeout, locked):
    # Its wait is in the response cache's catalogue version, before the query runs.
    locked("catalog_category")

    response = graphql("{ categories { totalCount } }")

    assert response.status_code == 503
    assert response.json() == {
        "errors": [
            {
                "message": "The request took longer than the server allows; try again later.",
                "extensions": {"code": "TIMEOUT"},
            }
        ]
    }


def test_a_page_waiting_past_the_timeout_is_answered_503(short_timeout, locked):
    client = Client()
    client.force_login(factories.StaffFactory(username="staff-timeout"))
    locked("orders_order")

    started = time.perf_counter()
    response = client.get("/staff/reports/sales/")
    seconds = time.perf_counter() - started

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.content.decode() == "这个请求用时超过服务器允许的时间，请稍后再试。"
    assert seconds < 2  # 200 ms of waiting, and the request's own work on a shared machine


def test_the_same_requests_without_the_lock_are_answered(short_timeout):
    client = Client()
    client.force_login(factories.StaffFactory(username="staff-timeout"))

    answer = graphql("{ categories { totalCount } }")
    page = client.get("/staff/reports/sales/")

    assert answer.json() == {"data": {"categories": {"totalCount": 0}}}
    assert page.status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == ("200ms",)


def test_a_process_that_serves_no_requests_keeps_postgresqls_own_setting():
    """A Celery worker or a command (a migration, a payout run over the whole ledger) never builds the
    request handler, so its statements are not stopped."""
    database_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    script = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('SHOW statement_timeout')\n"
        "    print(cursor.fetchone()[0])\n"
    )

    shown = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )

    assert shown.stdout.strip() == "0"
