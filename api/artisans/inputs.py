"""Input types shared by artisanCreate and artisanUpdate, and their translation to service calls."""

import graphene

from api.artisans.types import County, Workshop
from api.core.errors import camel
from api.core.nodes import instance_from_id
from artisans import models
from artisans.services import AgreementTerms
from core.errors import ValidationFailed

# agreement_create names its faults "shares" and "validFrom"; in these inputs they sit under agreement.
AGREEMENT_ERROR_FIELDS = {"shares": "agreement", "validFrom": "agreement.validFrom"}


class AgreementInput(graphene.InputObjectType):
    valid_from = graphene.Date(required=True)
    artisan_bp = graphene.Int(required=True, description="The artisan's share in basis points (1/10,000).")
    operator_bp = graphene.Int(required=True, description="The cart operator's commission.")
    programme_bp = graphene.Int(required=True, description="The programme fund's share.")


class ArtisanInput(graphene.InputObjectType):
    code = graphene.String()
    name_zh = graphene.String()
    name_latin = graphene.String()
    county = County()
    workshop = graphene.ID(description="A workshop's ID; null for none.")
    craft_zh = graphene.String()
    craft_en = graphene.String()
    story_zh = graphene.String()
    story_en = graphene.String()
    phone = graphene.String()
    heritage_inheritor = graphene.Boolean()


class ArtisanCreateInput(ArtisanInput):
    code = graphene.String(required=True)
    name_zh = graphene.String(required=True)
    name_latin = graphene.String(required=True)
    county = County(required=True)
    agreement = AgreementInput(description="Her first consignment terms.")


class ArtisanUpdateInput(ArtisanInput):
    is_active = graphene.Boolean()
    agreement = AgreementInput(description="New terms from their validFrom on; earlier ones stay.")


# Fields that may be left out but not set to null.
_NOT_NULL = frozenset(
    {"code", "name_zh", "name_latin", "county", "craft_zh", "craft_en", "story_zh", "story_en", "phone"}
    | {"heritage_inheritor", "is_active"}
)


def artisan_fields(data: dict) -> dict:
    """The service's keyword arguments for the fields present in an artisan input (not agreement)."""
    fields = {}
    for name, value in data.items():
        if name == "agreement":
            continue
        if value is None and name in _NOT_NULL:
            raise ValidationFailed("This field cannot be null.", field=camel(name), code="REQUIRED")
        if name == "workshop":
            value = (
                None
                if value is None
                else instance_from_id(value, Workshop, models.Workshop.objects.all(), field="workshop")
            )
        elif name == "county":
            value = getattr(value, "value", value)
        fields[name] = value
    return fields


def agreement_terms(data) -> AgreementTerms:
    return AgreementTerms(
        valid_from=data.valid_from,
        artisan_bp=data.artisan_bp,
        operator_bp=data.operator_bp,
        programme_bp=data.programme_bp,
    )
