import graphene

from accounts.throttle import sign_in_blocked, sign_in_failed, sign_in_succeeded
from api.accounts.types import User
from api.core.errors import Error, ErrorCode
from api.core.mutations import BaseMutation
from api.core.tokens import token_for
from api.pos.types import Cart
from carts.selectors import carts_for_user
from carts.services import operator_authenticate
from core.errors import PermissionDenied

# A PIN has only 10,000 to 1,000,000 values: after too many wrong ones a username is refused for a
# while without checking (accounts.throttle).
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
        if sign_in_blocked(kind="operator-pin", account=username):
            return cls(errors=[Error(field="pin", code=ErrorCode.INVALID_CREDENTIALS, message=LOCKED_OUT)])
        try:
            operator = operator_authenticate(username=username, pin=pin)
        except PermissionDenied:
            sign_in_failed(kind="operator-pin", account=username)
            raise
        sign_in_succeeded(kind="operator-pin", account=username)
        user = operator.user
        return cls(token=token_for(user), user=user, carts=list(carts_for_user(user)))

    @classmethod
    def mutate(cls, root, info, **data):
        payload = super().mutate(root, info, **data)
        if payload.carts is None:
            payload.carts = []  # a refusal still answers the non-null list
        return payload
