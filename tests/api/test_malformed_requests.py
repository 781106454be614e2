"""Whatever arrives at /graphql/, the answer is a GraphQL error, never a 500."""

import json

import pytest
from django.db import connection
from graphql import get_introspection_query

from catalog.models import Product
from tests import factories


def post(client, body, **headers):
    return client.post("/graphql/", data=body, content_type="application/json", **headers)


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        json.dumps([1, 2]),
        json.dumps({"query": 5}),
        json.dumps({"query": "{ products { totalCount } }", "variables": [1]}),
        json.dumps({"query": "{ products { totalCount } "}),
        json.dumps({"query": "{ nothing }"}),
        json.dumps(
            {
                "query": "query Q($first: Int) { products(first: $first) { totalCount } }",
                "variables": {"first": "many"},
            }
        ),
        json.dumps({}),
    ],
)
def test_a_malformed_request_is_a_client_error(client, db, body):
    response = post(client, body)

    assert response.status_code == 400
    assert response.json()["errors"][0]["message"]
    # The client's mistake is named, not reported as a failure of the server.
    assert response.json()["errors"][0]["message"] != "Internal server error."
    assert "extensions" not in response.json()["errors"][0]


def test_an_unknown_authorization_scheme_is_anonymous(client, db):
    response = post(client, json.dumps({"query": "{ me { username } }"}), HTTP_AUTHORIZATION="Basic abc")

    assert response.json() == {"data": {"me": None}}


def test_a_mutation_with_a_wrongly_typed_variable_writes_nothing(client, staff_token, category, artisan):
    query = "mutation M($input: ProductCreateInput!) { productCreate(input: $input) { errors { code } } }"
    variables = {
        "input": {"slug": "x", "nameZh": "x", "nameEn": "x", "category": "y", "variants": "not a list"}
    }

    response = post(
        client,
        json.dumps({"query": query, "variables": variables}),
        HTTP_AUTHORIZATION=f"Bearer {staff_token}",
    )

    assert response.status_code == 400
    assert Product.objects.count() == 0


def test_graphiqls_full_introspection_query_passes_the_limits(client, staff_token):
    response = post(
        client, json.dumps({"query": get_introspection_query()}), HTTP_AUTHORIZATION=f"Bearer {staff_token}"
    )

    assert response.status_code == 200
    assert response.json()["data"]["__schema"]["queryType"]["name"] == "Query"


def test_an_unexpected_failure_in_a_resolver_tells_the_client_no_internals(client, db):
    # given: a category, and a real database error the resolver does not expect: in this test's
    # transaction (rolled back after it) the column the categories are ordered by is gone, as after
    # a half-applied migration
    factories.CategoryFactory(slug="costume", name_zh="民族服饰", name_en="Costume")
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE catalog_category RENAME COLUMN sort_order TO sort_order_moved")

    # when
    response = post(client, json.dumps({"query": "{ categories(first: 5) { edges { node { slug } } } }"}))

    # then: the field is null with a plain message; nothing of the database's own error is shown
    assert response.status_code == 200
    assert response.json() == {
        "data": {"categories": None},
        "errors": [
            {
                "message": "Internal server error.",
                "locations": [{"line": 1, "column": 3}],
                "path": ["categories"],
                "extensions": {"code": "INTERNAL_ERROR"},
            }
        ],
    }
    for internal in ("sort_order", "catalog_category", "does not exist", "ProgrammingError", "psycopg"):
        assert internal not in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        '{ order(token: "1") { number } }',
        'mutation { checkoutComplete(token: "") { errors { code } } }',
        'mutation { checkoutPaymentCreate(token: "1") { errors { code } } }',
    ],
)
def test_a_malformed_literal_is_a_client_error_not_an_internal_one(client, db, query):
    # Found by tests/security/test_graphql_fuzz.py: a scalar parser's exception in validation was
    # reported as INTERNAL_ERROR.
    response = post(client, json.dumps({"query": query}))

    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["message"].startswith("Expected value of type 'UUID")
    assert "badly formed hexadecimal UUID string" in error["message"]
    assert "extensions" not in error
