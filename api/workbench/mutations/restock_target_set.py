"""restockTargetSet: the days of cover the restock plan aims at for one cart, as the restock page sets
them (docs/restock.md). Staff with inventory.add_transfer, the page's permission."""

import graphene

from api.core.mutations import BaseMutation
from carts.models import Cart
from core.errors import NotFound
from workbench.services import restock_target_set


class RestockTarget(graphene.ObjectType):
    cart_code = graphene.String(required=True)
    cover_days = graphene.Int(required=True)

    @staticmethod
    def resolve_cart_code(root, info):
        return root.cart.code


class RestockTargetSet(BaseMutation):
    """Set a cart's target days of cover (1 to 60): restockSuggestions plans for them from now on."""

    class Arguments:
        cart = graphene.String(required=True, description="The cart's code.")
        cover_days = graphene.Int(required=True)

    target = graphene.Field(RestockTarget)

    permissions = ("inventory.add_transfer",)
    error_fields = {"cover_days": "coverDays"}

    @classmethod
    def perform(cls, info, *, cart, cover_days):
        found = Cart.objects.filter(code=cart).first()
        if found is None:
            raise NotFound(f"No cart with the code {cart!r}.", field="cart")
        return cls(target=restock_target_set(cart=found, cover_days=cover_days, actor=info.context.user))
