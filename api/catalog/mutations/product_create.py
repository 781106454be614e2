import graphene

from api.catalog.inputs import ProductCreateInput, product_fields
from api.catalog.types import Product
from api.core.mutations import BaseMutation
from catalog.services import product_create


class ProductCreate(BaseMutation):
    """Create a product with its variants (at least one). Staff only."""

    class Arguments:
        input = ProductCreateInput(required=True)

    product = graphene.Field(Product)

    @classmethod
    def perform(cls, info, *, input):
        return cls(product=product_create(**product_fields(input)))
