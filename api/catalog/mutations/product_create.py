import graphene

from api.catalog.inputs import ProductCreateInput, product_fields
from api.catalog.types import Product
from api.core.mutations import BaseMutation
from catalog.services import product_create


class ProductCreate(BaseMutation):
    """Create a product with its variants (at least one). Staff with catalog.add_product and
    catalog.add_variant."""

    class Arguments:
        input = ProductCreateInput(required=True)

    product = graphene.Field(Product)

    permissions = ("catalog.add_product", "catalog.add_variant")

    @classmethod
    def perform(cls, info, *, input):
        return cls(product=product_create(**product_fields(input)))
