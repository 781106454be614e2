import graphene

from api.catalog.inputs import ProductInput, product_fields
from api.catalog.types import Product
from api.core.mutations import BaseMutation
from api.core.nodes import instance_from_id
from api.core.permissions import require_permission
from catalog import models
from catalog.services import product_update


class ProductUpdate(BaseMutation):
    """Change a product; variants are matched by SKU (new ones added, none removed). Staff with
    catalog.change_product (and catalog.add_variant and catalog.change_variant to send variants)."""

    class Arguments:
        id = graphene.ID(required=True)
        input = ProductInput(required=True)

    product = graphene.Field(Product)

    permissions = ("catalog.change_product",)

    @classmethod
    def perform(cls, info, *, id, input):
        if input.get("variants") is not None:
            require_permission(info, "catalog.add_variant", "catalog.change_variant")
        product = instance_from_id(id, Product, models.Product.objects.all(), field="id")
        return cls(product=product_update(product=product, **product_fields(input)))
