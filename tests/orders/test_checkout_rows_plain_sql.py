"""The checkout flow's plain-SQL reads (orders.services.checkout_rows, core.sql_rows) answer exactly
what the ORM queries they stand for answer, for any checkout, key, basket and price history: the
same rows with the same values in the same order, the same related rows already loaded (reading
them costs no query), and the same refusals (no such checkout, a malformed key, no moment)."""

import datetime
import uuid

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.models import VariantPrice
from core import sql_rows
from orders.models import Checkout, CheckoutLine, Order, ShippingRegion
from orders.services.checkout_rows import LINE_RELATIONS, checkout_read, order_of_checkout, priced_lines
from orders.services.checkout_totals import variant_price_at
from payments.models import Payment
from tests import factories

START = datetime.datetime(2026, 11, 1, 9, 0, tzinfo=datetime.UTC)
# Text as tourists type it: Chinese, Tibetan and Mongolian letters, emoji, quotes.
typed = st.text(alphabet=st.sampled_from("abc李华ཀᠮ😀'\" "), max_size=12)

checkouts = st.fixed_dictionaries(
    {
        "status": st.sampled_from(Checkout.Status.values),
        "region": st.sampled_from([None, 0, 1]),
        "payment": st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {
                    "status": st.sampled_from(Payment.Status.values),
                    "amount_fen": st.integers(1, 10**8),
                    "methods": st.lists(st.sampled_from(["card", "wechat_pay", "alipay"]), max_size=3),
                    "fee_fen": st.one_of(st.none(), st.integers(0, 10**4)),
                }
            ),
        ),
        "ordered": st.booleans(),
        "name": typed,
        "phone": st.text(alphabet="0123456789+ ", max_size=20),
        "lines": st.dictionaries(st.integers(0, 2), st.integers(1, 9), max_size=3),
        # (which variant, minutes after START, price in fen)
        "prices": st.lists(
            st.tuples(st.integers(0, 2), st.integers(0, 6), st.integers(1, 10**7)), max_size=6
        ),
    }
)
# How the checkout is asked for: by its own key, or one that finds nothing, or one the field refuses.
keys = st.sampled_from(["pk", "token", "token as text", "no such pk", "no such token", "bad token", "bad pk"])
relations = st.sampled_from(
    [("variant",), ("variant__product",), ("variant__product", "variant__artisan"), ("variant__artisan",)]
)
moments = st.integers(-1, 7).map(lambda minutes: START + datetime.timedelta(minutes=minutes))


@pytest.fixture
def world(db):
    regions = [
        ShippingRegion.objects.create(
            code=f"r{n}", name_zh=f"地区{n}", name_en=f"Region {n}", price_fen=600 * n
        )
        for n in range(2)
    ]
    return {
        "regions": regions,
        "variants": [factories.VariantFactory() for _ in range(3)],
        "location": factories.LocationFactory(),
    }


def made(world, spec) -> Checkout:
    payment = None
    if spec["payment"] is not None:
        paid = spec["payment"]
        payment = Payment.objects.create(
            reference=f"checkout:{uuid.uuid4()}",
            amount_fen=paid["amount_fen"],
            status=paid["status"],
            provider_reference=f"pi_{uuid.uuid4().hex}",
            payment_method_types=paid["methods"],
            fee_fen=paid["fee_fen"],
        )
    order = None
    if spec["ordered"]:
        order = Order.objects.create(
            number=f"W{uuid.uuid4().hex[:8]}", location=world["location"], subtotal_fen=100, total_fen=100
        )
    region = None if spec["region"] is None else world["regions"][spec["region"]]
    checkout = Checkout.objects.create(
        status=Checkout.Status.COMPLETED if order else spec["status"],  # (only a completed one has one)
        shipping_region=region,
        payment=payment,
        order=order,
        recipient_name=spec["name"],
        phone=spec["phone"],
    )
    variants = world["variants"]
    CheckoutLine.objects.bulk_create(
        CheckoutLine(checkout=checkout, variant=variants[which], quantity=quantity)
        for which, quantity in spec["lines"].items()
    )
    VariantPrice.objects.bulk_create(
        VariantPrice(
            variant=variants[which], valid_from=START + datetime.timedelta(minutes=minutes), price_fen=price
        )
        for which, minutes, price in spec["prices"]
    )
    return checkout


def asked(checkout: Checkout, key: str) -> dict:
    return {
        "pk": {"pk": checkout.pk},
        "token": {"token": checkout.token},
        "token as text": {"token": str(checkout.token)},
        "no such pk": {"pk": checkout.pk + 1000},
        "no such token": {"token": uuid.uuid4()},
        "bad token": {"token": "not-a-token"},
        "bad pk": {"pk": "one"},
    }[key]


