import graphene
from django.core.exceptions import ObjectDoesNotExist


class User(graphene.ObjectType):
    """The signed-in user: staff, a cart operator or an artisan."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    username = graphene.String(required=True)
    email = graphene.String(required=True)
    display_name = graphene.String(required=True)
    preferred_language = graphene.String(required=True)
    is_staff = graphene.Boolean(required=True)
    is_operator = graphene.Boolean(required=True, description="Works one or more carts.")
    artisan = graphene.Field("api.artisans.types.Artisan", description="Her artisan record, if she is one.")

    @staticmethod
    def resolve_display_name(root, info):
        return str(root)

    @staticmethod
    def resolve_is_operator(root, info):
        try:
            return root.operator is not None
        except ObjectDoesNotExist:
            return False

    @staticmethod
    def resolve_artisan(root, info):
        try:
            return root.artisan
        except ObjectDoesNotExist:
            return None
