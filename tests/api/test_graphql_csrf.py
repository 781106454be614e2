"""/graphql/ is authenticated by bearer tokens, not cookies: an API call needs no CSRF token and is
not handed one; the GraphiQL page (served with DEBUG only) still gets the cookie its script sends back."""

import json

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def test_an_api_call_without_a_csrf_cookie_is_answered_and_not_handed_one():
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/graphql/", data=json.dumps({"query": "{ __typename }"}), content_type="application/json"
    )

    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}
    assert settings.CSRF_COOKIE_NAME not in response.cookies


def test_the_graphiql_page_sets_the_csrf_cookie_its_script_reads(settings):
    settings.DEBUG = True
    client = Client(enforce_csrf_checks=True)

    response = client.get("/graphql/", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response.cookies[settings.CSRF_COOKIE_NAME].value
