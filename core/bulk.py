"""Writing many rows in one statement, for the few hot paths where the ORM's per-row work is the cost
(a tablet's batch of 200 sales is about 1,000 rows: orders, lines, movements, POS sales).

On PostgreSQL an insert sends its rows as one JSON parameter (an array of arrays, each value cast to its
column's type) and an update its columns as arrays, so a batch costs next to no Python per row.
Elsewhere (SQLite, for the demo) the same calls go through bulk_create and bulk_update.

filter_any reads rows by many keys the same way: one array parameter on PostgreSQL.
"""

import datetime
import json
from collections.abc import Sequence
from typing import Literal, overload

from django.db import IntegrityError, connections, router, transaction
from django.db.models import NOT_PROVIDED, Field, Model
from django.utils import timezone


# get_field may also answer a reverse relation, which has no column: the names given here are fields.
def _concrete(field: object) -> Field:
    assert isinstance(field, Field), field
    return field


def _column_name(field: object) -> str:
    assert isinstance(field, Field) and field.column is not None, field
    return field.column


def _column(field, connection) -> tuple[str, str]:
    quote = connection.ops.quote_name
    return quote(field.column), f"%s::{field.db_type(connection)}[]"


# Asked for ids (or the claimed keys), a caller always gets a list.
@overload
def insert_rows(
    model: type[Model], fields: Sequence[str], rows: Sequence[Sequence], *, return_ids: Literal[True]
) -> list: ...
@overload
def insert_rows(
    model: type[Model], fields: Sequence[str], rows: Sequence[Sequence], *, skip_conflicts_returning: str
) -> list: ...
@overload
def insert_rows(
    model: type[Model], fields: Sequence[str], rows: Sequence[Sequence], *, return_ids: bool = False
) -> list | None: ...
def insert_rows(
    model: type[Model],
    fields: Sequence[str],
    rows: Sequence[Sequence],
    *,
    return_ids: bool = False,
    skip_conflicts_returning: str | None = None,
) -> list | None:
    """INSERT rows of values (in `fields` order, by attname: "order_id", not "order") in one
    statement; the new primary keys in row order when return_ids.

    Values are what the ORM would accept. A field left out gets its default, auto_now(_add) fields
    the time now; one with a db_default, the database's.

    skip_conflicts_returning="<column>" inserts ON CONFLICT DO NOTHING and returns
    that column of the rows that went in: a row clashing with any unique constraint (a committed
    row's, a row earlier in the same call, or a concurrent transaction's, once that one commits) is
    left out. Concurrent callers claim keys this way without a lock of their own.
    """
    returning = skip_conflicts_returning or (model._meta.pk.attname if return_ids else None)
    if not rows:
        return [] if returning else None
    meta = model._meta
    by_attname = {field.attname: field for field in meta.concrete_fields}
    given = [by_attname[name] for name in fields]
    now = timezone.now()
    # Left out: the primary key, and columns with a database default (the database fills them in).
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
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        objects = [
            model(
                **{
                    field.attname: value
                    for field, value in zip((*given, *missing), (*row, *extra), strict=True)
                }
            )
            for row in rows
        ]
        if skip_conflicts_returning:
            inserted = _each_unless_it_clashes(objects, using=connection.alias)
            return [getattr(obj, skip_conflicts_returning) for obj in inserted]
        model._base_manager.bulk_create(objects)
        return [obj.pk for obj in objects] if return_ids else None

    # The values every row shares travel once, as parameters; a column whose default is None is left
    # out (the database writes NULL: Django gives a column no default of its own without db_default).
    shared = [(field, value) for field, value in zip(missing, extra, strict=True) if value is not None]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    columns_sql = ", ".join(quote(_column_name(field)) for field in (*given, *(field for field, _ in shared)))
    selected = ", ".join(_from_json(field, index, connection) for index, field in enumerate(given))
    constants = "".join(f", %s::{field.db_type(connection)}" for field, _ in shared)
    # The rows travel as one JSON array of arrays (no key repeated per row: encoding the keys was most
    # of the Python cost); each value is typed by its column.
    sql = (
        f"INSERT INTO {table} ({columns_sql}) SELECT {selected}{constants} "
        f"FROM jsonb_array_elements(%s::jsonb) WITH ORDINALITY AS j(r, n) ORDER BY n"
    )
    if skip_conflicts_returning:
        sql += " ON CONFLICT DO NOTHING"
    if returning:
        sql += f" RETURNING {quote(_column_name(meta.get_field(returning)))}"
    params = [field.get_db_prep_save(value, connection) for field, value in shared]
    texts: dict = {}  # a value many rows share (the time now) is converted once

    def default(value):
        try:
            return texts[value]
        except KeyError:
            text = texts[value] = _json_value(value)
            return text
        except TypeError:  # unhashable
            return _json_value(value)

    payload = json.dumps(
        rows, default=default, ensure_ascii=False, check_circular=False, separators=(",", ":")
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, payload])
        return [row[0] for row in cursor.fetchall()] if returning else None


