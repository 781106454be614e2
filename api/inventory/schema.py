import graphene
from graphql import GraphQLError

from api.core.connections import paginate
from api.core.nodes import pk_from_id
from api.core.permissions import (
    can_see_location,
    has_permission,
    operator_location_ids,
    operator_of,
    permission_error,
)
from api.inventory.mutations.intake_create import IntakeCreate
from api.inventory.mutations.stock_adjust import StockAdjust
from api.inventory.mutations.stock_count_submit import StockCountSubmit
from api.inventory.mutations.transfer_create import TransferCreate
from api.inventory.mutations.transfer_receive import TransferReceive
from api.inventory.types import Location, LocationConnection
from inventory import models

VIEW_LOCATION = "inventory.view_location"


class InventoryQueries(graphene.ObjectType):
    locations = graphene.relay.ConnectionField(
        LocationConnection,
        description="The base and the carts. Staff with inventory.view_location see all; an operator sees "
        "her own carts' locations.",
    )
    location = graphene.Field(
        Location,
        id=graphene.ID(),
        code=graphene.String(),
        description="One location with its stock lines, by ID or code: staff with inventory.view_location, "
        "or the cart's operator.",
    )

    @staticmethod
    def resolve_locations(root, info, **args):
        user = info.context.user
        locations = models.Location.objects.order_by("kind", "code")
        if not has_permission(user, VIEW_LOCATION):
            if operator_of(user) is None:
                raise permission_error()
            locations = locations.filter(pk__in=operator_location_ids(info))
        return paginate(locations, args, LocationConnection)

    @staticmethod
    def resolve_location(root, info, id=None, code=None):
        if (id is None) == (code is None):
            raise GraphQLError("Give either `id` or `code`.", extensions={"code": "INVALID"})
        lookup = {"code": code} if code is not None else {"pk": pk_from_id(id, Location)}
        location = models.Location.objects.filter(**lookup).first() if None not in lookup.values() else None
        if location is None:
            # Only staff learn that a location does not exist; everyone else is refused alike.
            if has_permission(info.context.user, VIEW_LOCATION):
                return None
            raise permission_error()
        if not can_see_location(info, location, VIEW_LOCATION):
            raise permission_error()
        return location


class InventoryMutations(graphene.ObjectType):
    intake_create = IntakeCreate.Field()
    transfer_create = TransferCreate.Field()
    transfer_receive = TransferReceive.Field()
    stock_count_submit = StockCountSubmit.Field()
    stock_adjust = StockAdjust.Field()
