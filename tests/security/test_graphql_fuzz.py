"""Schemathesis against /graphql/: queries and mutations generated from the schema for every operation,
sent as each kind of caller, never get a server error back (an HTTP 5xx, or the INTERNAL_ERROR that
api/views.py puts in place of an unexpected exception in a resolver).

The generated arguments draw on a small seeded world (its global IDs and tokens, besides random
strings), so the resolvers and services run on real rows rather than stopping at "not found". Each
request runs in a savepoint rolled back afterwards: every example starts from the same world, and the
run is reproducible (derandomised, no example database).
"""

import datetime
import json

import pytest
import schemathesis
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.generation import GenerationMode
from schemathesis.graphql import nodes
from schemathesis.specs.graphql import scalars

from api.core.scalars import FEN_INPUT_LIMIT
from api.schema import schema as api_schema
from carts.models import Shift
from inventory.models import Movement
from inventory.services import LineQuantity, transfer_create
from orders.models import Checkout, Order
from tests.api import conftest as api_fixtures
from tests.api.checkout_helpers import create_checkout, paid_order, shipping
from tests.api.conftest import gid, row_counts
from tests.api.ledger_helpers import with_agreement
from tests.api.pos_helpers import open_shift

# The API tests' world and callers, reused as they are.
gql = api_fixtures.gql
staff_token = api_fixtures.staff_token
base = api_fixtures.base
cart = api_fixtures.cart
operator = api_fixtures.operator
operator_token = api_fixtures.operator_token
artisan = api_fixtures.artisan
artisan_user = api_fixtures.artisan_user
artisan_token = api_fixtures.artisan_token
category = api_fixtures.category
product = api_fixtures.product
stocked = api_fixtures.stocked
shipping_region = api_fixtures.shipping_region
_fresh_response_cache = api_fixtures._fresh_response_cache

SCHEMA = schemathesis.graphql.from_dict(api_schema.introspect())
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]

ROLES = ["anonymous", "staff", "operator", "artisan"]
FAR_DAYS = ["0001-01-01", "0001-01-02", "9999-12-30", "9999-12-31", "1999-12-31", "2100-01-01"]
FAR_TIMES = [
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59-12:00",
    "9999-12-31T23:59:59.999999Z",
]
# Documents per operation: valid ones (each sent as every caller) and ones the schema must refuse.
# Generating a document costs more than answering it; these keep the run near half a minute of CPU.
POSITIVE_EXAMPLES = 10
NEGATIVE_EXAMPLES = 2


def test_every_operation_of_the_schema_is_fuzzed():
    names = {operation.label for operation in OPERATIONS}

    assert len(names) == len(api_schema.graphql_schema.query_type.fields) + len(
        api_schema.graphql_schema.mutation_type.fields
    )
    assert {"Query.products", "Mutation.posSyncSales", "Mutation.checkoutComplete"} <= names


@pytest.fixture
def world(gql, stocked, base, cart, operator, artisan, artisan_user, shipping_region, staff, stripe_server):
    """A paid order, an open checkout, an open shift, a transfer on its way to the cart and an
    agreement: what the generated arguments may point at."""
    small, large = stocked
    with_agreement(artisan)
    order = paid_order(gql, [(small, 1)], shipping(shipping_region))
    checkout = create_checkout(gql, [(large, 1)])
    shift = open_shift(cart, operator)
    transfer = transfer_create(
        source=base,
        destination=cart.location,
        lines=[LineQuantity(variant=small, quantity=1)],
        actor=staff,
    )
    order_row = Order.objects.get(number=order["number"])
    checkout_row = Checkout.objects.get(token=checkout["token"])
    ids = [
        gid("Product", small.product),
        gid("ProductVariant", small),
        gid("ProductVariant", large),
        gid("Category", small.product.category),
        gid("Artisan", artisan),
        gid("Location", cart.location),
        gid("Location", transfer.source),
        gid("Cart", cart),
        gid("Shift", shift),
        gid("Transfer", transfer),
        gid("Order", order_row),
        gid("Checkout", checkout_row),
        gid("User", operator.user),
        gid("ShippingRegion", shipping_region),
    ]
    words = [
        "YAK-S",
        "YAK-L",
        "felt",
        "felt-yak",
        "urna",
        "chaka",
        "base",
        "cart-chaka",
        "qinghai",
        "op-chaka",
    ]
    tokens = [str(order_row.token), str(checkout_row.token)]
    return {"ids": ids, "words": words, "tokens": tokens}