def _each_unless_it_clashes(objects: Sequence[Model], *, using: str) -> list[Model]:
    """Elsewhere than PostgreSQL (SQLite, one writer at a time): each row in a savepoint of its own,
    left out when a unique constraint refuses it; the objects that went in."""
    inserted = []
    for obj in objects:
        try:
            with transaction.atomic(using=using):
                obj.save(force_insert=True)
        except IntegrityError:
            continue
        inserted.append(obj)
    return inserted


def _from_json(field, index: int, connection) -> str:
    """The expression reading value `index` of a row `r` (a JSON array) as the column's type."""
    db_type = field.db_type(connection)
    if db_type == "jsonb":
        return f"NULLIF(r->{index}, 'null'::jsonb)"  # JSON null: SQL NULL, as the ORM writes None
    if db_type == "text" or db_type.startswith(("varchar", "char")):
        # Text as it is: the column's own length check applies on assignment (an explicit cast to
        # varchar(n) would cut a long value short instead of refusing it).
        return f"r->>{index}"
    return f"(r->>{index})::{db_type}"


def _json_value(value):
    """Dates, times and UUIDs as PostgreSQL reads them back (ISO 8601, canonical UUID text)."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def filter_any(queryset, field: str, values):
    """queryset.filter(<field>__in=values). On PostgreSQL the values go as one array parameter
    (`= ANY(%s)`) rather than an IN list with a placeholder each, which for a batch's 100 keys took
    ~1.5 ms of Python to build and bind."""
    values = list(values)
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return queryset.filter(**{f"{field}__in": values})
    quote = connection.ops.quote_name
    meta = queryset.model._meta
    column = f"{quote(meta.db_table)}.{quote(meta.get_field(field).column)}"
    return queryset.extra(where=[f"{column} = ANY(%s)"], params=[values])


def update_rows(objects: Sequence[Model], fields: Sequence[str]) -> None:
    """UPDATE these saved objects' `fields` to their current attribute values in one statement."""
    if not objects:
        return
    model = type(objects[0])
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        model._base_manager.bulk_update(objects, fields)
        return
    meta = model._meta
    quote = connection.ops.quote_name
    columns = [meta.pk, *(_concrete(meta.get_field(name)) for name in fields)]
    arrays = [[getattr(obj, field.attname) for obj in objects] for field in columns]
    casts = ", ".join(_column(field, connection)[1] for field in columns)
    numbered = [f"c{index}" for index in range(len(columns))]
    table = quote(meta.db_table)
    assignments = ", ".join(
        f"{quote(_column_name(field))} = u.{name}"
        for field, name in zip(columns[1:], numbered[1:], strict=True)
    )
    sql = (
        f"UPDATE {table} SET {assignments} FROM unnest({casts}) AS u({', '.join(numbered)}) "
        f"WHERE {table}.{quote(_column_name(meta.pk))} = u.c0"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, arrays)
