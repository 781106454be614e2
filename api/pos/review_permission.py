"""Who may review held cart sales: the Django permission the admin's review queue checks
(carts.review_possale), not is_staff. (api.core.permissions has no permission helper yet: checked
here with user.has_perm.)"""

from api.core.permissions import permission_error, user_of
from core.errors import PermissionDenied

REVIEW_PERMISSION = "carts.review_possale"


def can_review(info) -> bool:
    user = user_of(info)
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(REVIEW_PERMISSION))


def require_review(info) -> None:
    """For mutations: the typed PERMISSION_DENIED error."""
    if not can_review(info):
        raise PermissionDenied()


def query_requires_review(info) -> None:
    """For query fields: a PERMISSION_DENIED GraphQL error."""
    if not can_review(info):
        raise permission_error()
