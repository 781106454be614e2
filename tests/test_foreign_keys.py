"""Every reference between tables is a foreign key the database checks (PostgreSQL), on every model of
every app: a row naming a row that does not exist is refused, and so is deleting a row others name,
whoever writes the SQL."""

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction

from core.bulk import rows_copy
from inventory.models import Movement
from orders.models import Order
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("require_postgresql")]

MISSING = 987_654_321

# The tables a cart's batch of sales writes, whose keys are checked at the end of each statement
# rather than at the commit (carts migration 0008): a later AlterField of one of their keys would make
# it deferred again. A POS sale's order stays deferred (a batch claims its sales before their orders).
CHECKED_AT_EACH_STATEMENT = {"inventory_movement", "orders_order", "orders_orderline", "carts_possale"}


def relation_columns():
    """(table, column, referenced table, referenced column) of every column that names another row,
    read from each model's fields (many-to-many through tables included)."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.managed or meta.proxy:
            continue
        for field in meta.get_fields():
            if field.is_relation and field.concrete and (field.many_to_one or field.one_to_one):
                target = field.target_field
                found.append((meta.db_table, field.column, target.model._meta.db_table, target.column))
    return found


def test_every_relation_column_of_every_model_has_a_foreign_key():
    columns = relation_columns()
    missing = []
    with connection.cursor() as cursor:
        for table, column, to_table, to_column in columns:
            constraints = connection.introspection.get_constraints(cursor, table)
            if not any(
                c["foreign_key"] == (to_table, to_column) and c["columns"] == [column]
                for c in constraints.values()
            ):
                missing.append(f"{table}.{column} -> {to_table}.{to_column}")

    assert missing == []
    # The walk saw the tables a sale writes, so it is not vacuously true.
    assert {("orders_orderline", "variant_id"), ("ledger_journalentry", "account_id")} <= {
        (table, column) for table, column, _, _ in columns
    }


def test_the_sale_tables_keys_are_checked_at_each_statement_and_the_others_at_the_commit():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT con.conrelid::regclass::text, att.attname, con.condeferred FROM pg_constraint con "
            "JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1] "
            "WHERE con.contype = 'f' AND con.condeferrable"
        )
        deferred = {(table, column): initially_deferred for table, column, initially_deferred in cursor}
    sale_keys = {
        (table, column) for table, column, _, _ in relation_columns() if table in CHECKED_AT_EACH_STATEMENT
    }

    assert {key for key, initially_deferred in deferred.items() if not initially_deferred} == sale_keys - {
        ("carts_possale", "order_id")
    }
    assert deferred[("carts_possale", "order_id")] is True
    assert {("orders_orderline", "variant_id"), ("inventory_movement", "actor_id")} <= sale_keys


def test_a_copied_batch_naming_a_variant_that_does_not_exist_is_refused_whole():
    variant = factories.VariantFactory()
    location = factories.LocationFactory()
    fields = ("variant_id", "location_id", "kind", "quantity", "reference")
    rows = [
        (variant.pk, location.pk, Movement.Kind.SALE, -1, "C-1"),
        (MISSING, location.pk, Movement.Kind.SALE, -1, "C-1"),
    ]

    with pytest.raises(IntegrityError, match="catalog_variant"), transaction.atomic():
        rows_copy(Movement, fields, rows)

    assert Movement.objects.count() == 0


def test_deleting_a_location_an_order_names_is_refused_by_the_database():
    location = factories.LocationFactory()
    order = Order.objects.create(
        number="C-1", channel="cart", status="paid", location=location, subtotal_fen=100, total_fen=100
    )

    # Past Django's on_delete=PROTECT, as any other client would; the check, not the commit, is under test.
    with (
        pytest.raises(IntegrityError, match="orders_order"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM inventory_location WHERE id = %s", [location.pk])
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    assert Order.objects.get().location_id == location.pk == order.location_id
