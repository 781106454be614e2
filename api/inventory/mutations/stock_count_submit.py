import graphene

from api.core.mutations import BaseMutation
from api.core.nodes import pk_from_id
from api.core.permissions import (
    has_permission,
    require_location_access,
    require_permission_or_operator,
)
from api.inventory.inputs import StockCountLineInput, location_of, variants_of
from api.inventory.types import Location, StockCount, VarianceReport
from inventory import models
from inventory.selectors import count_variance_report
from inventory.services import CountedLine, stock_count_submit


class StockCountInput(graphene.InputObjectType):
    location = graphene.ID(required=True)
    lines = graphene.List(graphene.NonNull(StockCountLineInput), required=True)
    note = graphene.String(default_value="")
    idempotency_key = graphene.String(description="A retry with the same key returns the first count.")


class StockCountSubmit(BaseMutation):
    """Submit a physical count; each variance against the books becomes a correcting movement. Staff
    with inventory.add_stockcount, or the operator of the cart counted."""

    class Arguments:
        input = StockCountInput(required=True)

    stock_count = graphene.Field(StockCount)
    variance_report = graphene.Field(VarianceReport)

    staff_only = False
    permission = "inventory.add_stockcount"

    @classmethod
    def perform(cls, info, *, input):
        require_permission_or_operator(info, cls.permission)
        if has_permission(info.context.user, cls.permission):
            location = location_of(input.location, field="location")
        else:
            # An operator is refused alike for someone else's location and for an unknown one.
            pk = pk_from_id(input.location, Location)
            location = models.Location.objects.filter(pk=pk).first() if pk is not None else None
            require_location_access(info, location, cls.permission)
        variants = variants_of(input.lines)
        count = stock_count_submit(
            location=location,
            lines=[
                CountedLine(variant=variant, counted=line.counted)
                for line, variant in zip(input.lines, variants, strict=True)
            ],
            actor=info.context.user,
            note=input.note or "",
            idempotency_key=input.idempotency_key,
        )
        if count.location_id != location.pk:
            # A replayed key answers the first count, wherever it was: not someone else's to an operator.
            require_location_access(info, count.location, cls.permission)
        return cls(stock_count=count, variance_report=count_variance_report(count=count))
