"""Query limits, checked before anything runs: depth (graphene's validator) and an estimated cost.

The cost of a query is the number of fields it may resolve: each field costs 1 for every item its
parent list may hold, and a connection multiplies what is below it by its page size (`first` or
`last`, a variable's value, or the 100 a connection gives without either).
"""

import json

from django.conf import settings
from graphene.validation import depth_limit_validator
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    VariableNode,
    get_named_type,
    is_interface_type,
    is_object_type,
    specified_rules,
)
from graphql.validation import ValidationRule

from api.core.connections import MAX_PAGE_SIZE

PAGE_ARGUMENTS = ("first", "last")


def query_limit_rules(variables: dict | None) -> list:
    """graphql-core's own rules plus the depth and cost limits, for one request."""
    return [
        *specified_rules,
        _tolerant(depth_limit_validator(max_depth=settings.GRAPHQL_MAX_DEPTH)),
        cost_limit_validator(max_cost=settings.GRAPHQL_MAX_COST, variables=variables or {}),
        NoNulCharacters,
    ]


NUL_MESSAGE = "Text may not contain the NUL character (U+0000)."


def contains_nul(value) -> bool:
    """Whether a variable's value holds a NUL anywhere (PostgreSQL refuses it in text).

    JSON text writes a NUL as \\u0000, so a value whose JSON lacks that has none: one pass of the C
    encoder (~0.5 ms for a tablet's batch) instead of a Python walk of every value (~5 ms); the walk
    decides only when the text has it (it may be a backslash followed by "u0000")."""
    try:
        if "\\u0000" not in json.dumps(value, ensure_ascii=False):
            return False
    except (TypeError, ValueError):
        pass  # not JSON's types: the walk decides
    return _walk_for_nul(value)


def _walk_for_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_walk_for_nul(key) or _walk_for_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_walk_for_nul(item) for item in value)
    return False


class NoNulCharacters(ValidationRule):
    """A string literal with a NUL is refused here: PostgreSQL cannot compare or store it, and the
    query it reached would fail as a server error (found by tests/security/test_graphql_fuzz.py)."""

    def enter_string_value(self, node, *_args):
        if "\x00" in node.value:
            self.report_error(GraphQLError(NUL_MESSAGE, node))


def _tolerant(rule_class):
    """graphene's depth crawler raises on an unknown fragment and recurses forever on a fragment
    cycle; graphql-core's own rules report both, so here they only need not to crash the request."""

    class Tolerant(rule_class):
        def __init__(self, context):
            try:
                super().__init__(context)
            except (KeyError, RecursionError):
                ValidationRule.__init__(self, context)

    Tolerant.__name__ = rule_class.__name__
    return Tolerant


def cost_limit_validator(*, max_cost: int, variables: dict):
    class CostLimitValidator(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode, *_args):
            schema = self.context.schema
            root = {
                OperationType.QUERY: schema.query_type,
                OperationType.MUTATION: schema.mutation_type,
                OperationType.SUBSCRIPTION: schema.subscription_type,
            }.get(node.operation)
            if root is None:
                return
            fragments = {
                definition.name.value: definition
                for definition in self.context.document.definitions
                if isinstance(definition, FragmentDefinitionNode)
            }
            cost = _CostEstimate(schema, fragments, variables).of(node.selection_set, root, 1)
            if cost > max_cost:
                name = node.name.value if node.name else "anonymous"
                self.report_error(
                    GraphQLError(
                        f"'{name}' may cost {cost}, more than the limit of {max_cost}: "
                        "ask for smaller pages or fewer nested lists.",
                        node,
                        extensions={"code": "QUERY_TOO_COSTLY", "cost": cost, "maxCost": max_cost},
                    )
                )

    return CostLimitValidator


def _page_size(field_node: FieldNode, variables: dict) -> int:
    for argument in field_node.arguments or ():
        if argument.name.value not in PAGE_ARGUMENTS:
            continue
        value = argument.value
        if isinstance(value, IntValueNode):
            return max(int(value.value), 0)
        if isinstance(value, VariableNode):
            given = variables.get(value.name.value)
            if isinstance(given, int) and not isinstance(given, bool):
                return max(given, 0)
    return MAX_PAGE_SIZE


class _CostEstimate:
    def __init__(self, schema, fragments: dict, variables: dict):
        self.schema = schema
        self.fragments = fragments
        self.variables = variables

    def _type_named(self, name: str, fallback):
        named = self.schema.get_type(name)
        return named if is_object_type(named) or is_interface_type(named) else fallback

    def of(self, selection_set, parent_type, multiplier: int, seen: frozenset = frozenset()) -> int:
        if selection_set is None or parent_type is None:
            return 0
        fields = getattr(parent_type, "fields", {})
        cost = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                name = selection.name.value
                field = fields.get(name)
                if name.startswith("__") or field is None:
                    continue  # introspection is free; unknown fields are another rule's to report
                cost += multiplier
                below = multiplier
                if any(argument in field.args for argument in PAGE_ARGUMENTS):
                    below = multiplier * _page_size(selection, self.variables)
                cost += self.of(selection.selection_set, get_named_type(field.type), below, seen)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                fragment_type = parent_type
                if condition is not None:
                    fragment_type = self._type_named(condition.name.value, parent_type)
                cost += self.of(selection.selection_set, fragment_type, multiplier, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in seen:
                    continue  # unknown fragments and cycles are reported by graphql-core's own rules
                fragment_type = self._type_named(fragment.type_condition.name.value, parent_type)
                cost += self.of(fragment.selection_set, fragment_type, multiplier, seen | {name})
        return cost
