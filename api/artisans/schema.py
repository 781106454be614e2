import graphene
from graphql import GraphQLError

from api.artisans.mutations.artisan_create import ArtisanCreate
from api.artisans.mutations.artisan_update import ArtisanUpdate
from api.artisans.types import Artisan, ArtisanConnection, Workshop
from api.core.connections import paginate
from api.core.nodes import pk_from_id
from api.core.permissions import has_permission
from artisans import models, selectors
from core.errors import NotFound


class ArtisanFilterInput(graphene.InputObjectType):
    search = graphene.String(description="Part of either name or the code.")
    workshop = graphene.ID()


class ArtisanQueries(graphene.ObjectType):
    artisans = graphene.relay.ConnectionField(
        ArtisanConnection,
        filter=ArtisanFilterInput(),
        description="Artisans by code: active ones for the public, all of them for staff with "
        "artisans.view_artisan.",
    )
    artisan = graphene.Field(
        Artisan, id=graphene.ID(), code=graphene.String(), description="One artisan, by ID or code."
    )

    @staticmethod
    def resolve_artisans(root, info, filter=None, **args):
        filter = filter or {}
        workshop = None
        if filter.get("workshop") is not None:
            workshop = models.Workshop.objects.filter(pk=pk_from_id(filter["workshop"], Workshop)).first()
            if workshop is None:
                raise GraphQLError("No workshop with this ID.", extensions={"code": "NOT_FOUND"})
        artisans = selectors.artisan_list(search=filter.get("search"), workshop=workshop)
        user = info.context.user
        if not has_permission(user, "artisans.view_artisan"):
            artisans = artisans.filter(is_active=True)
        if has_permission(user, "artisans.view_agreement"):
            artisans = artisans.prefetch_related("agreements")
        return paginate(artisans, args, ArtisanConnection)

    @staticmethod
    def resolve_artisan(root, info, id=None, code=None):
        if (id is None) == (code is None):
            raise GraphQLError("Give either `id` or `code`.", extensions={"code": "INVALID"})
        pk = pk_from_id(id, Artisan) if id is not None else None
        if id is not None and pk is None:
            return None
        try:
            artisan = selectors.artisan_get(code=code) if code is not None else selectors.artisan_get(pk=pk)
        except NotFound:
            return None
        if not artisan.is_active and not has_permission(info.context.user, "artisans.view_artisan"):
            return None
        return artisan


class ArtisanMutations(graphene.ObjectType):
    artisan_create = ArtisanCreate.Field()
    artisan_update = ArtisanUpdate.Field()
