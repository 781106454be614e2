"""Bounded work per request: each bomb an attacker sent is answered with an error, with the right
status and a message naming the limit, in well under a second, before anything runs."""

import gc
import json
import time

import pytest
from graphql import get_introspection_query

from catalog.models import Product
from tests.api.conftest import error_codes

# CPU seconds the test's thread (which answers the request too) spends on it: each refusal below takes
# a few hundredths; the wall clock would measure the other processes on a shared machine as well.
FAST = 0.5

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def warm(client):
    """A first request, so the times measured are not a new process's first (imports, the schema)."""
    client.post("/graphql/", data=query_body("{ __typename }"), content_type="application/json")


def post(client, body: str | bytes, **headers):
    """The response and the CPU seconds this thread spent on it (the test client answers in the
    calling thread; other threads a long-lived test process still runs, a live server's, are not the
    request's). The garbage the suite's earlier tests left is collected first and the collector kept
    off meanwhile: a full collection of that process's heap costs more than the refusal itself."""
    gc.collect()
    gc.disable()
    try:
        started = time.thread_time()
        response = client.post("/graphql/", data=body, content_type="application/json", **headers)
        return response, time.thread_time() - started
    finally:
        gc.enable()


def query_body(query: str, variables=None) -> str:
    return json.dumps({"query": query, "variables": variables or {}})


def messages(response) -> list[str]:
    return [error["message"] for error in response.json()["errors"]]


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


# The attacker's first request: 64 KB of 1,000 aliased __schema reads (50.7 s and 48 MB before).
SCHEMA_READ = "__schema { types { name fields { name } } }"
SCHEMA_ALIASES = "{ " + " ".join(f"s{i}: {SCHEMA_READ}" for i in range(1000)) + " }"
TOKENS_MESSAGE = "Syntax Error: Document contains more than 2000 tokens. Parsing aborted."
LENGTH_MESSAGE = "Syntax Error: Source contains more than 20000 code points. Parsing aborted."
SURROGATE_MESSAGE = "Text may not contain a lone surrogate (U+D800 to U+DFFF): it is not Unicode text."


def test_a_thousand_aliased_schema_reads_are_refused_at_once(client):
    response, seconds = post(client, query_body(SCHEMA_ALIASES))

    assert response.status_code == 400
    assert messages(response) == [LENGTH_MESSAGE]
    assert seconds < FAST


def test_aliases_beyond_the_limit_are_refused(client, staff_token, settings):
    assert settings.GRAPHQL_MAX_ALIASES == 30
    query = "{ " + " ".join(f"t{i}: __typename" for i in range(31)) + " }"

    response, seconds = post(client, query_body(query), **bearer(staff_token))

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "message": "The document uses 31 aliases; at most 30 are accepted.",
            "extensions": {"code": "TOO_MANY_ALIASES", "aliases": 31, "maxAliases": 30},
        }
    ]
    assert seconds < FAST


def test_thirty_aliases_are_answered(client, staff_token):
    query = "{ " + " ".join(f"t{i}: __typename" for i in range(30)) + " }"

    response, _ = post(client, query_body(query), **bearer(staff_token))

    assert response.json() == {"data": {f"t{i}": "Query" for i in range(30)}}


def test_introspection_counts_against_the_cost_limit(client, staff_token):
    # The standard introspection query costs ~29,000 (about what it answers); twice is past 50,000.
    full = get_introspection_query()
    fragments = full[full.index("fragment FullType") :]
    query = "query Twice { a: __schema { types { ...FullType } } b: __schema { types { ...FullType } } }"

    response, seconds = post(client, query_body(query + "\n" + fragments), **bearer(staff_token))

    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert error["extensions"]["cost"] > 50_000
    assert error["message"].startswith("'Twice' may cost ")
    assert seconds < FAST


def test_introspection_counts_against_the_depth_limit(client, staff_token, settings):
    settings.GRAPHQL_MAX_INTROSPECTION_DEPTH = 3
    query = '{ __type(name: "Query") { fields { type { ofType { ofType { name } } } } } }'

    response, _ = post(client, query_body(query), **bearer(staff_token))

    assert response.status_code == 400
    assert messages(response) == ["'anonymous' exceeds maximum introspection depth of 3."]


def test_anonymous_introspection_is_refused_in_production(client, settings):
    assert settings.GRAPHQL_PUBLIC_INTROSPECTION is False  # DEBUG is off

    response, _ = post(client, query_body("{ __schema { queryType { name } } }"))

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "message": "'__schema' (introspection) is answered to signed-in callers only: "
            "send a bearer token from tokenCreate.",
            "locations": [{"line": 1, "column": 3}],
            "extensions": {"code": "INTROSPECTION_DISABLED"},
        }
    ]


def test_anonymous_introspection_is_answered_where_the_setting_allows_it(client, settings):
    settings.GRAPHQL_PUBLIC_INTROSPECTION = True

    response, _ = post(client, query_body("{ __schema { queryType { name } } }"))

    assert response.json() == {"data": {"__schema": {"queryType": {"name": "Query"}}}}


def test_typename_is_not_introspection(client):
    response, _ = post(client, query_body("{ __typename }"))

    assert response.json() == {"data": {"__typename": "Query"}}


def test_a_body_past_the_limit_is_refused_before_it_is_read(client, settings):
    assert settings.GRAPHQL_MAX_BODY_BYTES == 2 * 1024 * 1024
    # The attacker's third: a 10 MB query (23.7 s, and a worker grown from 231 MB to 840 MB).
    body = query_body("{ " + "__typename " * 1_000_000 + "}")

    response, seconds = post(client, body)

    assert response.status_code == 413
    assert messages(response) == [f"The request body is {len(body)} bytes; at most 2097152 are accepted."]
    assert seconds < FAST


