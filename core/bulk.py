"""The project's one bulk-insert helper: rows_copy, COPY on PostgreSQL (psycopg's documented
`cursor.copy()`, through Django's cursor), Django's `bulk_create` on any other database (SQLite, the
embedded demo); and ids_take, the ids of rows that must be named before they are written.

Which path, when (docs/services.md, "Writing many rows"):
- rows_copy for the hot paths that write thousands of rows a second: a cart's batch of 200 sales
  (about 1,200 rows of POS sales, orders, lines and movements) and the ledger's postings (a million
  sale lines are about six million journal rows). Rows go in as plain tuples, with no model instance
  made per row, in COPY's binary format, each column typed by its field: psycopg encodes a row in C in
  about a quarter of a microsecond (about 2 µs in the text format; bulk_create makes a model instance
  and prepares each value in Python), and PostgreSQL reads it with less work too.
- Django's `bulk_create` for every other many-row insert (a checkout's lines, a payout run's payouts,
  an intake's lines, a conflict-tolerant insert: COPY has no ON CONFLICT): one multi-row INSERT on
  PostgreSQL, model instances back.
- Nothing else: no raw INSERT, no executemany, no other COPY in the project's code (tests aside).
"""

from collections.abc import Sequence
from typing import Literal, overload

import psycopg
from django.db import DatabaseError, DataError, IntegrityError, connections, router
from django.db.models import NOT_PROVIDED, Model
from django.utils import timezone

# Columns whose Python values psycopg writes as they are; any other field's values go through the
# field's own get_db_prep_save (a JSONField's list, say).
_AS_IS = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "DateField",
    "DateTimeField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "TextField",
    "UUIDField",
}


def ids_take(model: type[Model], count: int) -> list[int]:
    """`count` new primary keys from the model's sequence (PostgreSQL), for rows that must be named
    before they are written (COPY returns nothing); an id taken and never used is only a gap."""
    if count == 0:
        return []
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(s.seq) FROM (SELECT pg_get_serial_sequence(%s, %s)::regclass AS seq) AS s, "
            "generate_series(1, %s)",
            [meta.db_table, meta.pk.column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


@overload
def rows_copy(
    model: type[Model], fields: Sequence[str], rows: Sequence[Sequence], *, return_ids: Literal[True]
) -> list[int]: ...


@overload
def rows_copy(
    model: type[Model], fields: Sequence[str], rows: Sequence[Sequence], *, return_ids: Literal[False] = False
) -> None: ...


def rows_copy(
    model: type[Model], fields: Sequence[str], rows: Sequence[Sequence], *, return_ids: bool = False
) -> list[int] | None:
    """Insert rows (tuples of values in `fields` order, by attname: "order_id", not "order") in one
    statement; the new primary keys in row order when return_ids.

    A field left out gets what the ORM would give it: its default, or the time now for auto_now(_add);
    one with a db_default, the database's. A unique or foreign-key violation is Django's IntegrityError,
    as from any insert.
    """
    if not rows:
        return [] if return_ids else None
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    by_attname = {field.attname: field for field in meta.concrete_fields}
    given = [by_attname[name] for name in fields]
    ids = None
    if connection.vendor == "postgresql" and return_ids and meta.pk not in given:
        ids = ids_take(model, len(rows))
        given = [meta.pk, *given]
        rows = [(pk, *row) for pk, row in zip(ids, rows, strict=True)]
    now = timezone.now()
    # Left out: the primary key and columns with a database default (the database fills them in).
    missing = [
        field
        for field in meta.concrete_fields
        if field not in given and not field.primary_key and field.db_default is NOT_PROVIDED
    ]
    extra = [
        now
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        else field.get_default()
        for field in missing
    ]
    if connection.vendor != "postgresql":
        attnames = [field.attname for field in (*given, *missing)]
        objects = [model(**dict(zip(attnames, (*row, *extra), strict=True))) for row in rows]
        model._base_manager.using(connection.alias).bulk_create(objects)
        return [obj.pk for obj in objects] if return_ids else None

    # A value every row shares goes once; a column whose default is None is left to the database (NULL).
    shared = [(field, value) for field, value in zip(missing, extra, strict=True) if value is not None]
    columns = [*given, *(field for field, _ in shared)]
    constants = tuple(field.get_db_prep_save(value, connection) for field, value in shared)
    prepared = [
        (index, field) for index, field in enumerate(given) if field.get_internal_type() not in _AS_IS
    ]
    names = ", ".join(connection.ops.quote_name(field.column) for field in columns)
    table = connection.ops.quote_name(meta.db_table)
    try:
        # Django's cursor passes copy() on to psycopg's (and logs it with the queries it logs).
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)") as copy,
        ):
            copy.set_types([_copy_type(field, connection) for field in columns])
            write_row = copy.write_row
            for row in rows:
                if prepared:
                    row = list(row)
                    for index, field in prepared:
                        row[index] = field.get_db_prep_save(row[index], connection)
                write_row((*row, *constants) if constants else row)
    # Django's own exceptions, as an INSERT through the ORM would raise.
    except psycopg.errors.IntegrityError as error:
        raise IntegrityError(*error.args) from error
    except psycopg.errors.DataError as error:
        raise DataError(*error.args) from error
    except psycopg.Error as error:
        raise DatabaseError(*error.args) from error
    return ids if return_ids else None


def _copy_type(field, connection) -> str:
    """The column's type as COPY names it, type modifiers aside (varchar(120) is varchar): the column
    itself still checks the length."""
    db_type = field.db_type(connection)
    assert db_type is not None, f"{field} has no column"  # only concrete fields are written
    return db_type.split("(")[0]
