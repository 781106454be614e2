"""Query limits, checked before anything runs: depth, an estimated cost, aliases, and who may ask for
the schema itself (introspection).

The cost of a query is the number of fields it may resolve: each field costs 1 for every item its
parent list may hold, and a connection multiplies what is below it by its page size (`first` or
`last`, a variable's value, or the 100 a connection gives without either). Introspection is costed
the same way, its lists (`types`, `fields`, `args`, ...) counted at their average length in this
schema: the standard introspection query costs ~29,000 (it answers ~10,000 values; the estimate
counts every level of its type references), so two copies of it under aliases are refused.

Depth and cost are worked out together, each fragment once per type it is spread on: a document of
fragments that each spread the next twice is costed in as many steps as it has fragments (naively,
2^n), and refused for the cost it would have.
"""

import math
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    VariableNode,
    get_named_type,
    is_abstract_type,
    is_enum_type,
    is_input_object_type,
    is_interface_type,
    is_introspection_type,
    is_object_type,
)
from graphql.validation import ValidationRule

from api.core.connections import MAX_PAGE_SIZE

PAGE_ARGUMENTS = ("first", "last")
INTROSPECTION_ROOTS = {"__schema": "__Schema", "__type": "__Type"}  # the fields and their types
NUL_MESSAGE = "Text may not contain the NUL character (U+0000)."
# In one selection (with its inline fragments): how often one response name may be asked for, and how
# many fragments may be spread (SelectionBreadthLimit).
MAX_SAME_NAME = 10
MAX_SPREADS = 20
# Costs are counted up to here (far past any limit): a float times a larger int would overflow.
COST_CEILING = 10**15


def query_limit_rules(variables: dict | None, *, introspection: bool) -> list:
    """Our rules, for one request: each is linear in the document, and a document they refuse is not
    given to graphql-core's own rules (specified_rules), of which one is quadratic in the fields that
    share a name (SelectionBreadthLimit keeps that small). introspection=False refuses __schema and
    __type (anonymous callers in production)."""
    rules = [
        shape_limit_validator(variables=variables or {}),
        AliasLimit,
        SelectionBreadthLimit,
        NoNulCharacters,
    ]
    if not introspection:
        rules.append(IntrospectionNeedsSignIn)
    return rules


class NoNulCharacters(ValidationRule):
    """A string literal with a NUL is refused here: PostgreSQL cannot compare or store it, and the
    query it reached would fail as a server error (found by tests/security/test_graphql_fuzz.py)."""

    def enter_string_value(self, node, *_args):
        if "\x00" in node.value:
            self.report_error(GraphQLError(NUL_MESSAGE, node))


class AliasLimit(ValidationRule):
    """Aliases let one document ask for the same costly field many times over; no client of ours uses
    more than a few."""

    def __init__(self, context):
        super().__init__(context)
        self.aliases = 0

    def enter_field(self, node: FieldNode, *_args):
        if node.alias is not None:
            self.aliases += 1

    def leave_document(self, *_args):
        limit = settings.GRAPHQL_MAX_ALIASES
        if self.aliases > limit:
            self.report_error(
                GraphQLError(
                    f"The document uses {self.aliases} aliases; at most {limit} are accepted.",
                    extensions={"code": "TOO_MANY_ALIASES", "aliases": self.aliases, "maxAliases": limit},
                )
            )


class SelectionBreadthLimit(ValidationRule):
    """graphql-core's OverlappingFieldsCanBeMergedRule compares every pair of fields that share a
    response name in a selection set (its inline fragments' fields included) and every pair of
    fragments spread there: 400 copies of one field took it 1.7 s. No client of ours asks for one name
    more than a few times in one place, or spreads more than a few fragments there."""

    def enter_selection_set(self, node, *_args):
        names: Counter = Counter()
        spreads = 0
        selections = list(node.selections)
        while selections:
            selection = selections.pop()
            if isinstance(selection, FieldNode):
                names[(selection.alias or selection.name).value] += 1
            elif isinstance(selection, InlineFragmentNode):
                selections.extend(selection.selection_set.selections)
            else:
                spreads += 1
        name, repeats = names.most_common(1)[0] if names else ("", 0)
        if repeats > MAX_SAME_NAME:
            self.report_error(
                GraphQLError(
                    f"'{name}' is asked for {repeats} times in one selection; "
                    f"at most {MAX_SAME_NAME} are accepted.",
                    node,
                    extensions={"code": "TOO_MANY_SELECTIONS"},
                )
            )
        if spreads > MAX_SPREADS:
            self.report_error(
                GraphQLError(
                    f"{spreads} fragments are spread in one selection; at most {MAX_SPREADS} are accepted.",
                    node,
                    extensions={"code": "TOO_MANY_SELECTIONS"},
                )
            )


class IntrospectionNeedsSignIn(ValidationRule):
    def enter_field(self, node: FieldNode, *_args):
        if node.name.value in INTROSPECTION_ROOTS:
            self.report_error(
                GraphQLError(
                    f"'{node.name.value}' (introspection) is answered to signed-in callers only: "
                    "send a bearer token from tokenCreate.",
                    node,
                    extensions={"code": "INTROSPECTION_DISABLED"},
                )
            )


