import graphene

from api.artisans.inputs import AGREEMENT_ERROR_FIELDS, ArtisanCreateInput, agreement_terms, artisan_fields
from api.artisans.types import Artisan
from api.core.mutations import BaseMutation
from api.core.permissions import require_permission
from artisans.services import artisan_create


class ArtisanCreate(BaseMutation):
    """Register an artisan and, when given, her first agreement. Staff with artisans.add_artisan (and
    artisans.add_agreement for the agreement)."""

    class Arguments:
        input = ArtisanCreateInput(required=True)

    artisan = graphene.Field(Artisan)

    permissions = ("artisans.add_artisan",)
    error_fields = AGREEMENT_ERROR_FIELDS

    @classmethod
    def perform(cls, info, *, input):
        agreement = input.get("agreement")
        if agreement is not None:
            require_permission(info, "artisans.add_agreement")
        artisan = artisan_create(
            **artisan_fields(input),
            agreement=agreement_terms(agreement) if agreement is not None else None,
        )
        return cls(artisan=artisan)
