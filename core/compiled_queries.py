"""ORM queries compiled to SQL once per process and run with new parameters after that.

Building a queryset's SQL (Django's compiler: joins, columns, lookups, quoting) costs more CPU than
PostgreSQL takes to run a small query by primary key or token; the hot reads of a checkout run
with the same shape on every request. A CompiledQuery is written as a plain queryset, built once
with a marker in each parameter's place; later calls put their values where the markers were and
turn the rows into model instances (select_related and annotations included) the way
QuerySet.__iter__ does.

Only for queries whose SQL does not depend on the values (no None, no lists: one scalar per slot;
a list of ids is compiled once a length, with one slot an id: see any_of).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, router
from django.db.models import Field, Q, Value
from django.db.models.expressions import DatabaseDefault
from django.db.models.query import ModelIterable, QuerySet, ValuesListIterable, get_related_populators
from django.db.models.sql.compiler import SQLCompiler
from django.db.transaction import TransactionManagementError


class _Marker:
    """A parameter's place in the compiled SQL, found again by identity."""

    __slots__ = ("index",)

    def __init__(self, index: int):
        self.index = index


class _Slot(Field):
    """An output field that hands its value to the database untouched (a marker, at compile time)."""

    def get_db_prep_value(self, value, connection, prepared=False):
        return value


def slot(marker) -> Value:
    """A parameter for CompiledQuery's builder, usable wherever a lookup takes an expression."""
    return Value(marker, output_field=_Slot())


def any_of(field: str, markers) -> Q:
    """field equal to any of these markers' values (field__in takes no expressions)."""
    condition = Q()
    for marker in markers:
        condition |= Q(**{field: slot(marker)})
    return condition


COMPILED_IDS_MAX = 10  # a basket's few variants; a longer list is built by the ORM each time


def compilable_ids(ids: Sequence[int]) -> bool:
    """A list of ids worth a compiled query of its length (any_of): short, each a valid bigint."""
    return 0 < len(ids) <= COMPILED_IDS_MAX and all(type(pk) is int and 0 < pk < 2**63 for pk in ids)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: list  # the compiled parameters, a marker where a value goes
    positions: list  # for each parameter, the index of the value it takes (None: fixed)
    compiler: SQLCompiler  # its select, klass_info and converters turn rows into instances
    init_list: list[str]
    model_columns: slice | None  # None: rows answered as tuples (values_list)
    converters: dict
    locks: bool  # select_for_update: only inside a transaction


class CompiledQuery:
    """build(*markers) -> QuerySet, compiled once per database; query(*values) -> list of instances
    (of tuples for a values_list() query).

    The builder puts each marker where a value goes: slot(marker) in a lookup, the marker itself
    among a RawSQL's parameters. Each value must be given as the database takes it (an int, a UUID,
    an aware datetime: what the field's get_db_prep_value answers)."""

    def __init__(self, build: Callable[..., QuerySet], *, parameters: int):
        self.build = build
        self.parameters = parameters
        self._compiled: dict[str, _Compiled] = {}

    def _compile(self, alias: str) -> _Compiled:
        markers = [_Marker(index) for index in range(self.parameters)]
        queryset = self.build(*markers)
        if queryset._iterable_class not in (ModelIterable, ValuesListIterable):
            raise ValueError("a compiled query answers instances or values_list() tuples")
        query = queryset.query
        compiler = query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        positions = [param.index if isinstance(param, _Marker) else None for param in params]
        if sorted(index for index in positions if index is not None) != list(range(self.parameters)):
            raise ValueError("each parameter of a compiled query must appear exactly once")
        if query.values_select:  # values_list(): the rows as tuples
            columns, init_list = None, []
        else:
            model_fields = compiler.klass_info["select_fields"]
            columns = slice(model_fields[0], model_fields[-1] + 1)
            init_list = [column[0].target.attname for column in compiler.select[columns]]
        compiled = _Compiled(
            sql=sql,
            params=list(params),
            positions=positions,
            compiler=compiler,
            init_list=init_list,
            model_columns=columns,
            converters=compiler.get_converters([column[0] for column in compiler.select]),
            locks=query.select_for_update,
        )
        self._compiled[alias] = compiled  # a race compiles twice, to the same thing
        return compiled

    def __call__(self, *values, model=None) -> list:
        if len(values) != self.parameters or any(value is None for value in values):
            raise ValueError("a compiled query takes one value, never None, per parameter")
        alias = router.db_for_read(model) if model is not None else DEFAULT_DB_ALIAS
        compiled = self._compiled.get(alias) or self._compile(alias)
        params = [
            param if index is None else values[index]
            for param, index in zip(compiled.params, compiled.positions, strict=True)
        ]
        connection = connections[alias]
        if compiled.locks and connection.get_autocommit():
            # As the ORM refuses it: a lock outside a transaction would be released at once.
            raise TransactionManagementError("select_for_update cannot be used outside of a transaction.")
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        compiler = compiled.compiler
        if compiled.converters:
            rows = [tuple(row) for row in compiler.apply_converters(rows, compiled.converters)]
        if compiled.model_columns is None:
            return rows
        # As QuerySet.__iter__ (ModelIterable) does with the rows.
        model_cls = compiler.klass_info["model"]
        populators = get_related_populators(compiler.klass_info, compiler.select, alias)
        instances = []
        for row in rows:
            instance = model_cls.from_db(alias, compiled.init_list, row[compiled.model_columns])
            for populator in populators:
                populator.populate(row, instance)
            for name, position in compiler.annotation_col_map.items():
                setattr(instance, name, row[position])
            instances.append(instance)
        return instances


