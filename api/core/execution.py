"""The execution context /graphql/ runs queries with (api.views)."""

from functools import partial

from graphene.types.resolver import dict_or_attr_resolver
from graphql import (
    ExecutionContext,
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    OperationDefinitionNode,
    Undefined,
)
from graphql.execution.execute import CollectedErrors, default_field_resolver, default_type_resolver
from graphql.execution.middleware import MiddlewareManager
from graphql.language import FragmentDefinitionNode
from graphql.pyutils import is_iterable

from api.core.coercion import compiled_variable_values


class GongfangExecutionContext(ExecutionContext):
    """graphql-core's execution context, with two shortcuts for large requests and answers: the
    variables coerced by compiled coercers (api.core.coercion), and lists of plain-dict objects
    completed without a resolver call per field (complete_list_value)."""

    @classmethod
    def build(
        cls,
        schema,
        document,
        root_value=None,
        context_value=None,
        raw_variable_values=None,
        operation_name=None,
        field_resolver=None,
        type_resolver=None,
        subscribe_field_resolver=None,
        max_coercion_errors: int = 50,
        middleware=None,
        is_awaitable=None,
        hide_suggestions: bool = False,
    ):
        # As graphql-core 3.2's build, but for the coercion of the variables.
        operation = _operation(document, operation_name)
        coerced = None
        if operation is not None and isinstance(middleware, list | tuple | type(None)):
            coerced = compiled_variable_values(
                schema, operation.variable_definitions or (), raw_variable_values or {}
            )
        if coerced is None:
            # graphql-core's own path, with its errors (and its choice of operation).
            return super().build(
                schema, document, root_value, context_value, raw_variable_values, operation_name,
                field_resolver, type_resolver, subscribe_field_resolver, max_coercion_errors,
                middleware, is_awaitable, hide_suggestions,
            )  # fmt: skip
        fragments = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        return cls(
            schema,
            fragments,
            root_value,
            context_value,
            operation,
            coerced,
            field_resolver or default_field_resolver,
            type_resolver or default_type_resolver,
            subscribe_field_resolver or default_field_resolver,
            CollectedErrors(),
            MiddlewareManager(*middleware) if middleware is not None else None,
            is_awaitable,
        )

    def complete_list_value(self, return_type, field_nodes, info, path, result):
        completed = self._plain_objects(return_type, field_nodes, result)
        if completed is not None:
            return completed
        return super().complete_list_value(return_type, field_nodes, info, path, result)

    def _plain_objects(self, return_type, field_nodes, result) -> list | None:
        """A list of plain dicts of an object type whose selected fields are plain keys, completed in
        one loop: 200 sync results are ~1,000 resolver calls, resolve infos and paths fewer. None when
        graphql-core's own completion is needed (which then reports whatever is wrong)."""
        item_type = return_type.of_type
        if isinstance(item_type, GraphQLNonNull):
            item_type = item_type.of_type
        if (
            not isinstance(item_type, GraphQLObjectType)
            or item_type.is_type_of is not None
            or not isinstance(result, list)
            or not result
            or not all(type(item) is dict for item in result)
            or not self._resolvers_unwrapped()
        ):
            return None
        plan = _plain_fields(item_type, self.collect_subfields(item_type, field_nodes))
        if plan is None:
            return None
        completed = []
        try:
            for item in result:
                row = {}
                for key, attname, default, complete in plan:
                    row[key] = default if attname is None else complete(item.get(attname, default))
                completed.append(row)
        except _Slow:
            return None
        return completed

    def _resolvers_unwrapped(self) -> bool:
        """No middleware wraps the field resolvers (the shortcut calls none)."""
        return self.middleware_manager is None or self.middleware_manager.get_field_resolver(_probe) is _probe


def _operation(document, operation_name) -> OperationDefinitionNode | None:
    """The operation to run, as graphql-core's build picks it; None when it would refuse."""
    operation = None
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            if operation_name is None:
                if operation is not None:
                    return None  # several operations and no name: graphql-core's error
                operation = definition
            elif definition.name and definition.name.value == operation_name:
                operation = definition
    return operation


class _Slow(Exception):
    """A value the shortcut does not complete as it is: graphql-core's completion does (and reports)."""


def _plain_fields(object_type: GraphQLObjectType, sub_fields: dict) -> list | None:
    """[(response key, dict key, default, completer)] when every selected field of object_type reads a
    plain dict's key with graphene's default resolver and no arguments, and is a scalar, an enum or a
    list of them; else None."""
    plan = []
    for key, nodes in sub_fields.items():
        name = nodes[0].name.value
        if name == "__typename":
            plan.append((key, None, object_type.name, None))
            continue
        field = object_type.fields.get(name)
        resolver = field.resolve if field is not None else None
        if (
            field is None
            or field.args
            or not isinstance(resolver, partial)
            or resolver.func is not dict_or_attr_resolver
            or len(resolver.args) != 2
            or resolver.keywords
        ):
            return None
        completer = _leaf_completer(field.type)
        if completer is None:
            return None
        plan.append((key, resolver.args[0], resolver.args[1], completer))
    return plan


def _probe(root, info, **args):  # a resolver to see whether the middleware wraps resolvers
    return root


def _leaf_completer(type_, required: bool = False):
    """A function completing a value of a (list of) scalar or enum type as graphql-core would, raising
    _Slow where graphql-core would report an error; None for other types."""
    if isinstance(type_, GraphQLNonNull):
        return _leaf_completer(type_.of_type, required=True)
    if isinstance(type_, GraphQLList):
        item = _leaf_completer(type_.of_type)
        if item is None:
            return None

        def list_of(value):
            if value is None:
                if required:
                    raise _Slow
                return None
            if not is_iterable(value):
                raise _Slow
            return [item(element) for element in value]

        return list_of
    if not isinstance(type_, GraphQLScalarType | GraphQLEnumType):
        return None
    serialize = type_.serialize

    def leaf(value):
        if value is None:
            if required:
                raise _Slow
            return None
        try:
            serialized = serialize(value)
        except Exception as error:
            raise _Slow from error
        if serialized is None or serialized is Undefined:
            raise _Slow
        return serialized

    return leaf
