"""Model instances from one hand-written SELECT, for the few hot reads of the checkout whose SQL the
ORM would build again on every call (Django keeps no statement cache), at a cost above running it.

Documented interfaces only: a cursor, Model.from_db fed as Django's "Customizing model loading"
shows (the values in _meta.concrete_fields order), the column Django names each field by (its
db_column, else its attname: the name, or the name + "_id" of a foreign key) and a field's
from_db_value where it has one (a JSONField's). PostgreSQL only (`usable`): SQLite hands dates back
as text that only the ORM's converters read, so the embedded demo keeps the ORM. Each caller's SQL
is held to the ORM's answer by a property test (tests/orders/test_checkout_rows_plain_sql.py)."""

from collections.abc import Sequence
from functools import cache
from typing import TypeVar

from django.db import connection
from django.db.models import Field, Model

M = TypeVar("M", bound=Model)


def usable() -> bool:
    return connection.vendor == "postgresql"


def columns(model: type[Model], alias: str) -> str:
    """The model's columns as alias."column", in the order `instance` takes them."""
    return ", ".join(f'{alias}."{field.db_column or field.attname}"' for field in _fields(model))


def width(model: type[Model]) -> int:
    return len(_fields(model))


def primary_key(model: type[Model]) -> Field:
    return next(field for field in _fields(model) if field.primary_key)


def concrete_field(model: type[Model], name: str) -> Field:
    """The model's column-backed field of this name ("pk": its primary key)."""
    if name == "pk":
        return primary_key(model)
    return next(field for field in _fields(model) if field.name == name)


def instance(model: type[M], row: Sequence, start: int = 0) -> M | None:
    """The model's instance from row[start:start + width(model)] (laid out by `columns`); None
    when its primary key is NULL (a LEFT JOIN that found no row)."""
    fields = _fields(model)
    values = list(row[start : start + len(fields)])
    if values[_pk_index(model)] is None:
        return None
    for index, convert in _converters(model):
        values[index] = convert(values[index], None, connection)
    return model.from_db(connection.alias, _names(model), values)


def fetch(sql: str, params: Sequence) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def by_pk(model: type[M], pk) -> M:
    """model._default_manager.get(pk=pk), read by plain SQL on PostgreSQL (the same refusals: a
    malformed key by the field, model.DoesNotExist when there is no such row)."""
    if not usable():
        return model._default_manager.get(pk=pk)
    key = primary_key(model)
    value = key.get_db_prep_value(pk, connection)
    found = fetch(_by_pk_sql(model), [value])
    if not found:
        missing = model.DoesNotExist  # type: ignore[attr-defined]  # (every concrete model has one)
        raise missing(f"{model._meta.object_name} matching query does not exist.")
    result = instance(model, found[0])
    assert result is not None  # found by its primary key
    return result


@cache
def _by_pk_sql(model: type[Model]) -> str:
    key = primary_key(model)
    return (
        f'SELECT {columns(model, "t")} FROM "{model._meta.db_table}" t'
        f' WHERE t."{key.db_column or key.attname}" = %s'
    )


@cache
def _fields(model: type[Model]) -> tuple[Field, ...]:
    return tuple(model._meta.concrete_fields)


@cache
def _names(model: type[Model]) -> list[str]:
    return [field.attname for field in _fields(model)]


@cache
def _pk_index(model: type[Model]) -> int:
    return next(index for index, field in enumerate(_fields(model)) if field.primary_key)


@cache
def _converters(model: type[Model]) -> tuple:
    return tuple(
        (index, field.from_db_value)
        for index, field in enumerate(_fields(model))
        if hasattr(field, "from_db_value")
    )
