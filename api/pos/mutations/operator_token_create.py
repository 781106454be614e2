import graphene
from django.core.cache import cache

from api.accounts.types import User
from api.core.errors import Error, ErrorCode
from api.core.mutations import BaseMutation
from api.core.tokens import token_for
from api.pos.types import Cart
from carts.selectors import carts_for_user
from carts.services import operator_authenticate
from core.errors import PermissionDenied

# A PIN has only 10,000 to 1,000,000 values: after this many wrong ones a username is refused for a
# while without checking. Kept in Django's cache (per process unless a shared cache is configured).
MAX_FAILURES = 10
LOCKOUT_SECONDS = 15 * 60
LOCKED_OUT = "Too many wrong PINs: try again in 15 minutes. 错误次数过多，请 15 分钟后再试。"


class OperatorTokenCreate(BaseMutation):
    """A cart operator signs in on the tablet with her username and PIN; answers a bearer token for
    `Authorization: Bearer <token>` and the carts she works (the tablet is bound to one of them)."""

    class Arguments:
        username = graphene.String(required=True)
        pin = graphene.String(required=True, description="4 to 6 digits.")

    token = graphene.String()
    user = graphene.Field(User)
    carts = graphene.List(graphene.NonNull(Cart), required=True, description="Her active carts.")

    staff_only = False

    @classmethod
    def perform(cls, info, *, username, pin):
        username = username.strip()
        key = f"gongfang:pin-failures:{username.lower()}"
        if cache.get(key, 0) >= MAX_FAILURES:
            return cls(errors=[Error(field="pin", code=ErrorCode.INVALID_CREDENTIALS, message=LOCKED_OUT)])
        try:
            operator = operator_authenticate(username=username, pin=pin)
        except PermissionDenied:
            cache.add(key, 0, LOCKOUT_SECONDS)
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, LOCKOUT_SECONDS)
            raise
        cache.delete(key)
        user = operator.user
        return cls(token=token_for(user), user=user, carts=list(carts_for_user(user)))

    @classmethod
    def mutate(cls, root, info, **data):
        payload = super().mutate(root, info, **data)
        if payload.carts is None:
            payload.carts = []  # a refusal still answers the non-null list
        return payload
