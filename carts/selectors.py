"""Reads for sites, carts and operators."""

from django.db.models import QuerySet

from carts.models import Cart


def carts_for_user(user) -> QuerySet[Cart]:
    """The active carts this user may act on: every cart for staff, her own for an operator, else none."""
    carts = Cart.objects.filter(is_active=True).select_related("site", "location").order_by("code")
    if user is None or not user.is_authenticated or not user.is_active:
        return carts.none()
    if user.is_staff:
        return carts
    return carts.filter(operators__user=user).distinct()