def shape_limit_validator(*, variables: dict):
    class QueryShapeLimits(ValidationRule):
        """Depth (GRAPHQL_MAX_DEPTH for the API's fields, GRAPHQL_MAX_INTROSPECTION_DEPTH below
        __schema and __type, whose type references nest deeper) and cost (GRAPHQL_MAX_COST)."""

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
            shape = _ShapeEstimate(schema, fragments, variables).of(node.selection_set, root)
            name = node.name.value if node.name else "anonymous"
            for depth, limit, what in (
                (shape.depth, settings.GRAPHQL_MAX_DEPTH, "operation"),
                (shape.introspection_depth, settings.GRAPHQL_MAX_INTROSPECTION_DEPTH, "introspection"),
            ):
                if depth > limit:
                    self.report_error(
                        GraphQLError(f"'{name}' exceeds maximum {what} depth of {limit}.", node)
                    )
            cost, max_cost = math.ceil(shape.cost), settings.GRAPHQL_MAX_COST
            if cost > max_cost:
                self.report_error(
                    GraphQLError(
                        f"'{name}' may cost {cost}, more than the limit of {max_cost}: "
                        "ask for smaller pages or fewer nested lists.",
                        node,
                        extensions={"code": "QUERY_TOO_COSTLY", "cost": cost, "maxCost": max_cost},
                    )
                )

    return QueryShapeLimits


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


@dataclass(frozen=True)
class _Shape:
    depth: int = 0  # field levels below the top one, outside introspection
    introspection_depth: int = 0  # field levels below __schema or __type
    cost: float = 0  # fields resolved for one item of the parent (introspection's lists: on average)


class _ShapeEstimate:
    def __init__(self, schema, fragments: dict, variables: dict):
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.list_sizes = _introspection_list_sizes(schema)
        self.known: dict = {}

    def _type_named(self, name: str, fallback):
        named = self.schema.get_type(name)
        return named if is_object_type(named) or is_interface_type(named) else fallback

    def of(self, selection_set, parent_type, seen: frozenset = frozenset()) -> _Shape:
        if selection_set is None or parent_type is None:
            return _Shape()
        key = (id(selection_set), parent_type)
        known = self.known.get(key)
        if known is None:
            known = self.known[key] = self._work_out(selection_set, parent_type, seen)
        return known

    def _work_out(self, selection_set, parent_type, seen: frozenset) -> _Shape:
        fields = getattr(parent_type, "fields", {})
        depth = introspection_depth = cost = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                name = selection.name.value
                if name in INTROSPECTION_ROOTS:
                    below = self.of(
                        selection.selection_set, self.schema.get_type(INTROSPECTION_ROOTS[name]), seen
                    )
                    introspection_depth = max(
                        introspection_depth, 1 + max(below.depth, below.introspection_depth)
                    )
                    cost += 1 + below.cost
                    continue
                field = fields.get(name)
                if field is None:
                    continue  # __typename is free; unknown fields are another rule's to report
                cost += 1
                if selection.selection_set is None:
                    continue
                below = self.of(selection.selection_set, get_named_type(field.type), seen)
                depth = max(depth, 1 + below.depth)
                introspection_depth = max(introspection_depth, below.introspection_depth)
                cost += self._items(selection, parent_type, field) * below.cost
            else:
                if isinstance(selection, InlineFragmentNode):
                    condition = selection.type_condition
                    fragment_type = parent_type
                    if condition is not None:
                        fragment_type = self._type_named(condition.name.value, parent_type)
                    below = self.of(selection.selection_set, fragment_type, seen)
                else:
                    name = selection.name.value
                    fragment = self.fragments.get(name)
                    if fragment is None or name in seen:
                        continue  # unknown fragments and cycles are reported by graphql-core's own rules
                    fragment_type = self._type_named(fragment.type_condition.name.value, parent_type)
                    below = self.of(fragment.selection_set, fragment_type, seen | {name})
                depth = max(depth, below.depth)
                introspection_depth = max(introspection_depth, below.introspection_depth)
                cost += below.cost
        return _Shape(depth, introspection_depth, min(cost, COST_CEILING))

    def _items(self, selection: FieldNode, parent_type, field) -> float:
        """How many items of the field's type one parent item may hold."""
        if any(argument in field.args for argument in PAGE_ARGUMENTS):
            return min(_page_size(selection, self.variables), COST_CEILING)
        if is_introspection_type(parent_type) and _is_list(field.type):
            return self.list_sizes.get((parent_type.name, selection.name.value), 1)
        return 1


def _is_list(type_) -> bool:
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)


_list_sizes_of: dict = {}


def _introspection_list_sizes(schema) -> dict[tuple[str, str], float]:
    """The average length of each list introspection answers, in this schema (worked out once)."""
    sizes = _list_sizes_of.get(schema)
    if sizes is not None:
        return sizes
    types = list(schema.type_map.values())
    with_fields = [t for t in types if is_object_type(t) or is_interface_type(t)]
    fields = [field for t in with_fields for field in t.fields.values()]
    directives = schema.directives

    def per(total: int, count: int) -> float:
        return total / max(count, 1)

    sizes = {
        ("__Schema", "types"): len(types),
        ("__Schema", "directives"): len(directives),
        ("__Type", "fields"): per(len(fields), len(types)),
        ("__Type", "interfaces"): per(sum(len(t.interfaces) for t in with_fields), len(types)),
        ("__Type", "possibleTypes"): per(
            sum(len(schema.get_possible_types(t)) for t in types if is_abstract_type(t)), len(types)
        ),
        ("__Type", "enumValues"): per(sum(len(t.values) for t in types if is_enum_type(t)), len(types)),
        ("__Type", "inputFields"): per(
            sum(len(t.fields) for t in types if is_input_object_type(t)), len(types)
        ),
        ("__Field", "args"): per(sum(len(field.args) for field in fields), len(fields)),
        ("__Directive", "args"): per(sum(len(d.args) for d in directives), len(directives)),
    }
    _list_sizes_of[schema] = sizes
    return sizes
