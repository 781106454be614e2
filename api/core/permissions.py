"""Who may do what in the API.

Staff powers are Django's model permissions, the same ones the admin checks for the same work
(`catalog.change_product` to change a product, `inventory.add_movement` to adjust stock...); a
staff member holds them through her role's group (api/roles.py, docs/permissions.md). `is_staff`
alone grants nothing but what the public gets; a superuser holds every permission. Operators
(user.operator) are bound to their carts, artisans (user.artisan) to themselves.

Queries that are not public answer a GraphQL error with the code PERMISSION_DENIED (the field is
null); mutations answer the typed error of the same code.

Types that carry one artisan's money, payee or bank details (payouts, balances, statements) check
who reads them in their own resolvers, wherever in a query they are reached (`readable_by`,
`guard_readable_types`): a path through an object she may read never leads to another's.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from graphql import GraphQLError, GraphQLObjectType, default_field_resolver

from carts.models import Cart
from core.errors import PermissionDenied

PERMISSION_DENIED = "PERMISSION_DENIED"


def user_of(info):
    return info.context.user


def is_active_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def has_permission(user, permission: str) -> bool:
    """What the admin asks: an active staff member holding the model permission "app.codename"
    (superusers hold all). As in the admin, whoever may change a model may also view it."""
    if not is_active_staff(user):
        return False
    if user.has_perm(permission):
        return True
    app_label, _, codename = permission.partition(".")
    return codename.startswith("view_") and user.has_perm(f"{app_label}.change_{codename[len('view_') :]}")


def has_any_permission(user, permissions) -> bool:
    return any(has_permission(user, permission) for permission in permissions)


def is_superuser(user) -> bool:
    return is_active_staff(user) and user.is_superuser


def is_artisan_self(user, artisan) -> bool:
    return bool(user and user.is_authenticated and artisan.user_id is not None and artisan.user_id == user.pk)


def own_artisan_id(info) -> int | None:
    """The pk of the signed-in user's artisan record, or None; asked once per request."""
    request = info.context
    if not hasattr(request, "gongfang_own_artisan"):
        user = request.user
        own = None
        if user and user.is_authenticated and user.is_active:
            try:
                own = user.artisan.pk
            except ObjectDoesNotExist:
                own = None
        request.gongfang_own_artisan = own
    return request.gongfang_own_artisan


def operator_of(user):
    """The signed-in user's Operator row, or None (anonymous, inactive, staff without one, artisans)."""
    if not (user and user.is_authenticated and user.is_active):
        return None
    try:
        return user.operator
    except ObjectDoesNotExist:
        return None


def _operator_carts(info) -> tuple[frozenset[int], frozenset[int]]:
    """(cart ids, their location ids) of the signed-in operator; both empty for everyone else.

    Asked once per request: a list of rows checks each one against the same sets.
    """
    request = info.context
    cached = getattr(request, "gongfang_operator_carts", None)
    if cached is not None:
        return cached
    user = request.user
    pairs = []
    if user and user.is_authenticated and user.is_active:
        # Through the operator's row in one query (no separate look-up of user.operator).
        pairs = list(Cart.objects.filter(operators__user=user).values_list("pk", "location_id"))
    cached = (frozenset(pk for pk, _ in pairs), frozenset(location for _, location in pairs))
    request.gongfang_operator_carts = cached
    return cached


def operator_cart_ids(info) -> frozenset[int]:
    """The carts the signed-in operator works (empty for everyone else)."""
    return _operator_carts(info)[0]


def operator_location_ids(info) -> frozenset[int]:
    """The locations of the carts the signed-in operator works (empty for everyone else)."""
    return _operator_carts(info)[1]


def can_see_location(info, location, permission: str) -> bool:
    """Staff with the permission anywhere; an operator at her own carts' locations."""
    return has_permission(user_of(info), permission) or location.pk in operator_location_ids(info)


def is_cart_operator(info, cart) -> bool:
    """She is signed in as an operator assigned to this cart (staff alone are not)."""
    return cart.pk in operator_cart_ids(info)


def can_see_cart(info, cart, permission: str) -> bool:
    return has_permission(user_of(info), permission) or is_cart_operator(info, cart)


def permission_error(message: str = "You do not have permission to see this.") -> GraphQLError:
    return GraphQLError(message, extensions={"code": PERMISSION_DENIED})


# Mutations: the typed PERMISSION_DENIED error, raised before any input is looked up, so a caller
# who may not do the work learns nothing about which IDs exist.


