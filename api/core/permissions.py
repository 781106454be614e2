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


def operator_location_ids(info) -> frozenset[int]:
    """The locations of the carts the signed-in operator works (empty for everyone else).

    Asked once per request: a list of locations checks each row against the same set.
    """
    request = info.context
    cached = getattr(request, "_gongfang_operator_locations", None)
    if cached is not None:
        return cached
    user = request.user
    ids = frozenset()
    if user.is_authenticated and user.is_active:
        try:
            operator = user.operator
        except ObjectDoesNotExist:
            operator = None
        if operator is not None:
            ids = frozenset(Cart.objects.filter(operators=operator).values_list("location_id", flat=True))
    request._gongfang_operator_locations = ids
    return ids


def can_see_location(info, location) -> bool:
    return is_staff(user_of(info)) or location.pk in operator_location_ids(info)


def permission_error(message: str = "You do not have permission to see this.") -> GraphQLError:
    return GraphQLError(message, extensions={"code": PERMISSION_DENIED})


def require_staff(info) -> None:
    """For mutations: the typed PERMISSION_DENIED error unless a staff member is signed in."""
    if not is_staff(user_of(info)):
        raise PermissionDenied()


def query_requires_staff(info) -> None:
    """For query fields: a GraphQL error unless a staff member is signed in."""
    if not is_staff(user_of(info)):
        raise permission_error()
