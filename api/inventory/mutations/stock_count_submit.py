import graphene

from api.core.mutations import BaseMutation
from api.inventory.inputs import StockCountLineInput, location_of, variants_of
from api.inventory.types import StockCount, VarianceReport
from inventory.selectors import count_variance_report
from inventory.services import CountedLine, stock_count_submit


class StockCountInput(graphene.InputObjectType):
    location = graphene.ID(required=True)
    lines = graphene.List(graphene.NonNull(StockCountLineInput), required=True)
    note = graphene.String(default_value="")
    idempotency_key = graphene.String(description="A retry with the same key returns the first count.")


class StockCountSubmit(BaseMutation):
    """Submit a physical count; each variance against the books becomes a correcting movement. Staff only."""

    class Arguments:
        input = StockCountInput(required=True)

    stock_count = graphene.Field(StockCount)
    variance_report = graphene.Field(VarianceReport)

    @classmethod
    def perform(cls, info, *, input):
        location = location_of(input.location, field="location")
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
        return cls(stock_count=count, variance_report=count_variance_report(count=count))