def require_permission(info, *permissions: str) -> None:
    """Unless the signed-in staff member holds every one of the model permissions."""
    user = user_of(info)
    if not permissions or not all(has_permission(user, permission) for permission in permissions):
        raise PermissionDenied()


def require_superuser(info) -> None:
    if not is_superuser(user_of(info)):
        raise PermissionDenied()


def require_permission_or_operator(info, permission: str) -> None:
    """For mutations open to operators: staff with the permission, or any operator (whose cart the
    mutation then checks)."""
    user = user_of(info)
    if not (has_permission(user, permission) or operator_of(user) is not None):
        raise PermissionDenied()


def require_cart_operator(info, cart) -> None:
    """Unless she operates this cart."""
    if cart is None or not is_cart_operator(info, cart):
        raise PermissionDenied()


def require_location_access(info, location, permission: str) -> None:
    """Staff with the permission anywhere, an operator at her own carts' locations."""
    if location is None or not can_see_location(info, location, permission):
        raise PermissionDenied()


# Queries: a GraphQL error on the field.


def query_requires_permission(info, permission: str) -> None:
    """Unless the signed-in staff member holds the model permission."""
    if not has_permission(user_of(info), permission):
        raise permission_error()


def query_cart(info, code: str, permission: str):
    """For query fields about one cart by code: the cart, if its operator or staff with the
    permission asks. Only such staff learn that a code does not exist (NOT_FOUND); everyone else is
    refused alike."""
    cart = Cart.objects.select_related("location", "site").filter(code=code).first()
    if cart is not None and can_see_cart(info, cart, permission):
        return cart
    if cart is None and has_permission(user_of(info), permission):
        raise GraphQLError(f"No cart with the code {code!r}.", extensions={"code": "NOT_FOUND"})
    raise permission_error()


# Types not everyone may read (one artisan's money, payee or bank details; the programme's books),
# checked by the type itself.


@dataclass(frozen=True)
class ReadRule:
    """Who reads an object of a private type: staff holding any of `permissions`, or the artisan
    the object is about (`owner(root)` -> her artisan pk; None: nobody's but staff's)."""

    permissions: tuple[str, ...]
    owner: Callable | None = None


class Owned:
    """A value handed on as one artisan's (her balance, a line of her statement, the run of her
    payout): reads as the value itself, and says whose it is for the types' own checks.

    Made only by resolvers of objects already checked to be readable, for what they lead to."""

    __slots__ = ("owned", "owner_artisan_id")

    def __init__(self, value, *, artisan_id: int):
        self.owned = value
        self.owner_artisan_id = artisan_id

    def __getattr__(self, name):
        return getattr(self.owned, name)


def owned_value(root):
    """The object behind an Owned wrapper (or the object itself)."""
    return root.owned if isinstance(root, Owned) else root


def readable_by(*permissions: str, owner: Callable | None = None):
    """Class decorator for a graphene type not everyone may read: each of its fields answers only
    staff holding one of the permissions and the artisan the object is about, if any
    (guard_readable_types puts the check into the built schema's resolvers)."""

    def mark(graphene_type):
        graphene_type.read_rule = ReadRule(permissions=permissions, owner=owner)
        return graphene_type

    return mark


def may_read(info, root, rule: ReadRule) -> bool:
    if has_any_permission(user_of(info), rule.permissions):
        return True
    own = own_artisan_id(info)
    if own is None:
        return False
    if isinstance(root, Owned):
        return root.owner_artisan_id == own
    return rule.owner is not None and rule.owner(root) == own


def _guarded(resolve, rule: ReadRule, type_name: str):
    def resolve_if_readable(root, info, **args):
        if not may_read(info, root, rule):
            raise permission_error(f"This {type_name} is not yours to see.")
        return resolve(root, info, **args)

    return resolve_if_readable


def readable_types(schema) -> dict[str, ReadRule]:
    """{type name: its rule} of the types of a built graphene schema marked readable_by."""
    rules = {}
    for name, graphql_type in schema.graphql_schema.type_map.items():
        rule = getattr(getattr(graphql_type, "graphene_type", None), "read_rule", None)
        if isinstance(graphql_type, GraphQLObjectType) and rule is not None:
            rules[name] = rule
    return rules


def guard_readable_types(schema) -> None:
    """Wrap every field resolver of each readable_by type of a built graphene schema in its
    rule's check, so the type refuses a reader wherever a query reaches it from."""
    graphql_schema = schema.graphql_schema
    for name, rule in readable_types(schema).items():
        for field in graphql_schema.get_type(name).fields.values():
            field.resolve = _guarded(field.resolve or default_field_resolver, rule, name)
