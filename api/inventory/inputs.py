"""Input types of the stock mutations and their translation to the services' line types."""

import graphene

from api.catalog.types import ProductVariant
from api.core.nodes import instance_from_id, instances_from_ids
from api.inventory.types import Location
from catalog.models import Variant
from inventory import models


class StockLineInput(graphene.InputObjectType):
    variant = graphene.ID(required=True)
    quantity = graphene.Int(required=True)


class TransferReceiveLineInput(graphene.InputObjectType):
    variant = graphene.ID(required=True)
    quantity_received = graphene.Int(required=True, description="What arrived; 0 when none did.")
    note = graphene.String(default_value="", description="Why it differs from what was sent.")


class StockCountLineInput(graphene.InputObjectType):
    variant = graphene.ID(required=True)
    counted = graphene.Int(required=True)


def variants_of(lines, *, field: str = "lines") -> list[Variant]:
    """The variants of input lines, in their order, in one query; NOT_FOUND on `lines` otherwise."""
    return instances_from_ids(
        [line.variant for line in lines],
        ProductVariant,
        Variant.objects.select_related("product"),
        field=field,
    )


def location_of(global_id, *, field: str) -> models.Location:
    return instance_from_id(global_id, Location, models.Location.objects.all(), field=field)
