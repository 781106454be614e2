import graphene

from api.artisans.inputs import AGREEMENT_ERROR_FIELDS, ArtisanCreateInput, agreement_terms, artisan_fields
from api.artisans.types import Artisan
from api.core.mutations import BaseMutation
from artisans.services import artisan_create


class ArtisanCreate(BaseMutation):
    """Register an artisan and, when given, her first agreement. Staff only."""

    class Arguments:
        input = ArtisanCreateInput(required=True)

    artisan = graphene.Field(Artisan)

    error_fields = AGREEMENT_ERROR_FIELDS

    @classmethod
    def perform(cls, info, *, input):
        agreement = input.get("agreement")
        artisan = artisan_create(
            **artisan_fields(input),
            agreement=agreement_terms(agreement) if agreement is not None else None,
        )
        return cls(artisan=artisan)