_UPDATE_SQL: dict[tuple, tuple[str, list]] = {}


def fields_save(instance, fields: Sequence[str]) -> None:
    """instance.save(update_fields=fields) as one plain UPDATE by primary key, its SQL built once a
    model, database and set of fields (auto_now fields among them get the time now, as with save).
    For models with no save() of their own and no signal receivers: neither is called."""
    model = type(instance)
    alias = router.db_for_write(model, instance=instance)
    connection = connections[alias]
    key = (model, alias, tuple(fields))
    built = _UPDATE_SQL.get(key)
    if built is None:
        meta, quote = model._meta, connection.ops.quote_name
        columns = [meta.get_field(name) for name in fields]
        assignments = ", ".join(f"{quote(column.column)} = %s" for column in columns)
        sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
        built = _UPDATE_SQL[key] = (sql, columns)
    sql, columns = built
    params = [
        column.get_db_prep_save(column.pre_save(instance, add=False), connection=connection)
        for column in columns
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, _pk_value(instance, connection)])
        if cursor.rowcount != 1:
            raise DatabaseError("Save with update_fields did not affect any rows.")
    instance._state.db, instance._state.adding = alias, False


def _pk_value(instance, connection):
    return instance._meta.pk.get_db_prep_value(instance.pk, connection)


_INSERT_SQL: dict[tuple, str] = {}


def rows_insert(instances: Sequence) -> list:
    """Insert new rows of one model as bulk_create would (one INSERT, the primary keys and database
    defaults read back onto the instances), its SQL built once a model, database, row count and set
    of defaulted columns. With the primary keys all given or all left to the database. For models
    with no save() of their own and no signal receivers: neither is called. Answers instances.
    Elsewhere than on PostgreSQL (SQLite takes no DEFAULT in a VALUES list), bulk_create itself."""
    if not instances:
        return list(instances)
    model = type(instances[0])
    meta = model._meta
    alias = router.db_for_write(model)
    connection = connections[alias]
    pk_given = instances[0].pk is not None
    if connection.vendor != "postgresql" or any(
        type(instance) is not model or (instance.pk is not None) != pk_given for instance in instances
    ):
        return model._base_manager.using(alias).bulk_create(instances)
    fields = [
        f for f in meta.local_concrete_fields if not f.generated and (pk_given or f is not meta.auto_field)
    ]
    returning = meta.db_returning_fields
    rows, defaulted = [], []
    for instance in instances:
        instance._prepare_related_fields_for_save(operation_name="rows_insert")
        row = []
        for field in fields:
            value = field.pre_save(instance, add=True)
            if isinstance(value, DatabaseDefault):
                defaulted.append(True)
                continue
            defaulted.append(False)
            row.append(field.get_db_prep_save(value, connection=connection))
        rows.append(row)
    key = (model, alias, len(instances), tuple(field.column for field in fields), tuple(defaulted))
    sql = _INSERT_SQL.get(key)
    if sql is None:
        quote = connection.ops.quote_name
        marks = iter(defaulted)
        values = ", ".join(
            "(" + ", ".join("DEFAULT" if next(marks) else "%s" for _field in fields) + ")" for _row in rows
        )
        sql = _INSERT_SQL[key] = (
            f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(field.column) for field in fields)})"
            f" VALUES {values} RETURNING {', '.join(quote(field.column) for field in returning)}"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in rows for value in row])
        returned = cursor.fetchall()
    # As SQLInsertCompiler reads its RETURNING columns back.
    columns = [field.get_col(meta.db_table) for field in returning]
    converters = [
        column.get_db_converters(connection) + connection.ops.get_db_converters(column) for column in columns
    ]
    for instance, values in zip(instances, returned, strict=True):
        for field, column, value, field_converters in zip(
            returning, columns, values, converters, strict=True
        ):
            for converter in field_converters:
                value = converter(value, column, connection)
            setattr(instance, field.attname, value)
        instance._state.adding, instance._state.db = False, alias
    return list(instances)