def test_a_query_longer_than_the_limit_is_refused(client, settings):
    assert settings.GRAPHQL_MAX_QUERY_LENGTH == 20_000
    query = "{ __typename }" + " " * 20_000

    response, seconds = post(client, query_body(query))

    assert response.status_code == 400
    assert messages(response) == [LENGTH_MESSAGE]
    assert seconds < FAST


def test_a_document_of_more_tokens_or_comments_than_the_limits_is_refused(client):
    tokens = "{ " + "a " * 2000 + "}"
    comments = "#\n" * 101 + "{ __typename }"

    too_many_tokens, seconds = post(client, query_body(tokens))
    too_many_comments, _ = post(client, query_body(comments))

    assert too_many_tokens.status_code == too_many_comments.status_code == 400
    assert messages(too_many_tokens) == [TOKENS_MESSAGE]
    assert messages(too_many_comments) == [
        "Syntax Error: Document contains more than 100 comments. Parsing aborted."
    ]
    assert seconds < FAST


def test_a_field_asked_for_many_times_in_one_place_is_refused(client):
    # 400 copies took graphql-core's overlap check 1.7 s.
    query = "{ " + "categories { totalCount } " * 400 + "}"

    response, seconds = post(client, query_body(query))

    assert response.status_code == 400
    assert messages(response) == [
        "'categories' is asked for 400 times in one selection; at most 10 are accepted."
    ]
    assert seconds < FAST


def test_fragments_spreading_each_other_twice_are_costed_without_expanding_them(client):
    # Naively, 2^40 walks; each fragment is costed once.
    fragments = "\n".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(40))
    query = "query Laughs { ...F0 }\n" + fragments + "\nfragment F40 on Query { categories { totalCount } }"

    response, seconds = post(client, query_body(query))

    assert response.status_code == 400
    assert error_codes(response.json()) == ["QUERY_TOO_COSTLY"]
    assert seconds < FAST


# 1,500 levels fit the response cache's 20 KB (it reads anonymous bodies that small first).
@pytest.mark.parametrize("levels", [17, 1_500, 100_000])
def test_json_nested_deeper_than_the_limit_is_refused(client, settings, levels):
    assert settings.GRAPHQL_MAX_JSON_DEPTH == 16
    # The body itself is the first level, "variables" the second.
    body = '{"query": "{ __typename }", "variables": {"a": ' + "[" * (levels - 2) + "]" * (levels - 2) + "}}"

    response, seconds = post(client, body)

    assert response.status_code == 400
    assert messages(response) == ["The request's JSON nests lists and objects deeper than 16 levels."]
    assert seconds < FAST


def test_json_nested_to_the_limit_is_read(client):
    body = '{"query": "{ __typename }", "variables": {"a": ' + "[" * 14 + "]" * 14 + "}}"

    response, _ = post(client, body)

    assert response.json() == {"data": {"__typename": "Query"}}


SEARCH = "query Search($term: String) { products(filter: {search: $term}) { totalCount } }"


@pytest.mark.parametrize(
    ("term", "message"),
    [
        ("\ud800", SURROGATE_MESSAGE),
        ("yak\udfff", SURROGATE_MESSAGE),
        ("yak\x00", "Text may not contain the NUL character (U+0000)."),
    ],
)
def test_text_postgresql_cannot_hold_is_refused_with_a_message(client, term, message):
    response, _ = post(client, query_body(SEARCH, {"term": term}))

    assert response.status_code == 400
    assert messages(response) == [message]


def test_a_surrogate_pair_is_ordinary_text(client, product):
    response, _ = post(client, query_body(SEARCH, {"term": "\ud83d\udc02"}))  # 🐂, escaped as a pair

    assert response.json() == {"data": {"products": {"totalCount": 0}}}


def test_variables_in_a_query_string_are_checked_as_a_body_is(client):
    nested = '{"a": ' + "[" * 17 + "]" * 17 + "}"
    surrogate = json.dumps({"term": "\ud800"})

    too_deep = client.get("/graphql/", {"query": SEARCH, "variables": nested})
    not_text = client.get("/graphql/", {"query": SEARCH, "variables": surrogate})

    not_an_object = client.get("/graphql/", {"query": SEARCH, "variables": "5"})

    assert too_deep.status_code == not_text.status_code == not_an_object.status_code == 400
    assert messages(too_deep) == ["The request's JSON nests lists and objects deeper than 16 levels."]
    assert messages(not_text) == [SURROGATE_MESSAGE]


def test_graphiql_is_not_served_without_debug(client, settings):
    assert settings.DEBUG is False

    response = client.get("/graphql/", HTTP_ACCEPT="text/html")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"errors": [{"message": "Must provide query string."}]}


def test_a_refused_mutation_writes_nothing(client, staff_token, category, artisan):
    # A mutation inside a document past a limit is not run at all.
    errors = " ".join(f"e{i}: errors {{ code }}" for i in range(31))
    query = (
        'mutation { productCreate(input: {slug: "x", nameZh: "x", nameEn: "x", category: "y", '
        f"variants: []}}) {{ {errors} }} }}"
    )

    response, _ = post(client, query_body(query), **bearer(staff_token))

    assert response.status_code == 400
    assert error_codes(response.json()) == ["TOO_MANY_ALIASES"]
    assert Product.objects.count() == 0
