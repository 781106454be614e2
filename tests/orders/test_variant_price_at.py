"""variant_price_at, the checkout's price column in plain SQL, answers exactly what the ordinary ORM
query answers (a Subquery over the variant's price rows, newest first, the last made first among
rows from the same moment) and what catalog.selectors.prices_at reads, for any price history and
moment: the same price, and no price (NULL) before a variant's first row; and what the ORM refuses
(no moment, text that is no date, a number) it refuses alike, with the same error."""

import datetime
import warnings

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.models import Variant, VariantPrice
from catalog.selectors import prices_at
from orders.models import Checkout, CheckoutLine
from orders.services.checkout_totals import variant_price_at
from tests import factories

START = datetime.datetime(2026, 11, 1, 9, 0, tzinfo=datetime.UTC)

# (which variant, minutes after START, price in fen): few distinct minutes, so that rows share a
# moment and the moment asked for falls on a row's, between rows and before and after them all.
rows = st.lists(st.tuples(st.integers(0, 1), st.integers(0, 6), st.integers(1, 10**7)), max_size=8)
moments = st.integers(-1, 7).map(lambda minutes: START + datetime.timedelta(minutes=minutes))


@pytest.fixture
def lines(db):
    """A checkout with a line for each of two variants."""
    checkout = Checkout.objects.create()
    return [
        CheckoutLine.objects.create(checkout=checkout, variant=factories.VariantFactory(), quantity=1)
        for _ in range(2)
    ]


def orm_price_at(when, variant):
    newest_first = VariantPrice.objects.filter(variant_id=OuterRef(variant), valid_from__lte=when)
    return Subquery(newest_first.order_by("-valid_from", "-pk").values("price_fen")[:1])


@pytest.mark.django_db
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=rows, when=moments)
def test_the_plain_sql_price_is_the_orm_price(lines, history, when):
    variant_ids = [line.variant_id for line in lines]
    with transaction.atomic():
        VariantPrice.objects.filter(variant_id__in=variant_ids).delete()
        VariantPrice.objects.bulk_create(
            VariantPrice(
                variant_id=variant_ids[which],
                valid_from=START + datetime.timedelta(minutes=minutes),
                price_fen=price,
            )
            for which, minutes, price in history
        )
        variant_column = f"{Variant._meta.db_table}.{Variant._meta.pk.column}"
        variants = Variant.objects.filter(pk__in=variant_ids).order_by("pk")
        by_line = CheckoutLine.objects.filter(pk__in=[line.pk for line in lines]).order_by("pk")

        plain = list(
            variants.annotate(price=variant_price_at(when, variant_column=variant_column)).values_list(
                "pk", "price"
            )
        )
        orm = list(variants.annotate(price=orm_price_at(when, "pk")).values_list("pk", "price"))
        plain_by_line = list(
            by_line.annotate(price=variant_price_at(when)).values_list("variant_id", "price")
        )
        orm_by_line = list(
            by_line.annotate(price=orm_price_at(when, "variant_id")).values_list("variant_id", "price")
        )

        assert plain == orm
        assert plain_by_line == orm_by_line == orm
        assert {pk: price for pk, price in plain if price is not None} == prices_at(
            variant_ids=variant_ids, when=when
        )
        transaction.set_rollback(True)


# Anything a caller might pass as the moment: aware and naive datetimes, dates, date-like and other
# text, numbers, nothing.
any_moment = st.one_of(
    moments,
    st.datetimes(min_value=datetime.datetime(1900, 1, 1), max_value=datetime.datetime(2100, 1, 1)),
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 1, 1)),
    st.from_regex(r"\A20[0-9]{2}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2})?\Z"),
    st.text(max_size=12),
    st.integers(),
    st.none(),
)


def outcome(prices):
    """What asking for prices answers: the rows, or the error (with its messages), and the kinds of
    warnings given on the way (a naive moment is taken in the current time zone, with a warning)."""
    with warnings.catch_warnings(record=True) as given:
        warnings.simplefilter("always")
        try:
            with transaction.atomic():
                answer = ("rows", prices())
        except ValidationError as error:
            answer = ("refused", ValidationError, error.messages)
        except (ValueError, TypeError) as error:
            answer = ("refused", type(error), str(error))
    return answer, sorted({warning.category.__name__ for warning in given})


@pytest.mark.django_db
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(when=any_moment)
def test_the_plain_sql_price_refuses_what_the_orm_refuses(lines, when):
    variant_ids = [line.variant_id for line in lines]
    VariantPrice.objects.bulk_create(
        [VariantPrice(variant_id=variant_ids[0], valid_from=START, price_fen=1680)], ignore_conflicts=True
    )
    by_line = CheckoutLine.objects.filter(pk__in=[line.pk for line in lines]).order_by("pk")

    plain = outcome(
        lambda: list(by_line.annotate(price=variant_price_at(when)).values_list("variant_id", "price"))
    )
    orm = outcome(
        lambda: list(
            by_line.annotate(price=orm_price_at(when, "variant_id")).values_list("variant_id", "price")
        )
    )

    assert plain == orm
