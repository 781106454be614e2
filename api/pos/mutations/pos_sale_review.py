"""What posSaleApprove and posSaleVoid share: the held sale by its ID, the permission, the service."""

import graphene

from api.core.mutations import BaseMutation
from api.core.nodes import instance_from_id
from api.pos.types_review import PosSale
from carts.selectors_review import pos_sale_for_review, pos_sales_review
from carts.services import pos_sale_review


class PosSaleDecide(BaseMutation):
    class Meta:
        abstract = True

    pos_sale = graphene.Field(PosSale)

    # The permission the admin's review queue checks.
    permissions = ("carts.review_possale",)
    decision: str = ""

    @classmethod
    def perform(cls, info, *, id, note=""):
        sale = instance_from_id(id, PosSale, pos_sales_review(status=None), field="id")
        pos_sale_review(sale=sale, decision=cls.decision, actor=info.context.user, note=note or "")
        return cls(pos_sale=pos_sale_for_review(pk=sale.pk))
