"""Relay global IDs in mutation input: the row behind an ID, or NOT_FOUND on the input's field."""

from graphql_relay import from_global_id

from core.errors import NotFound

_MAX_PK = 2**63 - 1


def _pk(global_id, type_name: str) -> int | None:
    try:
        found_type, pk = from_global_id(str(global_id))
    except Exception:  # graphql-relay raises on some malformed base64; any such ID is simply unknown
        return None
    if found_type != type_name or not pk.isdigit() or int(pk) > _MAX_PK:
        return None
    return int(pk)


def _not_found(field: str, global_id, type_name: str) -> NotFound:
    return NotFound(f"No {type_name} with the ID {global_id!r}.", field=field)


def instance_from_id(global_id, node_type, queryset, *, field: str):
    """The row of queryset behind a global ID of node_type (a graphene type); NotFound on field."""
    type_name = node_type._meta.name
    pk = _pk(global_id, type_name)
    instance = queryset.filter(pk=pk).first() if pk is not None else None
    if instance is None:
        raise _not_found(field, global_id, type_name)
    return instance


def instances_from_ids(global_ids, node_type, queryset, *, field: str) -> list:
    """Rows for several global IDs in their order, in one query; NotFound on field for any unknown."""
    type_name = node_type._meta.name
    pks = []
    for global_id in global_ids:
        pk = _pk(global_id, type_name)
        if pk is None:
            raise _not_found(field, global_id, type_name)
        pks.append(pk)
    found = queryset.in_bulk(set(pks))
    for global_id, pk in zip(global_ids, pks, strict=True):
        if pk not in found:
            raise _not_found(field, global_id, type_name)
    return [found[pk] for pk in pks]


def pk_from_id(global_id, node_type) -> int | None:
    """The primary key in a global ID of node_type, or None when it is of another type or malformed."""
    return _pk(global_id, node_type._meta.name)
