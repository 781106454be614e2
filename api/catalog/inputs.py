"""Input types shared by productCreate and productUpdate, and their translation to service calls."""

import graphene

from api.artisans.types import Artisan
from api.catalog.types import Category
from api.core.errors import camel
from api.core.nodes import instance_from_id, instances_from_ids
from api.core.scalars import Fen
from artisans import models as artisan_models
from catalog import models
from catalog.services import VariantInput
from core.errors import ValidationFailed


class ProductVariantInput(graphene.InputObjectType):
    sku = graphene.String(required=True)
    name_zh = graphene.String(default_value="")
    name_en = graphene.String(default_value="")
    price_fen = Fen(required=True, description="Price in fen (1/100 yuan).")
    artisan = graphene.ID(required=True, description="The artisan who makes this variant.")
    sort_order = graphene.Int(default_value=0)


class ProductInput(graphene.InputObjectType):
    slug = graphene.String()
    name_zh = graphene.String()
    name_en = graphene.String()
    description_zh = graphene.String()
    description_en = graphene.String()
    category = graphene.ID()
    is_published = graphene.Boolean()
    is_one_of_a_kind = graphene.Boolean()
    variants = graphene.List(
        graphene.NonNull(ProductVariantInput),
        description="By SKU: new SKUs are added, existing ones changed; none is removed.",
    )


class ProductCreateInput(ProductInput):
    slug = graphene.String(required=True)
    name_zh = graphene.String(required=True)
    name_en = graphene.String(required=True)
    category = graphene.ID(required=True)
    variants = graphene.List(graphene.NonNull(ProductVariantInput), required=True)


def product_fields(data: dict) -> dict:
    """The service's keyword arguments for the fields present in a product input."""
    fields = {}
    for name, value in data.items():
        if value is None:
            raise ValidationFailed("This field cannot be null.", field=camel(name), code="REQUIRED")
        if name == "category":
            value = instance_from_id(value, Category, models.Category.objects.all(), field="category")
        elif name == "variants":
            value = variant_inputs(value)
        fields[name] = value
    return fields


def variant_inputs(lines) -> list[VariantInput]:
    artisans = instances_from_ids(
        [line.artisan for line in lines], Artisan, artisan_models.Artisan.objects.all(), field="variants"
    )
    return [
        VariantInput(
            sku=line.sku,
            price_fen=line.price_fen,
            artisan=artisan,
            name_zh=line.name_zh or "",
            name_en=line.name_en or "",
            sort_order=line.sort_order if line.sort_order is not None else 0,
        )
        for line, artisan in zip(lines, artisans, strict=True)
    ]
