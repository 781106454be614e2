"""Who may do what. Roles: staff (user.is_staff), operator (user.operator, bound to her carts),
artisan (user.artisan, bound to herself) and the anonymous tourist.

Queries that are not public answer a GraphQL error with the code PERMISSION_DENIED (the field is
null); mutations answer the typed error of the same code.
"""

from django.core.exceptions import ObjectDoesNotExist
from graphql import GraphQLError

from carts.models import Cart
from core.errors import PermissionDenied

PERMISSION_DENIED = "PERMISSION_DENIED"


def user_of(info):
    return info.context.user


def is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def is_artisan_self(user, artisan) -> bool:
    return bool(user and user.is_authenticated and artisan.user_id is not None and artisan.user_id == user.pk)


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
    cached = getattr(request, "_gongfang_operator_carts", None)
    if cached is not None:
        return cached
    user = request.user
    pairs = []
    if user and user.is_authenticated and user.is_active:
        # Through the operator's row in one query (no separate look-up of user.operator).
        pairs = list(Cart.objects.filter(operators__user=user).values_list("pk", "location_id"))
    cached = (frozenset(pk for pk, _ in pairs), frozenset(location for _, location in pairs))
    request._gongfang_operator_carts = cached
    return cached


def operator_cart_ids(info) -> frozenset[int]:
    """The carts the signed-in operator works (empty for everyone else)."""
    return _operator_carts(info)[0]


def operator_location_ids(info) -> frozenset[int]:
    """The locations of the carts the signed-in operator works (empty for everyone else)."""
    return _operator_carts(info)[1]


def can_see_location(info, location) -> bool:
    return is_staff(user_of(info)) or location.pk in operator_location_ids(info)


def is_cart_operator(info, cart) -> bool:
    """She is signed in as an operator assigned to this cart (staff alone are not)."""
    return cart.pk in operator_cart_ids(info)


def can_see_cart(info, cart) -> bool:
    return is_staff(user_of(info)) or is_cart_operator(info, cart)


def permission_error(message: str = "You do not have permission to see this.") -> GraphQLError:
    return GraphQLError(message, extensions={"code": PERMISSION_DENIED})


def require_staff(info) -> None:
    """For mutations: the typed PERMISSION_DENIED error unless a staff member is signed in."""
    if not is_staff(user_of(info)):
        raise PermissionDenied()


def require_staff_or_operator(info) -> None:
    """For mutations open to operators: refuse everyone else before any input is looked up, so
    an anonymous caller learns nothing about which IDs exist."""
    if not (is_staff(user_of(info)) or operator_of(user_of(info)) is not None):
        raise PermissionDenied()


def require_cart_operator(info, cart) -> None:
    """For mutations: the typed PERMISSION_DENIED error unless she operates this cart."""
    if cart is None or not is_cart_operator(info, cart):
        raise PermissionDenied()


def require_location_access(info, location) -> None:
    """For stock mutations: staff anywhere, an operator at her own carts' locations."""
    if location is None or not can_see_location(info, location):
        raise PermissionDenied()


def query_requires_staff(info) -> None:
    """For query fields: a GraphQL error unless a staff member is signed in."""
    if not is_staff(user_of(info)):
        raise permission_error()


def query_cart(info, code: str):
    """For query fields about one cart by code: the cart, if staff or its operator asks.

    Only staff learn that a code does not exist (NOT_FOUND); everyone else is refused alike.
    """
    cart = Cart.objects.select_related("location", "site").filter(code=code).first()
    if cart is not None and can_see_cart(info, cart):
        return cart
    if cart is None and is_staff(user_of(info)):
        raise GraphQLError(f"No cart with the code {code!r}.", extensions={"code": "NOT_FOUND"})
    raise permission_error()
