"""Depth and cost limits, and page sizes: refused before anything runs, with a clear error."""

from tests.api.conftest import gid

TOO_DEEP = """
{ products(first: 1) { edges { node { category {
    parent { parent { parent { parent { parent { parent { parent { slug } } } } } } }
} } } } }
"""

# 100 locations x 100 stock lines x 5 fields: 50,401 fields, more than GRAPHQL_MAX_COST.
TOO_COSTLY = """
query Everything {
  locations(first: 100) { edges { node {
    code stocks(first: 100) { edges { node { quantity variant { sku } } } }
  } } }
}
"""


def test_a_query_deeper_than_the_limit_is_refused(gql, db, settings):
    assert settings.GRAPHQL_MAX_DEPTH == 10

    result = gql(TOO_DEEP)

    assert result.status == 400
    assert "data" not in result
    assert [error["message"] for error in result["errors"]] == [
        "'anonymous' exceeds maximum operation depth of 10."
    ]


def test_the_depth_limit_follows_the_setting(gql, db, settings):
    settings.GRAPHQL_MAX_DEPTH = 3

    result = gql("{ products { edges { node { category { slug } } } } }")

    assert result.status == 400
    assert result["errors"][0]["message"] == "'anonymous' exceeds maximum operation depth of 3."


def test_nested_pages_of_100_costing_more_than_the_limit_are_refused(gql, staff_token, settings):
    assert settings.GRAPHQL_MAX_COST == 50_000

    result = gql(TOO_COSTLY, token=staff_token)

    assert result.status == 400
    assert result["errors"] == [
        {
            "message": "'Everything' may cost 50401, more than the limit of 50000: "
            "ask for smaller pages or fewer nested lists.",
            "locations": [{"line": 2, "column": 1}],
            "extensions": {"code": "QUERY_TOO_COSTLY", "cost": 50401, "maxCost": 50000},
        }
    ]


def test_page_sizes_given_as_variables_count_towards_the_cost(gql, staff_token):
    query = """query Q($outer: Int, $inner: Int) {
      locations(first: $outer) { edges { node {
        stocks(first: $inner) { edges { node { quantity variant { sku } } } }
      } } }
    }"""

    small = gql(query, {"outer": 10, "inner": 10}, token=staff_token)
    large = gql(query, {"outer": 100, "inner": 100}, token=staff_token)

    assert small == {"data": {"locations": {"edges": []}}}
    assert large.status == 400
    assert large["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"


def test_a_connection_without_first_counts_as_a_page_of_100(gql, staff_token):
    query = "{ locations { edges { node { stocks { edges { node { quantity variant { sku } } } } } } } }"

    result = gql(query, token=staff_token)

    assert result["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"


def test_a_large_but_flat_page_is_within_the_limits(gql, db):
    query = """{ products(first: 100) { totalCount edges { node { slug name thumbnail { url }
        variants { sku price { amount } artisan { name } quantityAvailable } } } } }"""

    result = gql(query)

    assert result == {"data": {"products": {"totalCount": 0, "edges": []}}}


def test_first_over_100_is_a_graphql_error_not_a_crash(gql, db):
    result = gql("{ categories(first: 101) { totalCount } }")

    assert result.status == 200
    assert result["data"] == {"categories": None}
    assert result["errors"][0]["message"] == "`first` is 101: a page holds at most 100 items."
    assert result["errors"][0]["extensions"] == {"code": "INVALID"}


def test_last_over_100_is_refused_too(gql, db):
    result = gql("{ categories(last: 500) { totalCount } }")

    assert result["data"] == {"categories": None}
    assert result["errors"][0]["message"] == "`last` is 500: a page holds at most 100 items."


def test_an_unknown_fragment_is_a_validation_error_not_a_crash(gql, db):
    result = gql("{ products { ...Missing } }")

    assert result.status == 400
    assert result["errors"][0]["message"] == "Unknown fragment 'Missing'."


def test_a_fragment_cycle_is_a_validation_error_not_a_crash(gql, db):
    query = """
    { product(slug: "x") { ...A } }
    fragment A on Product { category { slug } ...B }
    fragment B on Product { slug ...A }
    """

    result = gql(query)

    assert result.status == 400
    assert "Cannot spread fragment 'A' within itself via 'B'." in [
        error["message"] for error in result["errors"]
    ]


def test_fragments_are_costed_like_the_fields_they_hold(gql, staff_token):
    query = """
    query Q { locations(first: 100) { edges { node { ...Stock } } } }
    fragment Stock on Location { stocks(first: 100) { edges { node { quantity variant { sku } } } } }
    """

    result = gql(query, token=staff_token)

    assert result["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"


def test_introspection_is_answered_to_a_signed_in_caller(gql, staff_token):
    result = gql("{ __schema { queryType { name } } }", token=staff_token)

    assert result == {"data": {"__schema": {"queryType": {"name": "Query"}}}}


def test_a_mutation_sent_with_get_is_refused(client, staff_token, artisan):
    artisan_id = gid("Artisan", artisan)
    query = (
        f'mutation {{ artisanUpdate(id: "{artisan_id}", input: {{nameLatin: "X"}}) {{ errors {{ code }} }} }}'
    )

    response = client.get("/graphql/", {"query": query}, HTTP_AUTHORIZATION=f"Bearer {staff_token}")

    assert response.status_code == 405
    artisan.refresh_from_db()
    assert artisan.name_latin == "Urna"
