"""The price list over time: product_create and product_update write a row whenever a price is set or
changes; prices_at reads a whole batch's prices at one moment in one query."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from catalog.models import Variant, VariantPrice
from catalog.selectors import PriceHistory, price_histories, prices_at
from catalog.services import VariantInput, product_create, product_update, variant_prices_record
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def robe(uren, costume):
    """A robe in two sizes at 1,280.00, made now."""
    product_create(
        slug="robe",
        name_zh="蒙古袍",
        name_en="Robe",
        category=costume,
        variants=[VariantInput("ROBE-M", 128000, uren), VariantInput("ROBE-L", 128000, uren)],
    )
    return {variant.sku: variant for variant in Variant.objects.filter(product__slug="robe")}


def history():
    return list(
        VariantPrice.objects.order_by("variant__sku", "valid_from", "pk").values_list(
            "variant__sku", "price_fen"
        )
    )


def test_a_new_variant_has_its_price_from_its_creation(robe):
    assert history() == [("ROBE-L", 128000), ("ROBE-M", 128000)]
    for variant in robe.values():
        assert variant.prices.get().valid_from == variant.created_at


def test_a_changed_price_adds_a_row_and_an_unchanged_one_does_not(robe, uren):
    # when: M goes up, L stays, XL is new
    product_update(
        product=robe["ROBE-M"].product,
        variants=[
            VariantInput("ROBE-M", 138000, uren),
            VariantInput("ROBE-L", 128000, uren),
            VariantInput("ROBE-XL", 148000, uren),
        ],
    )

    # then
    assert history() == [("ROBE-L", 128000), ("ROBE-M", 128000), ("ROBE-M", 138000), ("ROBE-XL", 148000)]


def test_an_update_without_variants_adds_nothing(robe):
    product_update(product=robe["ROBE-M"].product, name_zh="蓝缎蒙古袍")

    assert len(history()) == 2


def test_prices_at_a_moment_in_one_query(robe, uren, django_assert_num_queries):
    # given: M was 1,280.00 until it went up to 1,380.00
    m, size_l = robe["ROBE-M"], robe["ROBE-L"]
    before_change = timezone.now()
    product_update(
        product=m.product,
        variants=[VariantInput("ROBE-M", 138000, uren), VariantInput("ROBE-L", 128000, uren)],
    )
    after_change = timezone.now()

    # when / then
    with django_assert_num_queries(1):
        then = prices_at(variant_ids=[m.pk, size_l.pk], when=before_change)
    assert then == {m.pk: 128000, size_l.pk: 128000}
    assert prices_at(variant_ids=[m.pk, size_l.pk], when=after_change) == {m.pk: 138000, size_l.pk: 128000}
    # before the variants existed, there was no price
    assert prices_at(variant_ids=[m.pk], when=m.created_at - datetime.timedelta(seconds=1)) == {}
    assert prices_at(variant_ids=[], when=after_change) == {}


def test_the_whole_history_of_a_batch_in_one_query(robe, uren, django_assert_num_queries):
    # given
    m = robe["ROBE-M"]
    created = m.created_at
    product_update(product=m.product, variants=[VariantInput("ROBE-M", 138000, uren)])
    changed = VariantPrice.objects.filter(variant=m).latest("valid_from").valid_from

    # when
    with django_assert_num_queries(1):
        histories = price_histories(variant_ids=[m.pk, robe["ROBE-L"].pk])

    # then
    assert histories[m.pk] == PriceHistory(starts=(created, changed), prices=(128000, 138000))
    assert [
        histories[m.pk].at(moment)
        for moment in (created, changed - datetime.timedelta(microseconds=1), changed)
    ] == [
        128000,
        128000,
        138000,
    ]
    # a tablet whose clock runs behind reads the first price
    assert histories[m.pk].at(created - datetime.timedelta(days=30)) == 128000
    assert histories[robe["ROBE-L"].pk].at(timezone.now()) == 128000


def test_a_price_changed_outside_product_update_is_recorded_by_variant_prices_record(robe):
    # given: an admin form saved a new price on the variant itself
    m = robe["ROBE-M"]
    m.price_fen = 99000
    m.save()
    lone = factories.VariantFactory(sku="LONE-1", price_fen=500)

    # when
    made = variant_prices_record(variants=[m, robe["ROBE-L"], lone])

    # then: M's new price from now, the variant that had no history from its creation, L untouched
    assert [(row.variant.sku, row.price_fen) for row in made] == [("LONE-1", 500), ("ROBE-M", 99000)]
    assert VariantPrice.objects.get(variant=lone).valid_from == lone.created_at
    assert variant_prices_record(variants=[m, lone]) == []


def test_the_migration_gives_each_variant_without_history_its_first_price(robe):
    # given: variants made before the history existed
    old = factories.VariantFactory(sku="OLD-1", price_fen=4200)
    migration = importlib.import_module("catalog.migrations.0004_variant_price_initial")

    # when: run twice
    migration.first_prices(apps, None)
    migration.first_prices(apps, None)

    # then
    row = VariantPrice.objects.get(variant=old)
    assert (row.price_fen, row.valid_from) == (4200, old.created_at)
    assert VariantPrice.objects.count() == 3
