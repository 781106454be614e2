"""What the load test's users send and how they check the answers (bench/load.py): the GraphQL
documents of the browsing, tablet and artisan users, one GraphQL call that marks a request failed on
any HTTP, GraphQL or payload error, and a page fetch that checks the page came whole, in its language."""

SEARCH = """
query Search($search: String!) {
  products(first: 20, filter: {search: $search}) { totalCount edges { node { id slug name } } }
}
"""
BALANCE = """
query { artisanBalance { pending { amountFen } available { amountFen } inTransit { amountFen }
  paid { amountFen } owed { amountFen } } }
"""
STATEMENT = """
query S($from: Date!, $to: Date!) {
  artisanStatement(from: $from, to: $to) {
    opening { amountFen } sales { amountFen } refunds { amountFen } payouts { amountFen }
    returned { amountFen } adjustments { amountFen } closing { amountFen }
    lines { date kind place product quantity share { amountFen } reference }
  }
}
"""
POS_CATALOG = (
    "query C($cart: String!) { posCatalog(cart: $cart) { version items { sku priceFen quantity } } }"
)
CART_STOCK = "query S($cart: String!) { cartStock(cart: $cart) { quantity available variant { sku } } }"


def graphql(
    client, name: str, query: str, variables: dict | None = None, token: str | None = None, check=None
):
    """POST a GraphQL request; answers its data, or None after marking the request failed. `check`
    looks at the data and answers what is wrong with it, or None when it is right."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = {"query": query, "variables": variables or {}}
    with client.post("/graphql/", json=body, headers=headers, name=name, catch_response=True) as response:
        if response.status_code != 200:
            response.failure(f"HTTP {response.status_code}")
            return None
        try:
            answer = response.json()
        except ValueError:
            response.failure("not JSON")
            return None
        if answer.get("errors"):
            first = answer["errors"][0]
            response.failure(
                f"GraphQL error: {first.get('extensions', {}).get('code')} {first.get('message')}"
            )
            return None
        data = answer.get("data") or {}
        problem = check(data) if check else None
        if problem:
            response.failure(problem)
            return None
        return data


def payload_errors(field: str):
    """A check for a mutation payload: it is there and its `errors` list is empty."""

    def check(data):
        payload = data.get(field)
        if payload is None:
            return f"{field}: no payload"
        if payload.get("errors"):
            return f"{field}: {payload['errors'][0].get('code')} {payload['errors'][0].get('message')}"
        return None

    return check


def get_page(client, name: str, path: str, must_contain: str = "</html>", lang: str | None = None):
    with client.get(path, name=name, catch_response=True) as response:
        if response.status_code != 200:
            response.failure(f"HTTP {response.status_code}")
        elif must_contain not in response.text:
            response.failure(f"page without {must_contain!r}")
        elif lang and f'<html lang="{lang}"' not in response.text:
            response.failure(f"page not in {lang}")