@pytest.fixture
def known_values(world):
    """While the test runs, IDs and UUIDs are mostly the world's (a code or slug where an ID is
    asked for, too) and otherwise random text."""
    saved = dict(scalars.CUSTOM_SCALARS)
    scalars.CUSTOM_SCALARS["ID"] = st.one_of(
        st.sampled_from(world["ids"]), st.sampled_from(world["words"]), st.text(max_size=24)
    ).map(nodes.String)
    scalars.CUSTOM_SCALARS["UUID"] = st.one_of(
        st.sampled_from(world["tokens"]), st.uuids().map(str), st.text(max_size=40)
    ).map(nodes.String)
    # A tablet's numbers and clock readings, taken as sent and checked sale by sale (api.pos.inputs).
    scalars.CUSTOM_SCALARS["PosInteger"] = st.integers(min_value=-(2**70), max_value=2**70).map(nodes.Int)
    scalars.CUSTOM_SCALARS["PosDeviceTime"] = st.one_of(
        st.datetimes(timezones=st.just(datetime.UTC)).map(lambda value: value.isoformat()),
        st.text(max_size=30),
    ).map(nodes.String)
    # Days and times: any, and the far edges (a day at year 1 or 9999 overflows once turned into a
    # time in Qinghai or UTC).
    scalars.CUSTOM_SCALARS["Date"] = st.one_of(
        st.sampled_from(FAR_DAYS), st.dates().map(datetime.date.isoformat)
    ).map(nodes.String)
    scalars.CUSTOM_SCALARS["DateTime"] = st.one_of(
        st.sampled_from(FAR_TIMES),
        st.datetimes(timezones=st.just(datetime.UTC)).map(datetime.datetime.isoformat),
    ).map(nodes.String)
    # Amounts: ordinary ones, and the edges of what an input may be and of what Int could hold.
    scalars.CUSTOM_SCALARS["Fen"] = st.one_of(
        st.integers(min_value=-FEN_INPUT_LIMIT, max_value=FEN_INPUT_LIMIT),
        st.sampled_from([0, FEN_INPUT_LIMIT, FEN_INPUT_LIMIT + 1, 2**31, 2**53, -(2**63)]),
    ).map(nodes.Int)
    yield world
    scalars.CUSTOM_SCALARS.clear()
    scalars.CUSTOM_SCALARS.update(saved)


@pytest.fixture
def own_throttle_cache(settings):
    """Sign-in failures counted in a cache of this test's own, so fuzzed tokenCreate calls never
    block another test's account."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fuzz"},
    }
    yield
    LocMemCache("fuzz", {}).clear()


def server_error(response) -> str | None:
    """What is wrong with a response a client could not have caused; None when it is fine."""
    if response.status_code >= 500:
        return f"HTTP {response.status_code}"
    try:
        body = json.loads(response.content)
    except ValueError:
        return f"HTTP {response.status_code}, not JSON: {response.content[:200]!r}"
    for error in body.get("errors") or []:
        if (error.get("extensions") or {}).get("code") == "INTERNAL_ERROR":
            return f"INTERNAL_ERROR at {error.get('path')} (HTTP {response.status_code})"
    return None


class Run:
    """Sends each generated document as each caller, each request in a savepoint rolled back after it,
    and keeps the first server error per operation and caller."""

    def __init__(self, client, tokens: dict[str, str | None]):
        self.client = client
        self.headers = {
            role: {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {} for role, token in tokens.items()
        }
        self.failures: dict[tuple[str, str], tuple[str, str]] = {}
        self.executed: set[str] = set()

    def send(self, operation, document: str, roles) -> None:
        for role in roles:
            with transaction.atomic():
                response = self.client.post(
                    "/graphql/",
                    data=json.dumps({"query": document}),
                    content_type="application/json",
                    **self.headers[role],
                )
                transaction.set_rollback(True)
            if response.status_code == 200:
                self.executed.add(operation.label)
            problem = server_error(response)
            if problem is not None:
                self.failures.setdefault((operation.label, role), (problem, document))

    def fuzz(self, operation, *, mode: GenerationMode, examples: int, roles) -> None:
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,
            database=None,
            # Failures are collected, not raised, so nothing is shrunk: the run stays bounded.
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def send(case):
            self.send(operation, case.body, roles)

        send()

    def report(self) -> str:
        return "\n\n".join(
            f"{label} as {role}: {problem}\n{document}"
            for (label, role), (problem, document) in sorted(self.failures.items())
        )


def test_no_generated_request_gets_a_server_error(
    client, known_values, own_throttle_cache, staff_token, operator_token, artisan_token
):
    run = Run(
        client,
        {"anonymous": None, "staff": staff_token, "operator": operator_token, "artisan": artisan_token},
    )
    before = row_counts(Order, Checkout, Movement, Shift)

    for operation in OPERATIONS:
        # A valid document reaches the resolvers, so each caller's permission branch is tried with it.
        run.fuzz(operation, mode=GenerationMode.POSITIVE, examples=POSITIVE_EXAMPLES, roles=ROLES)
        # One the schema must refuse never reaches them: any caller will do.
        run.fuzz(operation, mode=GenerationMode.NEGATIVE, examples=NEGATIVE_EXAMPLES, roles=["anonymous"])

    assert run.failures == {}, run.report()
    # Every operation was carried out at least once (not all refused by validation or the limits) ...
    assert run.executed == {operation.label for operation in OPERATIONS}
    # ... and every request was rolled back: each example started from the same world.
    assert row_counts(Order, Checkout, Movement, Shift) == before
