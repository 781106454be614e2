import graphene

from api.artisans.inputs import AGREEMENT_ERROR_FIELDS, ArtisanUpdateInput, agreement_terms, artisan_fields
from api.artisans.types import Artisan
from api.core.mutations import BaseMutation
from api.core.nodes import instance_from_id
from api.core.permissions import require_permission
from artisans import models
from artisans.services import agreement_create, artisan_update


class ArtisanUpdate(BaseMutation):
    """Change an artisan's details; an agreement given adds new terms from its validFrom on. Staff with
    artisans.change_artisan (and artisans.add_agreement for new terms)."""

    class Arguments:
        id = graphene.ID(required=True)
        input = ArtisanUpdateInput(required=True)

    artisan = graphene.Field(Artisan)

    permissions = ("artisans.change_artisan",)
    error_fields = AGREEMENT_ERROR_FIELDS

    @classmethod
    def perform(cls, info, *, id, input):
        if input.get("agreement") is not None:
            require_permission(info, "artisans.add_agreement")
        artisan = instance_from_id(id, Artisan, models.Artisan.objects.all(), field="id")
        artisan = artisan_update(artisan=artisan, **artisan_fields(input))
        agreement = input.get("agreement")
        if agreement is not None:
            terms = agreement_terms(agreement)
            agreement_create(
                artisan=artisan,
                valid_from=terms.valid_from,
                artisan_bp=terms.artisan_bp,
                operator_bp=terms.operator_bp,
                programme_bp=terms.programme_bp,
            )
        return cls(artisan=artisan)