def values(instance) -> tuple | None:
    """What a caller can read of a row: its model, whether it is saved, and each column's value."""
    if instance is None:
        return None
    return (
        type(instance),
        instance._state.adding,
        instance._state.db,
        tuple(getattr(instance, field.attname) for field in instance._meta.concrete_fields),
    )


def outcome(read):
    try:
        return "found", read()
    except Exception as error:  # the refusal itself is what is compared
        return "refused", (type(error), str(error))


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=checkouts, key=keys, lock=st.booleans(), with_payment=st.booleans())
def test_the_checkout_read_is_the_orm_read(world, django_assert_num_queries, spec, key, lock, with_payment):
    assert sql_rows.usable()  # (the suite runs on PostgreSQL: the plain SQL is what is tried)
    with transaction.atomic():
        checkout = made(world, spec)
        lookup = asked(checkout, key)
        related = ("shipping_region", "payment") if with_payment else ("shipping_region",)
        rows = Checkout.objects.select_related(*related)
        orm_rows = rows.select_for_update(of=("self",)) if lock else rows

        plain_kind, plain = outcome(lambda: checkout_read(lookup, lock=lock, payment=with_payment))
        orm_kind, orm = outcome(lambda: orm_rows.get(**lookup))

        assert plain_kind == orm_kind
        if plain_kind == "refused":
            assert plain == orm
            transaction.set_rollback(True)
            return
        assert values(plain) == values(orm)
        with django_assert_num_queries(0):  # joined, as select_related joins them
            assert values(plain.shipping_region) == values(orm.shipping_region)
            if with_payment:
                assert values(plain.payment) == values(orm.payment)
        if plain.order_id is not None:
            assert values(order_of_checkout(plain.pk)) == values(
                Order.objects.filter(checkout__pk=plain.pk).first()
            )
        else:
            assert order_of_checkout(plain.pk) is None
        transaction.set_rollback(True)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=checkouts, related=relations, when=moments)
def test_the_priced_lines_are_the_orm_lines(world, django_assert_num_queries, spec, related, when):
    assert set(related) <= LINE_RELATIONS
    with transaction.atomic():
        checkout = made(world, spec)
        plain = priced_lines(checkout, related=related, when=when)
        orm = list(
            checkout.lines.select_related(*related).annotate(price_then=variant_price_at(when)).order_by("pk")
        )

        assert [values(line) for line in plain] == [values(line) for line in orm]
        assert [line.price_then for line in plain] == [line.price_then for line in orm]
        with django_assert_num_queries(0):  # what related names is loaded, and the line's checkout
            for mine, theirs in zip(plain, orm, strict=True):
                assert mine.checkout is checkout
                assert values(mine.variant) == values(theirs.variant)
                if "variant__product" in related:
                    assert values(mine.variant.product) == values(theirs.variant.product)
                if "variant__artisan" in related:
                    assert values(mine.variant.artisan) == values(theirs.variant.artisan)
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_no_moment_is_refused_as_the_orm_refuses_it(world):
    checkout = made(
        world,
        {
            "status": "open",
            "region": None,
            "payment": None,
            "ordered": False,
            "name": "",
            "phone": "",
            "lines": {0: 1},
            "prices": [],
        },
    )
    with pytest.raises(ValueError, match="Cannot use None as a query value"):
        priced_lines(checkout, related=("variant",), when=None)
    with pytest.raises(ValueError, match="Cannot use None as a query value"):
        list(checkout.lines.filter(variant__prices__valid_from__lte=None))


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=checkouts, key=st.sampled_from(["own", "none", "missing", "text", "bad"]))
def test_a_payment_by_its_key_is_the_orm_payment(world, spec, key):
    with transaction.atomic():
        checkout = made(
            world,
            {
                **spec,
                "payment": spec["payment"]
                or {"status": "created", "amount_fen": 5, "methods": [], "fee_fen": None},
            },
        )
        pk = {
            "own": checkout.payment_id,
            "none": None,
            "missing": checkout.payment_id + 1000,
            "text": str(checkout.payment_id),
            "bad": "x",
        }[key]
        plain_kind, plain = outcome(lambda: sql_rows.by_pk(Payment, pk))
        orm_kind, orm = outcome(lambda: Payment.objects.get(pk=pk))
        assert plain_kind == orm_kind
        assert (plain == orm) if plain_kind == "refused" else (values(plain) == values(orm))
        transaction.set_rollback(True)
