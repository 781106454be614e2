import graphene

from api.catalog.inputs import ProductInput, product_fields
from api.catalog.types import Product
from api.core.mutations import BaseMutation
from api.core.nodes import instance_from_id
from catalog import models
from catalog.services import product_update


class ProductUpdate(BaseMutation):
    """Change a product; variants are matched by SKU (new ones added, none removed). Staff only."""

    class Arguments:
        id = graphene.ID(required=True)
        input = ProductInput(required=True)

    product = graphene.Field(Product)

    @classmethod
    def perform(cls, info, *, id, input):
        product = instance_from_id(id, Product, models.Product.objects.all(), field="id")
        return cls(product=product_update(product=product, **product_fields(input)))
