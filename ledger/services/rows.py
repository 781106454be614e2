"""Appending many journal rows quickly: COPY on PostgreSQL, bulk_create on any other database.

Posting a million sale lines writes five or six million rows; building a Django model instance for
each costs more than the database does, so the writers hand plain tuples to append_rows.
"""

from collections.abc import Sequence

from django.db import connection
from django.utils import timezone


def new_ids(model, count: int) -> list[int] | None:
    """Reserve count primary keys of model's table (PostgreSQL), or None where rows get theirs on insert."""
    if connection.vendor != "postgresql" or count == 0:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def append_rows(model, fields: Sequence[str], rows: Sequence[tuple]) -> list[int] | None:
    """Insert rows (tuples of values for fields, foreign keys as ids) into model's table, in one
    statement. Returns the new primary keys when the database made them (not on PostgreSQL, where
    callers that need them reserve them with new_ids and pass "id" among the fields)."""
    if not rows:
        return []
    meta = model._meta
    columns = [meta.get_field(name).column for name in fields]
    if connection.vendor == "postgresql":
        # auto_now_add is Django's doing, so the time goes in here.
        stamped = [field.column for field in meta.concrete_fields if getattr(field, "auto_now_add", False)]
        stamped = [column for column in stamped if column not in columns]
        now = timezone.now()
        names = ", ".join(connection.ops.quote_name(column) for column in [*columns, *stamped])
        extra = (now,) * len(stamped)
        # wrap_database_errors: a unique or trigger violation reaches callers as Django's IntegrityError
        # or DatabaseError, as it would from an INSERT.
        with (
            connection.wrap_database_errors,
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {meta.db_table} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row + extra if extra else row)
        return None
    attnames = [meta.get_field(name).attname for name in fields]
    made = model.objects.bulk_create([model(**dict(zip(attnames, row, strict=True))) for row in rows])
    return [obj.pk for obj in made]
