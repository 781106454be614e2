import graphene

from api.artisans.types import Artisan
from api.core.mutations import BaseMutation
from api.core.nodes import instance_from_id
from api.inventory.inputs import StockLineInput, location_of, variants_of
from api.inventory.types import Intake
from artisans import models as artisan_models
from inventory.services import LineQuantity, intake_create


class IntakeCreateInput(graphene.InputObjectType):
    artisan = graphene.ID(required=True)
    location = graphene.ID(description="Where the pieces go; the base when left out.")
    lines = graphene.List(graphene.NonNull(StockLineInput), required=True)
    note = graphene.String(default_value="")
    idempotency_key = graphene.String(description="A retry with the same key returns the first intake.")


class IntakeCreate(BaseMutation):
    """Record pieces an artisan hands over on consignment. Staff with inventory.add_intake."""

    class Arguments:
        input = IntakeCreateInput(required=True)

    intake = graphene.Field(Intake)

    permissions = ("inventory.add_intake",)

    @classmethod
    def perform(cls, info, *, input):
        artisan = instance_from_id(
            input.artisan, Artisan, artisan_models.Artisan.objects.all(), field="artisan"
        )
        location = location_of(input.location, field="location") if input.location is not None else None
        variants = variants_of(input.lines)
        intake = intake_create(
            artisan=artisan,
            location=location,
            lines=[
                LineQuantity(variant=variant, quantity=line.quantity)
                for line, variant in zip(input.lines, variants, strict=True)
            ],
            actor=info.context.user,
            note=input.note or "",
            idempotency_key=input.idempotency_key,
        )
        return cls(intake=intake)
