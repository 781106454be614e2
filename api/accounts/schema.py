import graphene

from api.accounts.mutations.token_create import TokenCreate
from api.accounts.types import User


class AccountQueries(graphene.ObjectType):
    me = graphene.Field(User, description="The signed-in user; null for anonymous callers.")

    @staticmethod
    def resolve_me(root, info):
        user = info.context.user
        return user if user.is_authenticated else None


class AccountMutations(graphene.ObjectType):
    token_create = TokenCreate.Field()
