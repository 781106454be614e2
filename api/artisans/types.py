import graphene

from api.core.connections import CountableConnection
from api.core.permissions import has_permission, is_artisan_self, readable_by
from api.core.types import Image
from artisans import models

County = graphene.Enum.from_enum(models.County, description="The county or city an artisan works in.")


class Workshop(graphene.ObjectType):
    """A cooperative or company some artisans belong to."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    name = graphene.String(required=True)
    name_zh = graphene.String(required=True)
    name_en = graphene.String(required=True)
    county = graphene.Field(County, required=True)


@readable_by("artisans.view_agreement")
class Agreement(graphene.ObjectType):
    """Consignment terms from valid_from on: how each paid amount is split, in basis points."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    valid_from = graphene.Date(required=True)
    artisan_bp = graphene.Int(required=True)
    operator_bp = graphene.Int(required=True)
    programme_bp = graphene.Int(required=True)
    note = graphene.String(required=True)


class Artisan(graphene.ObjectType):
    """A woman who makes pieces and consigns them to the programme."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    code = graphene.String(required=True)
    name = graphene.String(required=True, description="Chinese name, or the Latin one for English readers.")
    name_zh = graphene.String(required=True)
    name_latin = graphene.String(required=True)
    county = graphene.Field(County, required=True)
    workshop = graphene.Field(Workshop)
    craft = graphene.String(required=True)
    craft_zh = graphene.String(required=True)
    craft_en = graphene.String(required=True)
    story = graphene.String(required=True)
    story_zh = graphene.String(required=True)
    story_en = graphene.String(required=True)
    heritage_inheritor = graphene.Boolean(required=True, description="An intangible-heritage inheritor.")
    is_active = graphene.Boolean(required=True)
    photo = graphene.Field(Image, size=graphene.Int(default_value=160))
    phone = graphene.String(
        description="Staff with artisans.view_artisan and the artisan herself only; null for everyone else."
    )
    agreements = graphene.List(
        graphene.NonNull(Agreement),
        description="Staff with artisans.view_agreement only (null for others), newest first.",
    )

    @staticmethod
    def resolve_photo(root, info, size):
        return Image.of(info, root.photo, size) if root.photo_id else None

    @staticmethod
    def resolve_phone(root, info):
        user = info.context.user
        return (
            root.phone
            if has_permission(user, "artisans.view_artisan") or is_artisan_self(user, root)
            else None
        )

    @staticmethod
    def resolve_agreements(root, info):
        if not has_permission(info.context.user, "artisans.view_agreement"):
            return None
        # Prefetched, newest first, by the artisans query; a single artisan reads hers here.
        return sorted(root.agreements.all(), key=lambda agreement: agreement.valid_from, reverse=True)


class ArtisanConnection(CountableConnection):
    class Meta:
        node = Artisan
